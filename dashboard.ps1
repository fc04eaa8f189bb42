# Start the teacher dashboard (Streamlit) on Windows (the twin of dashboard.sh), on
# http://127.0.0.1:$env:DASHBOARD_PORT (8501). It shows the marts the pipeline last published
# (IETA_PUBLISH_DIR, default published\): run run.ps1, or Materialize all in the Dagster UI,
# first. dev.ps1 starts it too. Ctrl+C stops it.
#   powershell -ExecutionPolicy Bypass -File dashboard.ps1
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$IetaScript = 'dashboard'
. (Join-Path $PSScriptRoot 'scripts\lib.ps1')

try {
    Set-Location $IetaRoot
    Set-IetaDefault DASHBOARD_PORT '8501'
    & (Join-Path $IetaRoot 'install.ps1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Write-IetaLog ("teacher dashboard on http://localhost:$($env:DASHBOARD_PORT) " +
        '(login: see README, Teacher dashboard)')
    # Streamlit reads .streamlit\config.toml and secrets.toml from the dashboard folder.
    Set-Location (Join-Path $IetaRoot 'dashboard')
    & (Join-Path $IetaRoot 'dashboard\.venv\Scripts\streamlit.exe') run app.py `
        --server.port $env:DASHBOARD_PORT --server.address 127.0.0.1
    exit $LASTEXITCODE
} finally {
    Restore-IetaSession
}
