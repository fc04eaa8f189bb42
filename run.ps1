# The main job without a browser, on Windows (the twin of run.sh): install if needed, start the
# APIs (reusing running ones), materialize every asset (dg launch: extract -> dbt build), print
# a summary of the run and the marts, and stop what this script started. Exits non-zero on any failure.
#   powershell -ExecutionPolicy Bypass -File run.ps1
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$IetaScript = 'run'
. (Join-Path $PSScriptRoot 'scripts\lib.ps1')

$PhaseClock = [Diagnostics.Stopwatch]::StartNew()
function Write-Phase([string]$Name) {  # print how long the previous phase took
    Write-IetaLog "$Name done in $([Math]::Floor($PhaseClock.Elapsed.TotalSeconds))s"
    $PhaseClock.Restart()
}
$TotalClock = [Diagnostics.Stopwatch]::StartNew()

try {
    Set-Location $IetaRoot
    & (Join-Path $IetaRoot 'install.ps1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Write-Phase 'install'
    Initialize-IetaDagsterHome
    Start-IetaApis
    Write-Phase 'API start'

    Enable-IetaDagsterVenv
    $project = Join-Path $IetaRoot 'dagster-demo'
    Set-Location $project
    # The command a user types (dg's documented launcher): an in-process run of every asset,
    # recorded in DAGSTER_HOME. First, a run killed earlier gives back the DuckDB writer slot it
    # held (src\dagster_demo\abandoned_runs.py).
    Invoke-IetaChecked (Join-Path $env:VIRTUAL_ENV 'Scripts\python.exe') -m dagster_demo.abandoned_runs
    $runLog = Join-Path $IetaLogDir 'run.log'
    $runErrLog = Join-Path $IetaLogDir 'run.err.log'
    Write-IetaLog "materializing every asset (log: $runLog, $runErrLog)"
    $launch = Start-IetaService run $project (Join-Path $env:VIRTUAL_ENV 'Scripts\dg.exe') @(
        'launch', '--assets', '*')
    if ((Wait-IetaProcess $launch) -ne 0) {
        Get-Content -Encoding UTF8 -LiteralPath $runLog, $runErrLog |
            Where-Object { $_ -cmatch 'STEP_FAILURE|Failure|Error:|ERROR' } |
            ForEach-Object { if ($_.Length -gt 400) { $_.Substring(0, 400) } else { $_ } } |
            Select-Object -Last 15 |
            ForEach-Object { [Console]::Error.WriteLine($_) }
        Exit-IetaError "the run failed; full log: $runLog and $runErrLog"
    }
    Write-Phase 'materialize'

    Invoke-IetaChecked (Join-Path $env:VIRTUAL_ENV 'Scripts\python.exe') -m dagster_demo.report
    Write-IetaLog ("finished in $([Math]::Floor($TotalClock.Elapsed.TotalSeconds))s; " +
        "warehouse: $($env:DBT_DUCKDB_PATH)")
} finally {
    Stop-IetaStarted
    Restore-IetaSession
}
