# Remove generated files (keeps source code and the committed data); -y skips the prompt.
# See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File cleanup.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') cleanup @args
exit $LASTEXITCODE
