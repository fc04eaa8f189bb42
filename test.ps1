# Install what is needed, then run every test, on Windows (the twin of test.sh): lint, the APIs
# and the data generator, the Dagster + dbt pipeline (dbt build with its data and unit tests,
# end to end against live APIs), and the teacher dashboard.
#   powershell -ExecutionPolicy Bypass -File test.ps1 [extra pytest args, passed to every suite]
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$IetaScript = 'test'
. (Join-Path $PSScriptRoot 'scripts\lib.ps1')

$pytestArgs = $args
try {
    Set-Location $IetaRoot
    & (Join-Path $IetaRoot 'install.ps1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    $status = 0
    $apiRuff = Join-Path $IetaRoot 'api\.venv\Scripts\ruff.exe'
    $dagsterRuff = Join-Path $IetaRoot 'dagster-demo\.venv\Scripts\ruff.exe'
    $dashboardRuff = Join-Path $IetaRoot 'dashboard\.venv\Scripts\ruff.exe'

    Write-IetaLog 'lint (ruff)'
    & $apiRuff check api
    if ($LASTEXITCODE -ne 0) { $status = 1 }
    & $apiRuff format --check --quiet api
    if ($LASTEXITCODE -ne 0) { $status = 1 }
    & $dagsterRuff check dagster-demo
    if ($LASTEXITCODE -ne 0) { $status = 1 }
    & $dagsterRuff format --check --quiet dagster-demo
    if ($LASTEXITCODE -ne 0) { $status = 1 }
    & $dashboardRuff check dashboard
    if ($LASTEXITCODE -ne 0) { $status = 1 }
    & $dashboardRuff format --check --quiet dashboard
    if ($LASTEXITCODE -ne 0) { $status = 1 }

    Write-IetaLog 'API and data generator tests'
    Set-Location (Join-Path $IetaRoot 'api')
    & (Join-Path $IetaRoot 'api\.venv\Scripts\python.exe') -m pytest @pytestArgs
    if ($LASTEXITCODE -ne 0) { $status = 1 }

    Write-IetaLog 'pipeline tests (Dagster, dbt, end to end)'
    Enable-IetaDagsterVenv
    Set-Location (Join-Path $IetaRoot 'dagster-demo')
    & (Join-Path $env:VIRTUAL_ENV 'Scripts\python.exe') -m pytest @pytestArgs
    if ($LASTEXITCODE -ne 0) { $status = 1 }

    Write-IetaLog 'teacher dashboard tests (publishes a run, drives every page, live server)'
    Set-Location (Join-Path $IetaRoot 'dashboard')
    & (Join-Path $IetaRoot 'dashboard\.venv\Scripts\python.exe') -m pytest @pytestArgs
    if ($LASTEXITCODE -ne 0) { $status = 1 }

    if ($status -ne 0) {
        Write-IetaLog 'FAILED'
        exit 1
    }
    Write-IetaLog 'all tests passed'
} finally {
    Restore-IetaSession
}
