# Shared by dev.ps1, run.ps1, test.ps1 and install.ps1 (the twin of scripts/lib.sh): settings
# with the seed's defaults, and starting / waiting for / stopping the services. Dot-source it
# (. "$PSScriptRoot\scripts\lib.ps1") after setting $IetaScript; do not run it.

# A bash script has a process of its own; a .ps1 started from a PowerShell prompt (.\run.ps1)
# shares that session's environment variables and location. Each script ends with
# Restore-IetaSession, which puts back what they were when this file was dot-sourced.
$IetaSavedLocation = (Get-Location).Path
$IetaSavedEnvironment = [Environment]::GetEnvironmentVariables()

$IetaRoot = Split-Path -Parent $PSScriptRoot
$env:PATH = (Join-Path $HOME '.local\bin') + [IO.Path]::PathSeparator + $env:PATH

# Set-IetaDefault NAME VALUE: like `export NAME="${NAME:-VALUE}"`.
function Set-IetaDefault([string]$Name, [string]$Value) {
    if (-not [Environment]::GetEnvironmentVariable($Name)) {
        [Environment]::SetEnvironmentVariable($Name, $Value)
    }
}

Set-IetaDefault API_HOST '127.0.0.1'
Set-IetaDefault SIS_API_PORT '8001'
Set-IetaDefault LMS_API_PORT '8002'
Set-IetaDefault STATE_API_PORT '8003'
Set-IetaDefault DAGSTER_PORT '8888'
Set-IetaDefault SIS_API_URL "http://127.0.0.1:$($env:SIS_API_PORT)"
Set-IetaDefault LMS_API_URL "http://127.0.0.1:$($env:LMS_API_PORT)"
Set-IetaDefault STATE_API_URL "http://127.0.0.1:$($env:STATE_API_PORT)"
Set-IetaDefault IETA_DATA_DIR (Join-Path $IetaRoot 'api\data')
Set-IetaDefault DBT_DUCKDB_PATH (Join-Path $IetaRoot 'dbt-demo\dev.duckdb')
# DBT_TARGET=spark: the raw Parquet folders, Spark's metastore and warehouse (docs/deploy.md).
Set-IetaDefault IETA_SPARK_DIR (Join-Path $IetaRoot '.spark')
# The instance file put in DAGSTER_HOME (dagster-demo\deploy\dagster-postgres.yaml: PostgreSQL).
Set-IetaDefault IETA_DAGSTER_YAML (Join-Path $IetaRoot 'dagster-demo\dagster.yaml')
Set-IetaDefault DAGSTER_HOME (Join-Path $IetaRoot '.dagster_home')
# The services' output goes to files, which Python would otherwise write in the ANSI code page
# (and fail on the first character outside it).
Set-IetaDefault PYTHONIOENCODING 'utf-8'
$IetaLogDir = if ($env:IETA_LOG_DIR) { $env:IETA_LOG_DIR } else { Join-Path $env:DAGSTER_HOME 'logs' }

if (-not (Test-Path variable:IetaScript)) { $IetaScript = 'ieta' }
$IetaStartedProcesses = @()
$ProgressPreference = 'SilentlyContinue'  # Invoke-WebRequest's progress bar slows every poll

# Messages go straight to stdout / stderr, like printf in lib.sh. (.NET calls: they keep working
# in a finally block that Ctrl+C entered, where some PowerShell versions stop running cmdlets.)
function Write-IetaLog([string]$Message) {
    [Console]::Out.WriteLine("[$IetaScript] $Message")
}

# Exit-IetaError MESSAGE: print the error and exit 1 (die in lib.sh). Finally blocks still run.
function Exit-IetaError([string]$Message) {
    [Console]::Error.WriteLine("[$IetaScript] ERROR: $Message")
    exit 1
}

