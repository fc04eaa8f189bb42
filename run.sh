#!/usr/bin/env bash
# The main job without a browser: install if needed, start the APIs (reusing running ones),
# materialize every asset with `dg launch` (extract -> dbt build), print the step times, the
# data-quality warnings and a summary of the marts, and stop what this script started. Exits
# non-zero on any failure (a data-quality warning is not one).
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
report="$IETA_LOG_DIR/run-summary.md"

# The run starts while the APIs start: it spends its first seconds loading the Dagster
# definitions, and the APIs are up before the first extract asks them for a page.
launch_apis
activate_dagster_venv
# The command a user types (dg's documented launcher): an in-process run of every asset,
# recorded in DAGSTER_HOME and visible in the UI afterwards. First, a run killed earlier gives
# back the DuckDB writer slot it held (src/dagster_demo/abandoned_runs.py).
log "materializing every asset (log: $IETA_LOG_DIR/run.log)"
start_service run "$IETA_ROOT/dagster-demo" \
  sh -c 'python -m dagster_demo.abandoned_runs && exec dg launch --assets "*"'
run_pid=$IETA_LAST_PID
wait_apis
phase "API start"
if ! wait "$run_pid"; then
  grep -E "STEP_FAILURE|Failure|Error:|ERROR" "$IETA_LOG_DIR/run.log" | cut -c1-400 | tail -15 >&2 || true
  die "the run failed; full log: $IETA_LOG_DIR/run.log"
fi
phase "materialize"

(cd dagster-demo && python -m dagster_demo.report) > "$report" \
  || die "the run succeeded but its summary could not be written (above)"
cat "$report"
if [ "${DBT_TARGET:-duckdb}" = spark ]; then
  warehouse="Spark tables in $IETA_SPARK_DIR/warehouse"
else
  warehouse="$DBT_DUCKDB_PATH"
fi
log "finished in $((SECONDS - total_start))s; warehouse: $warehouse"
