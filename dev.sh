#!/usr/bin/env bash
# Start the three source APIs and the Dagster UI (dg dev) for development.
# Ctrl+C stops everything this script started.
set -euo pipefail
IETA_SCRIPT=dev
source "$(dirname "$0")/scripts/lib.sh"
cd "$IETA_ROOT"

./install.sh
activate_dagster_venv
prepare_dagster_home
trap 'echo; log "stopping..."; stop_started; log "stopped"' EXIT
trap 'exit 130' INT TERM

start_apis

log "starting Dagster (dg dev) on http://127.0.0.1:$DAGSTER_PORT; about 15 s once installed"
start_service dagster "$IETA_ROOT/dagster-demo" \
  dg dev --host 127.0.0.1 --port "$DAGSTER_PORT"
wait_http dagster "http://127.0.0.1:$DAGSTER_PORT/server_info" 300 "$IETA_LAST_PID"

cat <<INFO

  Dagster UI   http://localhost:$DAGSTER_PORT   (Assets > Materialize all)
  SIS API      $SIS_API_URL/docs
  LMS API      $LMS_API_URL/docs
  State API    $STATE_API_URL/docs
  Warehouse    $DBT_DUCKDB_PATH   (browse: ./browse.sh)
  Logs         $IETA_LOG_DIR

Press Ctrl+C to stop.
INFO
wait "$IETA_LAST_PID"