# Invoke-IetaChecked PROGRAM ARGS...: run a program; when it fails, exit with its exit code
# (what `set -e` does for the bash scripts).
function Invoke-IetaChecked {
    $program = $args[0]
    $programArgs = @($args | Select-Object -Skip 1)
    & $program @programArgs
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

# Dagster instance settings (concurrency pool for DuckDB writers, run monitoring).
function Initialize-IetaDagsterHome {
    New-Item -ItemType Directory -Force -Path $env:DAGSTER_HOME, $IetaLogDir | Out-Null
    Copy-Item -Force -LiteralPath $env:IETA_DAGSTER_YAML `
        -Destination (Join-Path $env:DAGSTER_HOME 'dagster.yaml')
}

# Test-IetaHttp URL: true when URL answers 2xx within 2 seconds (with API_TOKEN as bearer token
# when it is set).
function Test-IetaHttp([string]$Url) {
    $headers = @{}
    if ($env:API_TOKEN) { $headers['Authorization'] = "Bearer $($env:API_TOKEN)" }
    try {
        $null = Invoke-WebRequest -Uri $Url -UseBasicParsing -TimeoutSec 2 -Headers $headers
        return $true
    } catch {
        return $false
    }
}

# Wait-IetaHttp NAME URL SECONDS [PROCESS]: wait until URL answers; fail early if PROCESS exited.
function Wait-IetaHttp {
    param(
        [string]$Name,
        [string]$Url,
        [int]$TimeoutSeconds,
        [System.Diagnostics.Process]$Process = $null
    )
    $clock = [Diagnostics.Stopwatch]::StartNew()
    while (-not (Test-IetaHttp $Url)) {
        if ($null -ne $Process -and $Process.HasExited) {
            Exit-IetaError "$Name exited during start-up; see its log in $IetaLogDir"
        }
        if ($clock.Elapsed.TotalSeconds -ge $TimeoutSeconds) {
            Exit-IetaError "$Name did not answer at $Url within ${TimeoutSeconds}s; see its log in $IetaLogDir"
        }
        Start-Sleep -Milliseconds 100
    }
}

# Start-Process passes its arguments as one command line: quote the ones that need it.
function ConvertTo-IetaCommandLine([string[]]$Arguments) {
    $quoted = foreach ($a in $Arguments) {
        if ($a -ne '' -and $a -notmatch '[\s"]') { $a; continue }
        '"' + (($a -replace '(\\*)"', '$1$1\"') -replace '(\\+)$', '$1$1') + '"'
    }
    return $quoted -join ' '
}

# Start-IetaService NAME WORKDIR PROGRAM ARGS: start PROGRAM in the background, its output in
# $IetaLogDir\NAME.log and NAME.err.log (one file each: Start-Process cannot merge them).
# Returns the process; Stop-IetaStarted stops it and its children.
function Start-IetaService {
    param(
        [string]$Name,
        [string]$WorkDir,
        [string]$Program,
        [string[]]$Arguments
    )
    New-Item -ItemType Directory -Force -Path $IetaLogDir | Out-Null
    $process = Start-Process -FilePath $Program -ArgumentList (ConvertTo-IetaCommandLine $Arguments) `
        -WorkingDirectory $WorkDir -NoNewWindow -PassThru `
        -RedirectStandardOutput (Join-Path $IetaLogDir "$Name.log") `
        -RedirectStandardError (Join-Path $IetaLogDir "$Name.err.log")
    $null = $process.Handle  # keep a handle, else ExitCode is empty once the process has exited
    $script:IetaStartedProcesses += $process
    return $process
}

# Wait-IetaProcess PROCESS: wait until it exits and return its exit code. Short sleeps rather
# than one WaitForExit() so that Ctrl+C can stop the script meanwhile.
function Wait-IetaProcess([System.Diagnostics.Process]$Process) {
    while (-not $Process.HasExited) { Start-Sleep -Milliseconds 500 }
    $Process.WaitForExit()
    return $Process.ExitCode
}

# Start-IetaApis: start the three APIs, reusing any that already answers on its port when it
# serves the same files as IETA_DATA_DIR (api\data_fingerprint.py compares its GET / with the
# folder; any other API on the port stops the script with what to do).
function Start-IetaApis {
    # Started side by side (each takes a second or two to start), then waited for.
    $apis = [ordered]@{ sis = $env:SIS_API_PORT; lms = $env:LMS_API_PORT; state = $env:STATE_API_PORT }
    $systems = @{ sis = 'SIS'; lms = 'LMS'; state = 'State' }
    $launched = @()
    foreach ($module in $apis.Keys) {
        $port = $apis[$module]
        $name = "$module-api"
        $url = "http://127.0.0.1:$port/"
        if (Test-IetaHttp $url) {
            $serving = & (Join-Path $IetaRoot 'api\.venv\Scripts\python.exe') `
                (Join-Path $IetaRoot 'api\data_fingerprint.py') --url "http://127.0.0.1:$port" `
                --system $systems[$module] --data-dir $env:IETA_DATA_DIR
            if ($LASTEXITCODE -ne 0) { Exit-IetaError ($serving -join ' ') }
            Write-IetaLog "$name already answers on port $port and $($serving -join ' '); reusing it"
            continue
        }
        $process = Start-IetaService $name (Join-Path $IetaRoot 'api') `
            (Join-Path $IetaRoot 'api\.venv\Scripts\uvicorn.exe') `
            @("${module}:app", '--host', $env:API_HOST, '--port', $port, '--log-level', 'warning')
        $launched += , @($name, $port, $process)
    }
    foreach ($api in $launched) {
        $name, $port, $process = $api
        Wait-IetaHttp $name "http://127.0.0.1:$port/" 60 $process
        Write-IetaLog "$name listening on http://$($env:API_HOST):$port (docs: /docs)"
    }
}

# Stop-IetaStarted: stop every process this script started together with its children
# (dg dev runs the webserver, the daemon and code servers as child processes), then wait until
# they are gone. Windows has no SIGTERM for console programs: taskkill /F ends them at once.
# Only .NET calls here, so that it also works in a finally block that Ctrl+C entered.
function Stop-IetaStarted {
    foreach ($process in $script:IetaStartedProcesses) {
        if ($process.HasExited) { continue }
        $info = [Diagnostics.ProcessStartInfo]::new('taskkill.exe', "/T /F /PID $($process.Id)")
        $info.UseShellExecute = $false
        $info.CreateNoWindow = $true
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $taskkill = [Diagnostics.Process]::Start($info)
        $null = $taskkill.StandardOutput.ReadToEnd()
        $null = $taskkill.StandardError.ReadToEnd()
        $taskkill.WaitForExit()
    }
    foreach ($process in $script:IetaStartedProcesses) {
        $null = $process.WaitForExit(10000)
    }
    $script:IetaStartedProcesses = @()
}

# Activate dagster-demo\.venv: dg finds its project venv and dagster-dbt finds `dbt` on PATH.
function Enable-IetaDagsterVenv {
    $env:VIRTUAL_ENV = Join-Path $IetaRoot 'dagster-demo\.venv'
    $env:PATH = (Join-Path $env:VIRTUAL_ENV 'Scripts') + [IO.Path]::PathSeparator + $env:PATH
}

# Restore-IetaSession: put back the environment variables and the location saved above.
function Restore-IetaSession {
    foreach ($name in @([Environment]::GetEnvironmentVariables().Keys)) {
        if (-not $IetaSavedEnvironment.Contains($name)) {
            [Environment]::SetEnvironmentVariable($name, $null)
        }
    }
    foreach ($entry in $IetaSavedEnvironment.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
    Set-Location -LiteralPath $IetaSavedLocation
}
