#!/bin/sh
# Set up the pipeline: the three venvs with the pinned packages, and the dbt project for Dagster.
# Idempotent: does nothing when nothing changed. --spark adds Apache Spark. See docs/tasks.md.
command -v "${PYTHON:-python3}" >/dev/null || { echo "[install] ERROR: ${PYTHON:-python3} is not on PATH. Install Python 3.11 or newer and re-run (or set PYTHON=/path/to/python3.11)." >&2; exit 1; }
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" install "$@"
