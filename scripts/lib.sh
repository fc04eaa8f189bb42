# Shared by dev.sh, run.sh, test_apis.sh and test.sh: settings with the seed's defaults, and
# starting / waiting for / stopping the services. Source it; do not run it.

IETA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.local/bin:$PATH"

export API_HOST="${API_HOST:-127.0.0.1}"
export SIS_API_PORT="${SIS_API_PORT:-8001}"
export LMS_API_PORT="${LMS_API_PORT:-8002}"
export STATE_API_PORT="${STATE_API_PORT:-8003}"
export DAGSTER_PORT="${DAGSTER_PORT:-8888}"
export SIS_API_URL="${SIS_API_URL:-http://127.0.0.1:$SIS_API_PORT}"
export LMS_API_URL="${LMS_API_URL:-http://127.0.0.1:$LMS_API_PORT}"
export STATE_API_URL="${STATE_API_URL:-http://127.0.0.1:$STATE_API_PORT}"
export IETA_DATA_DIR="${IETA_DATA_DIR:-$IETA_ROOT/api/data}"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$IETA_ROOT/dbt-demo/dev.duckdb}"
# DBT_TARGET=spark: the raw Parquet folders, Spark's metastore and warehouse (docs/deploy.md).
export IETA_SPARK_DIR="${IETA_SPARK_DIR:-$IETA_ROOT/.spark}"
export DAGSTER_HOME="${DAGSTER_HOME:-$IETA_ROOT/.dagster_home}"
IETA_LOG_DIR="${IETA_LOG_DIR:-$DAGSTER_HOME/logs}"

IETA_STARTED_PIDS=()

log() { printf '[%s] %s\n' "${IETA_SCRIPT:-ieta}" "$*"; }
die() { printf '[%s] ERROR: %s\n' "${IETA_SCRIPT:-ieta}" "$*" >&2; exit 1; }

# Dagster instance settings (concurrency pool for DuckDB writers, run monitoring).
prepare_dagster_home() {
  mkdir -p "$DAGSTER_HOME" "$IETA_LOG_DIR"
  # IETA_DAGSTER_YAML: another instance file, e.g. dagster-demo/deploy/dagster-postgres.yaml.
  cp "${IETA_DAGSTER_YAML:-$IETA_ROOT/dagster-demo/dagster.yaml}" "$DAGSTER_HOME/dagster.yaml"
}

# http_ok URL: true when URL answers 2xx (with API_TOKEN as bearer token when it is set).
http_ok() {
  curl -fsS -o /dev/null --max-time 2 ${API_TOKEN:+-H "Authorization: Bearer $API_TOKEN"} "$1" \
    2>/dev/null
}

# wait_http NAME URL SECONDS [PID]: wait until URL answers; fail early if PID died.
wait_http() {
  local name="$1" url="$2" timeout="$3" pid="${4:-}" deadline=$((SECONDS + $3))
  until http_ok "$url"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      die "$name exited during start-up; see its log in $IETA_LOG_DIR"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "$name did not answer at $url within ${timeout}s; see its log in $IETA_LOG_DIR"
    fi
    sleep 0.1
  done
}

# start_service NAME WORKDIR COMMAND...: start COMMAND in its own process group (so it and its
# children stop together), logging to $IETA_LOG_DIR/NAME.log. Sets IETA_LAST_PID.
# The script's EXIT trap (stop_started) stops it; a watchdog stops it too when the script ends
# without running its trap (SIGKILL, the OOM killer). The watchdog has a session of its own, so a
# signal to the script's process group (Ctrl+C, a killed terminal) does not end it first.
start_service() {
  local name="$1" workdir="$2"; shift 2
  mkdir -p "$IETA_LOG_DIR"
  (cd "$workdir" && exec setsid "$@") >"$IETA_LOG_DIR/$name.log" 2>&1 &
  IETA_LAST_PID=$!
  IETA_STARTED_PIDS+=("$IETA_LAST_PID")
  setsid bash -c 'IETA_SCRIPT=watchdog && source "$0" && stop_group_after "$@"' \
    "$IETA_ROOT/scripts/lib.sh" "$$" "$IETA_LAST_PID" "$name" \
    </dev/null >>"$IETA_LOG_DIR/watchdog.log" 2>&1 &
}

