#!/bin/sh
# The main job without a browser: start the APIs, materialize every asset, print a summary.
# See docs/tasks.md (python scripts/ieta run --help).
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" run "$@"
