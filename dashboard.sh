#!/bin/sh
# Start the teacher dashboard (Streamlit) on DASHBOARD_PORT (8501); Ctrl+C stops it.
# See docs/tasks.md.
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" dashboard "$@"
