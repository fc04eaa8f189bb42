#!/usr/bin/env bash
# The main job without a browser: install if needed, start the APIs (reusing running ones),
# materialize every asset (extract -> dbt build), print a summary of the marts, and stop what
# this script started. Exits non-zero on any failure.
set -euo pipefail
IETA_SCRIPT=run
source "$(dirname "$0")/scripts/lib.sh"
cd "$IETA_ROOT"

phase_start=$SECONDS
phase() {  # phase NAME: print how long the previous phase took
  log "$1 done in $((SECONDS - phase_start))s"; phase_start=$SECONDS
}
total_start=$SECONDS

./install.sh
phase install
prepare_dagster_home
trap stop_started EXIT
start_apis
phase "API start"

cd dagster-demo
DG=.venv/bin/dg
# Outside `dg dev`, the dbt component needs its state prepared (dbt parse + project snapshot).
log "preparing the dbt project (dbt parse)"
"$DG" utils refresh-defs-state >"$IETA_LOG_DIR/refresh-defs-state.log" 2>&1 \
  || { tail -30 "$IETA_LOG_DIR/refresh-defs-state.log" >&2; die "dbt parse failed; full log: $IETA_LOG_DIR/refresh-defs-state.log"; }
phase "dbt parse"

log "materializing every asset (log: $IETA_LOG_DIR/run.log)"
if ! "$DG" launch --assets '*' >"$IETA_LOG_DIR/run.log" 2>&1; then
  grep -E "ERROR|Failure|failed|Error" "$IETA_LOG_DIR/run.log" | tail -20 >&2 || true
  die "the run failed; full log: $IETA_LOG_DIR/run.log"
fi
phase "materialize"

.venv/bin/python -m dagster_demo.report
log "finished in $((SECONDS - total_start))s; warehouse: $DBT_DUCKDB_PATH"
