# Start the teacher dashboard (Streamlit) on DASHBOARD_PORT (8501); Ctrl+C stops it.
# See docs/tasks.md.
#   powershell -ExecutionPolicy Bypass -File dashboard.ps1 [options]
& (Join-Path $PSScriptRoot 'scripts\ieta.ps1') dashboard @args
exit $LASTEXITCODE
