# Smoke-test the running APIs: every endpoint answers as the source contract says.
# See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File test_apis.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') test_apis @args
exit $LASTEXITCODE
