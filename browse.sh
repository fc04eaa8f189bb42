#!/usr/bin/env bash
# Browse the warehouse without ever blocking the pipeline: copy a consistent snapshot of
# dev.duckdb and open the snapshot (not the live file) with the DuckDB CLI.
#
#   ./browse.sh            DuckDB UI in the browser (needs internet for the UI's front end)
#   ./browse.sh --cli      the DuckDB shell in this terminal
#   ./browse.sh -c "SQL"   run one query and exit
#
# The snapshot lives in .dagster_home/snapshot/dev.duckdb (same file name, so the views that
# dbt created, which name their database "dev", keep working). Run again for a fresh one.
set -euo pipefail
IETA_SCRIPT=browse
source "$(dirname "$0")/scripts/lib.sh"

DUCKDB="$IETA_ROOT/dagster-demo/.venv/bin/duckdb"
[ -x "$DUCKDB" ] || die "the DuckDB CLI is not installed yet: run ./install.sh"
[ -f "$DBT_DUCKDB_PATH" ] || die "$DBT_DUCKDB_PATH does not exist yet: run ./run.sh (or Materialize all in ./dev.sh) first"

snapshot_dir="$DAGSTER_HOME/snapshot"
snapshot="$snapshot_dir/$(basename "$DBT_DUCKDB_PATH")"
mkdir -p "$snapshot_dir"
rm -f "$snapshot" "$snapshot.wal"

# Reading needs a moment without a writer: retry while a pipeline step holds the file.
for attempt in $(seq 1 30); do
  if err=$("$DUCKDB" -c "ATTACH '$DBT_DUCKDB_PATH' AS live (READ_ONLY); ATTACH '$snapshot' AS snap; COPY FROM DATABASE live TO snap;" 2>&1); then
    break
  fi
  if [[ "$err" != *lock* ]] || [ "$attempt" -eq 30 ]; then
    die "could not snapshot $DBT_DUCKDB_PATH: $err"
  fi
  [ "$attempt" -eq 1 ] && log "the pipeline is writing $DBT_DUCKDB_PATH; waiting for a moment between steps..."
  sleep 2
done
log "snapshot of $DBT_DUCKDB_PATH taken at $(date +%H:%M:%S): $snapshot"

case "${1:-}" in
  --cli) exec "$DUCKDB" -readonly "$snapshot" ;;
  -c) shift; exec "$DUCKDB" -readonly "$snapshot" -c "$*" ;;
  *) log "opening the DuckDB UI (Ctrl+C to stop)"; exec "$DUCKDB" -readonly -ui "$snapshot" ;;
esac
