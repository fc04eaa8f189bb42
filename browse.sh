#!/bin/sh
# Browse a snapshot of the warehouse: the DuckDB UI, --cli for its shell, -c SQL for one query.
# See docs/tasks.md.
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" browse "$@"
