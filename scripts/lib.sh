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
export DAGSTER_HOME="${DAGSTER_HOME:-$IETA_ROOT/.dagster_home}"
IETA_LOG_DIR="${IETA_LOG_DIR:-$DAGSTER_HOME/logs}"

IETA_STARTED_PIDS=()

log() { printf '[%s] %s\n' "${IETA_SCRIPT:-ieta}" "$*"; }
die() { printf '[%s] ERROR: %s\n' "${IETA_SCRIPT:-ieta}" "$*" >&2; exit 1; }

# Dagster instance settings (concurrency pool for DuckDB writers, run monitoring).
prepare_dagster_home() {
  mkdir -p "$DAGSTER_HOME" "$IETA_LOG_DIR"
  cp "$IETA_ROOT/dagster-demo/dagster.yaml" "$DAGSTER_HOME/dagster.yaml"
}

# http_ok URL: true when URL answers 2xx.
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

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
start_service() {
  local name="$1" workdir="$2"; shift 2
  mkdir -p "$IETA_LOG_DIR"
  (cd "$workdir" && exec setsid "$@") >"$IETA_LOG_DIR/$name.log" 2>&1 &
  IETA_LAST_PID=$!
  IETA_STARTED_PIDS+=("$IETA_LAST_PID")
}

# launch_apis: start the three APIs side by side, reusing any that already answers on its port;
# wait_apis waits for the ones launched (each takes a second or two to start).
# start_apis does both.
IETA_LAUNCHED_APIS=()
launch_apis() {
  local name module port spec
  for spec in "sis:SIS_API_PORT" "lms:LMS_API_PORT" "state:STATE_API_PORT"; do
    module="${spec%%:*}"; port="${spec#*:}"; port="${!port}"
    name="${module}-api"
    if http_ok "http://127.0.0.1:$port/"; then
      log "$name already answers on port $port; reusing it"
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
  # Up to 10 s each for a graceful exit; they usually need a tenth of a second, so look often.
  for pid in "${IETA_STARTED_PIDS[@]}"; do
    for _ in $(seq 1 200); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  IETA_STARTED_PIDS=()
}

# Activate dagster-demo/.venv: dg finds its project venv and dagster-dbt finds `dbt` on PATH.
activate_dagster_venv() {
  export VIRTUAL_ENV="$IETA_ROOT/dagster-demo/.venv"
  export PATH="$VIRTUAL_ENV/bin:$PATH"
}
