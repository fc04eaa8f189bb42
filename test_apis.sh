#!/bin/sh
# Smoke-test the running APIs: every endpoint answers as the source contract says.
# See docs/tasks.md.
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" test_apis "$@"
