# Set up the pipeline on Windows: the three venvs with the pinned packages, and the dbt project
# for Dagster. Idempotent. --spark adds Apache Spark. See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File install.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') install @args
exit $LASTEXITCODE
