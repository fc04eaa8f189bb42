# Remove generated files on Windows (the twin of cleanup.sh); keeps source code and the
# committed data. -y skips the prompt.
#   powershell -ExecutionPolicy Bypass -File cleanup.ps1 [-y]
param([switch]$y)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$targets = @(
    '.dagster_home'
    'api\.venv'
    'dagster-demo\.venv'
    'dashboard\.venv'
    'published'
    'dbt-demo\dev.duckdb'
    'dbt-demo\dev.duckdb.wal'
    'dbt-demo\target'
    'dbt-demo\logs'
    'dagster-demo\src\dagster_demo\defs\.local_defs_state'
    'test-artifacts'
)
$caches = @(
    '.pytest_cache', 'api\.pytest_cache', 'dagster-demo\.pytest_cache', 'dashboard\.pytest_cache'
    '.ruff_cache', 'api\.ruff_cache', 'dagster-demo\.ruff_cache', 'dashboard\.ruff_cache'
)

Push-Location -LiteralPath $PSScriptRoot
try {
    $present = @($targets | Where-Object { Test-Path -LiteralPath $_ })
    if ($present.Count -eq 0) {
        Write-Host 'Nothing to clean.'
        exit 0
    }

    Write-Host 'This removes:'
    foreach ($target in $present) { Write-Host "  $target" }
    Write-Host '  (and Python caches)'
    if (-not $y) {
        $answer = Read-Host 'Continue? [y/N]'
        if ($answer -notmatch '^[Yy]$') {
            Write-Host 'Nothing removed.'
            exit 0
        }
    }
    foreach ($target in $present) { Remove-Item -LiteralPath $target -Recurse -Force }
    # Python caches: every __pycache__ folder (outside .git), then the test and lint caches.
    $gitDir = Join-Path $PSScriptRoot '.git'
    $pycache = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter '__pycache__' -Directory -Recurse -Force `
            -ErrorAction SilentlyContinue | Where-Object { -not $_.FullName.StartsWith("$gitDir\") })
    foreach ($dir in $pycache) {
        Remove-Item -LiteralPath $dir.FullName -Recurse -Force -ErrorAction SilentlyContinue
    }
    foreach ($cache in $caches) {
        if (Test-Path -LiteralPath $cache) { Remove-Item -LiteralPath $cache -Recurse -Force }
    }
    Write-Host ('Removed. uv and Python in your home directory were not touched; ' +
        '.\install.ps1 sets up again.')
} finally {
    Pop-Location
}
