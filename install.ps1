# Set up the IETA pipeline on Windows (the twin of install.sh): check prerequisites, then create
# api\.venv, dagster-demo\.venv and dashboard\.venv with the exact versions pinned in each
# project's requirements.txt. Idempotent: a venv is only touched when its requirements.txt changed since
# the last install.
#   powershell -ExecutionPolicy Bypass -File install.ps1
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$IetaScript = 'install'
. (Join-Path $PSScriptRoot 'scripts\lib.ps1')

# Resolve-Python COMMAND [ARGS]: the full path of the interpreter that COMMAND starts, or $null.
# (The "python" that Windows ships without Python only prints where to get it, and fails.)
function Resolve-Python([string]$Command, [string[]]$PrefixArgs = @()) {
    if (-not (Get-Command $Command -CommandType Application -ErrorAction SilentlyContinue)) { return $null }
    $ErrorActionPreference = 'Continue'  # its complaint on stderr is an answer, not an error
    $path = & $Command @PrefixArgs -c 'import sys; print(sys.executable)' 2>$null
    if ($LASTEXITCODE -ne 0 -or -not $path) { return $null }
    return ([string]@($path)[-1]).Trim()
}

# --- one venv per project (functions; the steps are at the end) -------------------------
# Get-InstallStamp PROJECT EDITABLE: hash of what the venv is made from (requirements.txt, the
# project's pyproject.toml when it is installed editable, the Python version).
function Get-InstallStamp([string]$Project, [bool]$Editable) {
    $parts = @(Get-Content -Raw -LiteralPath (Join-Path $Project 'requirements.txt'))
    if ($Editable) { $parts += Get-Content -Raw -LiteralPath (Join-Path $Project 'pyproject.toml') }
    $parts += $PythonVersion
    $sha256 = [Security.Cryptography.SHA256]::Create()
    try {
        $hash = $sha256.ComputeHash([Text.Encoding]::UTF8.GetBytes($parts -join "`n"))
    } finally {
        $sha256.Dispose()
    }
    return -join ($hash | ForEach-Object { $_.ToString('x2') })
}

# Byte-compiling at install time spares every later process start from compiling
# dagster/dbt imports from source (several seconds each).
function Install-Venv([string]$Project, [bool]$Editable) {
    $venv = Join-Path $Project '.venv'
    $venvPython = Join-Path $venv 'Scripts\python.exe'
    $stamp = Join-Path $venv '.ieta-installed'
    $want = Get-InstallStamp $Project $Editable
    $have = if (Test-Path -LiteralPath $stamp) { ([string](Get-Content -Raw -LiteralPath $stamp)).Trim() }
    if ($have -eq $want) {
        return
    }
    Write-IetaLog "${Project}: installing pinned packages into $venv (first time takes a few minutes)"
    if (-not (Test-Path -LiteralPath $venvPython -PathType Leaf)) {
        Invoke-IetaChecked $Uv venv --quiet --python $Python $venv
    }
    Invoke-IetaChecked $Uv pip sync --quiet --python $venvPython --compile-bytecode `
        (Join-Path $Project 'requirements.txt')
    if ($Editable) {
        Invoke-IetaChecked $Uv pip install --quiet --python $venvPython --no-deps -e $Project
    }
    Set-Content -LiteralPath $stamp -Value $want -Encoding Ascii
    Write-IetaLog "${Project}: ready"
}

# --- the dbt component's state (the twin of install.sh's) ---------------------------------
# `dg launch` and `dg dev` build the dbt assets from the state that `dg utils refresh-defs-state`
# prepares (prepare_if_dev: false in defs.yaml): prepare it when a file dbt reads changed, or
# when it is missing.
function Update-DbtState {
    $skipped = '\\(target|logs|dbt_packages)\\|\.duckdb|\\\.user\.yml$'
    $root = (Resolve-Path 'dbt-demo').Path
    $files = Get-ChildItem -LiteralPath $root -Recurse -File |
        Where-Object { $_.FullName.Substring($root.Length) -notmatch $skipped } |
        Sort-Object { $_.FullName.Substring($root.Length) } -CaseSensitive
    $lines = $files | ForEach-Object {
        "$((Get-FileHash -Algorithm SHA256 -LiteralPath $_.FullName).Hash) $($_.FullName.Substring($root.Length))"
    }
    # The manifest also depends on the sources enabled (IETA_SOURCE) and the engine (DBT_TARGET).
    $source = if ($env:IETA_SOURCE) { $env:IETA_SOURCE } else { 'apis' }
    $target = if ($env:DBT_TARGET) { $env:DBT_TARGET } else { 'duckdb' }
    $lines = @($lines) + "IETA_SOURCE=$source DBT_TARGET=$target"
    $want = (Get-FileHash -Algorithm SHA256 -InputStream (
        [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes(($lines -join "`n"))))).Hash
    $stamp = 'dagster-demo\.venv\.ieta-dbt-state'
    $state = 'dagster-demo\src\dagster_demo\defs\.local_defs_state'
    $have = if (Test-Path -LiteralPath $stamp) { ([string](Get-Content -Raw -LiteralPath $stamp)).Trim() }
    if ((Test-Path -LiteralPath $state) -and $have -eq $want) { return }
    Write-IetaLog 'dbt-demo changed: preparing the dbt project for Dagster (dg utils refresh-defs-state)'
    # The warehouse the scripts use: dbt keys its parse state to the profile, which names it.
    if (-not $env:DBT_DUCKDB_PATH) { $env:DBT_DUCKDB_PATH = Join-Path $root 'dev.duckdb' }
    $scripts = (Resolve-Path 'dagster-demo\.venv\Scripts').Path
    $savedPath = $env:PATH
    $env:PATH = "$scripts;$env:PATH"
    Push-Location 'dagster-demo'
    try {
        $ErrorActionPreference = 'Continue'
        $output = & (Join-Path $scripts 'dg.exe') utils refresh-defs-state 2>&1
        if ($LASTEXITCODE -ne 0) {
            $output | Select-Object -Last 30 | ForEach-Object { [Console]::Error.WriteLine($_) }
            Exit-IetaError 'dbt could not parse dbt-demo (above). Fix it, then re-run .\install.ps1.'
        }
    } finally {
        Pop-Location
        $env:PATH = $savedPath
    }
    Set-Content -LiteralPath $stamp -Value $want -Encoding Ascii
}

