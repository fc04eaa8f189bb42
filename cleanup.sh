#!/usr/bin/env bash
# Remove generated files (keeps source code and the committed data). -y skips the prompt.
set -euo pipefail
cd "$(dirname "$0")"

targets=(
  .dagster_home
  api/.venv
  dagster-demo/.venv
  dashboard/.venv
  published
  .spark
  dbt-demo/dev.duckdb
  dbt-demo/dev.duckdb.wal
  dbt-demo/target
  dbt-demo/logs
  dagster-demo/src/dagster_demo/defs/.local_defs_state
  test-artifacts
)
present=()
for t in "${targets[@]}"; do [ -e "$t" ] && present+=("$t"); done
if [ ${#present[@]} -eq 0 ]; then
  echo "Nothing to clean."; exit 0
fi

echo "This removes:"; printf '  %s\n' "${present[@]}"; echo "  (and Python caches)"
if [ "${1:-}" != "-y" ]; then
  read -r -p "Continue? [y/N] " answer
  [[ "$answer" =~ ^[Yy]$ ]] || { echo "Nothing removed."; exit 0; }
fi
rm -rf "${present[@]}"
find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} + 2>/dev/null || true
rm -rf .pytest_cache api/.pytest_cache dagster-demo/.pytest_cache dashboard/.pytest_cache \
  .ruff_cache api/.ruff_cache dagster-demo/.ruff_cache dashboard/.ruff_cache
echo "Removed. uv and Python in your home directory were not touched; ./install.sh sets up again."