# stop_group_after PID GROUP NAME (start_service's watchdog): once process PID has ended, stop
# process group GROUP; return as soon as the group is gone. Checks twice a second (builtins and a
# sleep: nothing a timed run notices).
stop_group_after() {
  local pid="$1" group="$2" name="$3"
  # The service's process exists from the fork, its group only once it has called setsid:
  # watching the group alone let a watchdog that started first end at once (seen under load).
  while kill -0 "$group" 2>/dev/null || kill -0 -- "-$group" 2>/dev/null; do
    if ! running "$pid"; then
      log "$(date '+%F %T') the script that started $name (PID $pid) ended without stopping it;" \
        "stopping it (process group $group)"
      kill -TERM -- "-$group" 2>/dev/null || kill -TERM "$group" 2>/dev/null || true
      wait_group_gone "$group"
      return
    fi
    sleep 0.5
  done
}

# running PID: true while process PID runs. A killed process whose parent has not collected it
# yet is a zombie, which kill -0 still finds: /proc/PID/stat gives its state, Z.
running() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}

# wait_group_gone GROUP: up to 10 s for process group GROUP to exit after SIGTERM (a tenth of a
# second is usual, so look often), then SIGKILL whatever is left.
wait_group_gone() {
  local deadline=$((SECONDS + 10))
  while kill -0 -- "-$1" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL -- "-$1" 2>/dev/null || true
      return
    fi
    sleep 0.05
  done
}

# launch_apis: start the three APIs side by side, reusing any that already answers on its port
# when it serves the same files as IETA_DATA_DIR (api/data_fingerprint.py compares its GET /
# with the folder; any other API on the port stops the script with what to do);
# wait_apis waits for the ones launched (each takes a second or two to start).
# start_apis does both.
IETA_LAUNCHED_APIS=()
launch_apis() {
  # IETA_SOURCE=files reads a drop folder (README, "Use your own district's data").
  if [ "$(printf '%s' "${IETA_SOURCE:-apis}" | tr '[:upper:]' '[:lower:]')" = files ]; then
    log "IETA_SOURCE=files: reading ${IETA_DROP_DIR:-(IETA_DROP_DIR is not set)}; the source APIs are not started"
    return 0
  fi
  local name module system port spec serving
  for spec in "sis:SIS:SIS_API_PORT" "lms:LMS:LMS_API_PORT" "state:State:STATE_API_PORT"; do
    IFS=: read -r module system port <<<"$spec"
    port="${!port}"
    name="${module}-api"
    if http_ok "http://127.0.0.1:$port/"; then
      serving=$("$IETA_ROOT/api/.venv/bin/python" "$IETA_ROOT/api/data_fingerprint.py" \
        --url "http://127.0.0.1:$port" --system "$system" --data-dir "$IETA_DATA_DIR" 2>&1) \
        || die "$serving"
      log "$name already answers on port $port and $serving; reusing it"
      continue
    fi
    start_service "$name" "$IETA_ROOT/api" \
      "$IETA_ROOT/api/.venv/bin/uvicorn" "$module:app" --host "$API_HOST" --port "$port" \
      --log-level warning
    IETA_LAUNCHED_APIS+=("$name:$port:$IETA_LAST_PID")
  done
}

wait_apis() {
  local name port pid spec
  for spec in "${IETA_LAUNCHED_APIS[@]}"; do
    IFS=: read -r name port pid <<<"$spec"
    wait_http "$name" "http://127.0.0.1:$port/" 60 "$pid"
    log "$name listening on http://$API_HOST:$port (docs: /docs)"
  done
  IETA_LAUNCHED_APIS=()
}

start_apis() {
  launch_apis
  wait_apis
}

# stop_started: stop every process group this script started, then make sure they are gone.
stop_started() {
  local pid
  for pid in "${IETA_STARTED_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${IETA_STARTED_PIDS[@]}"; do
    wait_group_gone "$pid"
  done
  IETA_STARTED_PIDS=()
}

# Activate dagster-demo/.venv: dg finds its project venv and dagster-dbt finds `dbt` on PATH.
activate_dagster_venv() {
  export VIRTUAL_ENV="$IETA_ROOT/dagster-demo/.venv"
  export PATH="$VIRTUAL_ENV/bin:$PATH"
}
