#!/bin/sh
# Start the source APIs, the Dagster UI and the teacher dashboard; Ctrl+C stops them all.
# See docs/tasks.md (python scripts/ieta dev --help).
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" dev "$@"