try {
    Set-Location $PSScriptRoot

    # --- prerequisites -----------------------------------------------------------------------
    if (-not (Get-Command git -CommandType Application -ErrorAction SilentlyContinue)) {
        Exit-IetaError 'git is not installed. Install it from https://git-scm.com and re-run .\install.ps1.'
    }

    if ($env:PYTHON) {
        $tried = $env:PYTHON
        $Python = Resolve-Python $env:PYTHON
    } else {
        # The py launcher picks the newest Python 3 installed; plain python is the fallback.
        $tried = 'py -3, python'
        $Python = Resolve-Python 'py' @('-3')
        if (-not $Python) { $Python = Resolve-Python 'python' }
    }
    if (-not $Python) {
        Exit-IetaError "Python is not on PATH (tried: $tried). Install Python 3.11 or newer and re-run."
    }
    & $Python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'
    if ($LASTEXITCODE -ne 0) {
        Exit-IetaError ("$(& $Python --version) is too old: this project needs Python 3.11 or newer " +
            '(set $env:PYTHON to the path of a python.exe 3.11 or newer).')
    }
    $PythonVersion = [string](& $Python --version)

    $env:PATH = @((Join-Path $HOME '.local\bin'), (Join-Path $HOME '.cargo\bin'), $env:PATH) -join ';'
    if (-not (Get-Command uv -CommandType Application -ErrorAction SilentlyContinue)) {
        Write-IetaLog "uv not found; installing it with: $Python -m pip install --user uv"
        & $Python -m pip install --user --quiet uv
        if ($LASTEXITCODE -ne 0) {
            Exit-IetaError 'could not install uv. Install it by hand (see README) and re-run.'
        }
        # pip --user puts uv.exe in the user Scripts folder, which is rarely on PATH.
        $userScripts = ([string](& $Python -c `
                "import os, sysconfig; print(sysconfig.get_path('scripts', f'{os.name}_user'))")).Trim()
        $env:PATH = $userScripts + ';' + $env:PATH
        if (-not (Get-Command uv -CommandType Application -ErrorAction SilentlyContinue)) {
            Exit-IetaError "uv was installed but is not on PATH; add $userScripts to PATH."
        }
    }
    $Uv = (Get-Command uv -CommandType Application | Select-Object -First 1).Source

    Install-Venv 'api' $false
    Install-Venv 'dagster-demo' $true
    Install-Venv 'dashboard' $false
    Update-DbtState
    exit 0
} finally {
    Restore-IetaSession
}
