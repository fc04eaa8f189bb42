# The main job without a browser: start the APIs, materialize every asset, print a summary.
# See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File run.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') run @args
exit $LASTEXITCODE
