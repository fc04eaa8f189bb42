# Start the three source APIs, the Dagster UI (dg dev) and the teacher dashboard for development,
# on Windows (the twin of dev.sh). Ctrl+C stops everything this script started.
#   powershell -ExecutionPolicy Bypass -File dev.ps1
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$IetaScript = 'dev'
. (Join-Path $PSScriptRoot 'scripts\lib.ps1')

$stopOnExit = $false
try {
    Set-Location $IetaRoot
    Set-IetaDefault DASHBOARD_PORT '8501'
    & (Join-Path $IetaRoot 'install.ps1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Enable-IetaDagsterVenv
    Initialize-IetaDagsterHome
    # From here on, leaving this block in any way (end, error, Ctrl+C) stops what was started.
    # Ctrl+C also reaches every process of this console, so the services begin to shut down
    # by themselves; the finally block stops whatever is left.
    $stopOnExit = $true

    Start-IetaApis

    Write-IetaLog ("starting Dagster (dg dev) on http://127.0.0.1:$($env:DAGSTER_PORT); " +
        'about 15 s once installed')
    $dagster = Start-IetaService dagster (Join-Path $IetaRoot 'dagster-demo') `
        (Join-Path $env:VIRTUAL_ENV 'Scripts\dg.exe') `
        @('dev', '--host', '127.0.0.1', '--port', $env:DAGSTER_PORT)
    # The dashboard shows the last published run; it needs no warehouse lock, so it starts at once.
    $dashboard = Start-IetaService dashboard (Join-Path $IetaRoot 'dashboard') `
        (Join-Path $IetaRoot 'dashboard\.venv\Scripts\streamlit.exe') `
        @('run', 'app.py', '--server.port', $env:DASHBOARD_PORT, '--server.address', '127.0.0.1')
    Wait-IetaHttp dashboard "http://127.0.0.1:$($env:DASHBOARD_PORT)/_stcore/health" 120 $dashboard
    Wait-IetaHttp dagster "http://127.0.0.1:$($env:DAGSTER_PORT)/server_info" 300 $dagster

    [Console]::Out.WriteLine(@"

  Dagster UI   http://localhost:$($env:DAGSTER_PORT)   (Assets > Materialize all)
  Dashboard    http://localhost:$($env:DASHBOARD_PORT)   (teachers' view of the last published run)
  SIS API      $($env:SIS_API_URL)/docs
  LMS API      $($env:LMS_API_URL)/docs
  State API    $($env:STATE_API_URL)/docs
  Warehouse    $($env:DBT_DUCKDB_PATH)
  Logs         $IetaLogDir

Press Ctrl+C to stop.
"@)
    exit (Wait-IetaProcess $dagster)
} finally {
    if ($stopOnExit) {
        [Console]::Out.WriteLine()
        Write-IetaLog 'stopping...'
        Stop-IetaStarted
        Write-IetaLog 'stopped'
    }
    Restore-IetaSession
}
