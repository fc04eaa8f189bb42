#!/usr/bin/env bash
# Install what is needed, then run every test: lint, the APIs and the data generator, the
# Dagster + dbt pipeline (dbt build with its data and unit tests, end to end against live APIs),
# and the teacher dashboard.
# Usage: ./test.sh [extra pytest args, passed to every suite]
set -euo pipefail
IETA_SCRIPT=test
source "$(dirname "$0")/scripts/lib.sh"
cd "$IETA_ROOT"

./install.sh
status=0

# Headless Chromium takes the screenshots of the Dagster UI and the dashboard, reads the
# dashboard's pages in its live test, and signs in through a local identity provider in its login
# test, driven by Selenium through chromedriver (Debian's packages chromium and chromium-driver).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Chromium and its driver for the browser tests (apt-get)"
    { apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
      >/dev/null 2>&1 || log "could not install Chromium; the browser tests will be skipped"
  else
    log "Chromium or chromedriver not found and not root: the browser tests will be skipped"
  fi
fi

log "lint (ruff)"
api/.venv/bin/ruff check api || status=1
api/.venv/bin/ruff format --check --quiet api || status=1
dagster-demo/.venv/bin/ruff check dagster-demo || status=1
dagster-demo/.venv/bin/ruff format --check --quiet dagster-demo || status=1
dagster-demo/.venv/bin/ruff check bench || status=1
dagster-demo/.venv/bin/ruff format --check --quiet bench || status=1
dashboard/.venv/bin/ruff check dashboard || status=1
dashboard/.venv/bin/ruff format --check --quiet dashboard || status=1

log "API and data generator tests"
(cd api && .venv/bin/python -m pytest "$@") || status=1

log "pipeline tests (Dagster, dbt, end to end)"
(activate_dagster_venv && cd dagster-demo && python -m pytest -m "not spark" "$@") || status=1

log "teacher dashboard tests (publishes a run, drives every page, live server)"
(cd dashboard && .venv/bin/python -m pytest "$@") || status=1

# Its own stage: Apache Spark (about 860 MB) is installed for it, and the comparison of every
# table on Spark and on DuckDB takes about five minutes. IETA_TEST_SPARK=0 skips it.
if [ "${IETA_TEST_SPARK:-1}" != 0 ]; then
  log "Spark portability (installs Spark into the Dagster venv: ./install.sh --spark)"
  ./install.sh --spark || status=1
  (activate_dagster_venv && cd dagster-demo && python -m pytest -m spark "$@") || status=1
fi

if [ "$status" -ne 0 ]; then
  log "FAILED"
  exit 1
fi
log "all tests passed"
