#!/usr/bin/env bash
# Start the teacher dashboard (Streamlit) on http://127.0.0.1:$DASHBOARD_PORT (8501). It shows
# the marts the pipeline last published (IETA_PUBLISH_DIR, default published/): run ./run.sh,
# or Materialize all in the Dagster UI, first. ./dev.sh starts it too. Ctrl+C stops it.
set -euo pipefail
IETA_SCRIPT=dashboard
source "$(dirname "$0")/scripts/lib.sh"
cd "$IETA_ROOT"
export DASHBOARD_PORT="${DASHBOARD_PORT:-8501}"

./install.sh
log "teacher dashboard on http://localhost:$DASHBOARD_PORT (login: see README, Teacher dashboard)"
cd dashboard  # Streamlit reads .streamlit/config.toml and secrets.toml from here
exec .venv/bin/streamlit run app.py --server.port "$DASHBOARD_PORT" --server.address 127.0.0.1
