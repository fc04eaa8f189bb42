# The one piece of PowerShell the task scripts (install.ps1, run.ps1, ...) share: find Python
# 3.11 or newer, then run the task runner (scripts\ieta, docs/tasks.md) with the task and the
# arguments given, and exit with its exit code. uv is installed by the runner's install task.
#   & scripts\ieta.ps1 TASK [options]
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Find-Python COMMAND [ARGS]: the full path of the interpreter that COMMAND starts when it is
# Python 3.11 or newer, else $null. (The "python" that Windows ships without Python only prints
# where to get it, and fails.)
function Find-Python([string]$Command, [string[]]$PrefixArgs = @()) {
    if (-not (Get-Command $Command -CommandType Application -ErrorAction SilentlyContinue)) {
        return $null
    }
    $ErrorActionPreference = 'Continue'  # its complaint on stderr is an answer, not an error
    $check = 'import sys; print(sys.executable if sys.version_info >= (3, 11) else "")'
    $path = & $Command @PrefixArgs -c $check 2>$null
    if ($LASTEXITCODE -ne 0 -or -not $path) { return $null }
    return ([string]@($path)[-1]).Trim()
}

if ($env:PYTHON) {
    $tried = $env:PYTHON
    $python = Find-Python $env:PYTHON
} else {
    # The py launcher picks the newest Python 3 installed; plain python is the fallback.
    $tried = 'py -3, python'
    $python = Find-Python 'py' @('-3')
    if (-not $python) { $python = Find-Python 'python' }
}
if (-not $python) {
    [Console]::Error.WriteLine("[ieta] ERROR: no Python 3.11 or newer found (tried: $tried). " +
        'Install Python 3.11 or newer and re-run, or set $env:PYTHON to the path of its python.exe.')
    exit 1
}
& $python (Join-Path $PSScriptRoot 'ieta') @args
exit $LASTEXITCODE
