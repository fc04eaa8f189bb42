#!/bin/sh
# Lint and every test suite; --quick: lint and the unit tests; other arguments go to pytest.
# See docs/tasks.md (python scripts/ieta test --help).
exec "${PYTHON:-python3}" "$(dirname "$0")/scripts/ieta" test "$@"
