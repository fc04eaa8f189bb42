# Start the source APIs, the Dagster UI and the teacher dashboard; Ctrl+C stops them all.
# See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File dev.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') dev @args
exit $LASTEXITCODE
