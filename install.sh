#!/usr/bin/env bash
# Set up the IETA pipeline: check prerequisites, then create api/.venv, dagster-demo/.venv and
# dashboard/.venv with the exact versions pinned in each project's requirements.txt.
# Idempotent: a venv is only touched when its requirements.txt changed since the last install.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '[install] %s\n' "$*"; }
die() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }

# --- prerequisites -----------------------------------------------------------------------
command -v git >/dev/null || die "git is not installed. Install it from https://git-scm.com and re-run ./install.sh."

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "python3 is not on PATH. Install Python 3.11 or newer and re-run."
# The interpreter itself, not a version manager's shim (pyenv's adds 0.1 s to every call), in
# the one call that also checks the version: ./run.sh runs this script every time.
PYTHON_BIN="$("$PYTHON" -c 'import sys; print(sys.executable if sys.version_info >= (3, 11) else "")')"
[ -n "$PYTHON_BIN" ] \
  || die "$("$PYTHON" --version 2>&1) is too old: this project needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)."

export PATH="$HOME/.local/bin:$HOME/.cargo/bin:$PATH"
if ! command -v uv >/dev/null; then
  say "uv not found; installing it with: $PYTHON -m pip install --user uv"
  "$PYTHON" -m pip install --user --quiet uv || die "could not install uv. Install it by hand (see README) and re-run."
  command -v uv >/dev/null || die "uv was installed but is not on PATH; add \$HOME/.local/bin to PATH."
fi

# --- one venv per project ----------------------------------------------------------------
# Byte-compiling at install time spares every later process start from compiling
# dagster/dbt imports from source (several seconds each).
install_venv() {
  local project="$1" editable="$2" req="${3:-$1/requirements.txt}"
  local venv="$project/.venv"
  local stamp="$venv/.ieta-installed"
  local want
  want="$( (cat "$req"; [ "$editable" = yes ] && cat "$project/pyproject.toml"; "$PYTHON_BIN" --version) | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  say "$project: installing pinned packages into $venv (first time takes a few minutes)"
  [ -x "$venv/bin/python" ] || uv venv --quiet --python "$PYTHON_BIN" "$venv"
  uv pip sync --quiet --python "$venv/bin/python" --compile-bytecode "$req"
  if [ "$editable" = yes ]; then
    uv pip install --quiet --python "$venv/bin/python" --no-deps -e "$project"
  fi
  echo "$want" > "$stamp"
  say "$project: ready"
}

# Apache Spark for DBT_TARGET=spark (dbt-spark and pyspark, about 860 MB): added to the Dagster
# venv by `./install.sh --spark`, or when DBT_TARGET=spark; kept from then on (a marker in the
# venv), so switching engines does not reinstall it.
dagster_requirements=dagster-demo/requirements.txt
if [ "${1:-}" = "--spark" ] || [ "${DBT_TARGET:-duckdb}" = spark ] \
  || [ -f dagster-demo/.venv/.ieta-spark ]; then
  command -v java >/dev/null \
    || die "DBT_TARGET=spark needs Java 17 (pyspark runs Spark in the JVM): install a JDK 17 and re-run."
  dagster_requirements=dagster-demo/requirements-spark.txt
fi

install_venv api no
install_venv dagster-demo yes "$dagster_requirements"
[ "$dagster_requirements" = dagster-demo/requirements.txt ] || touch dagster-demo/.venv/.ieta-spark
install_venv dashboard no

# --- the dbt component's state -------------------------------------------------------------
# `dg launch` and `dg dev` build the dbt assets from the state that `dg utils refresh-defs-state`
# prepares (dbt parse's manifest and a copy of dbt-demo/ under the defs folder); defs.yaml sets
# prepare_if_dev: false so that they do not prepare it again on every command. Prepare it here
# when a file dbt reads changed, or when it is missing.
dbt_state_stamp=dagster-demo/.venv/.ieta-dbt-state
dbt_state_dir=dagster-demo/src/dagster_demo/defs/.local_defs_state
# The manifest also depends on which sources are enabled (IETA_SOURCE) and on the engine
# (DBT_TARGET): a change of either prepares it again.
dbt_files_hash="$( (cd dbt-demo && find . \( -name target -o -name logs -o -name dbt_packages \
  -o -name '*.duckdb*' -o -name .user.yml \) -prune -o -type f -print | LC_ALL=C sort \
  | xargs sha256sum; echo "IETA_SOURCE=${IETA_SOURCE:-apis} DBT_TARGET=${DBT_TARGET:-duckdb}") \
  | sha256sum | cut -d' ' -f1)"
if [ ! -d "$dbt_state_dir" ] || [ ! -f "$dbt_state_stamp" ] \
  || [ "$(cat "$dbt_state_stamp")" != "$dbt_files_hash" ]; then
  say "dbt-demo changed: preparing the dbt project for Dagster (dg utils refresh-defs-state)"
  # The warehouse the scripts use: dbt keys its parse state to the profile, which names it.
  export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$(pwd -P)/dbt-demo/dev.duckdb}"
  venv_bin="$PWD/dagster-demo/.venv/bin"
  if ! output="$(cd dagster-demo && PATH="$venv_bin:$PATH" VIRTUAL_ENV="${venv_bin%/bin}" \
    dg utils refresh-defs-state 2>&1)"; then
    printf '%s\n' "$output" | tail -30 >&2
    die "dbt could not parse dbt-demo/ (above). Fix it, then re-run ./install.sh."
  fi
  echo "$dbt_files_hash" > "$dbt_state_stamp"
fi
