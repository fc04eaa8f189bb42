#!/usr/bin/env bash
# Start the three source APIs, the Dagster UI (dg dev) and the teacher dashboard for development.
# Ctrl+C stops everything this script started.
set -euo pipefail
IETA_SCRIPT=dev
source "$(dirname "$0")/scripts/lib.sh"
cd "$IETA_ROOT"
export DASHBOARD_PORT="${DASHBOARD_PORT:-8501}"

./install.sh
activate_dagster_venv
prepare_dagster_home
trap 'echo; log "stopping..."; stop_started; log "stopped"' EXIT
trap 'exit 130' INT TERM

start_apis

log "starting Dagster (dg dev) on http://127.0.0.1:$DAGSTER_PORT; about 15 s once installed"
start_service dagster "$IETA_ROOT/dagster-demo" \
  dg dev --host 127.0.0.1 --port "$DAGSTER_PORT"
dagster_pid="$IETA_LAST_PID"
# The dashboard shows the last published run; it needs no warehouse lock, so it starts at once.
start_service dashboard "$IETA_ROOT" ./dashboard.sh
wait_http dashboard "http://127.0.0.1:$DASHBOARD_PORT/_stcore/health" 120 "$IETA_LAST_PID"
wait_http dagster "http://127.0.0.1:$DAGSTER_PORT/server_info" 300 "$dagster_pid"

cat <<INFO

  Dagster UI   http://localhost:$DAGSTER_PORT   (Assets > Materialize all)
  Dashboard    http://localhost:$DASHBOARD_PORT   (teachers' view of the last published run)
  SIS API      $SIS_API_URL/docs
  LMS API      $LMS_API_URL/docs
  State API    $STATE_API_URL/docs
  Warehouse    $DBT_DUCKDB_PATH   (browse: ./browse.sh)
  Logs         $IETA_LOG_DIR

Press Ctrl+C to stop.
INFO
wait "$dagster_pid"
