#!/bin/sh
# Remove generated files (keeps source code and the committed data); -y skips the prompt.
# See docs/tasks.md.
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" cleanup "$@"
