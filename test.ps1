# Lint and every test suite; --quick: lint and the unit tests; other arguments go to pytest.
# See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File test.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') test @args
exit $LASTEXITCODE
