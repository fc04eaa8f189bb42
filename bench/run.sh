#!/usr/bin/env bash
# Benchmark the pipeline: ./bench/run.sh [--students N ...] [--ui-at N ...] [--seed S] [--keep]
# Default sizes: 500, 20,000 and 100,000 students; ./dev.sh and "Materialize all" are timed at
# the smallest; the teacher dashboard's page loads at the largest. Tables land in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
./install.sh
export PATH="$PWD/dagster-demo/.venv/bin:$PATH" VIRTUAL_ENV="$PWD/dagster-demo/.venv"
exec python bench/bench.py "$@"
