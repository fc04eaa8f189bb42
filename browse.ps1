# Browse a snapshot of the warehouse: the DuckDB UI, --cli for its shell, -c SQL for one query.
# See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File browse.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') browse @args
exit $LASTEXITCODE
