#!/usr/bin/env bash
# Install what is needed, then run every test: lint, the APIs and the data generator, the
# Dagster + dbt pipeline (dbt build with its data and unit tests, end to end against live APIs).
# Usage: ./test.sh [extra pytest args, passed to both suites]
set -euo pipefail
IETA_SCRIPT=test
source "$(dirname "$0")/scripts/lib.sh"
cd "$IETA_ROOT"

./install.sh
status=0

log "lint (ruff)"
api/.venv/bin/ruff check api || status=1
api/.venv/bin/ruff format --check --quiet api || status=1
dagster-demo/.venv/bin/ruff check dagster-demo || status=1
dagster-demo/.venv/bin/ruff format --check --quiet dagster-demo || status=1

log "API and data generator tests"
(cd api && .venv/bin/python -m pytest "$@") || status=1

log "pipeline tests (Dagster, dbt, end to end)"
(activate_dagster_venv && cd dagster-demo && python -m pytest "$@") || status=1

if [ "$status" -ne 0 ]; then
  log "FAILED"
  exit 1
fi
log "all tests passed"
