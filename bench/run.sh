#!/usr/bin/env bash
# Benchmark the pipeline: ./bench/run.sh [--students N ...] [--seed S] [--keep]
# Default sizes: 500, 20,000 and 100,000 students. Tables land in bench/results/.
# ./bench/run.sh --choices [--students N] [--data DIR] [--keep] measures the design choices
# instead (bench/choices.py; default 100,000 students).
set -euo pipefail
cd "$(dirname "$0")/.."
./install.sh
export PATH="$PWD/dagster-demo/.venv/bin:$PATH" VIRTUAL_ENV="$PWD/dagster-demo/.venv"
script=bench/bench.py
args=()
for arg in "$@"; do
  if [ "$arg" = --choices ]; then script=bench/choices.py; else args+=("$arg"); fi
done
exec python "$script" "${args[@]}"
