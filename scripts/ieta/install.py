"""The install task: check the prerequisites, create api/.venv, dagster-demo/.venv and
dashboard/.venv with the exact versions pinned in each project's requirements.txt, and prepare
the dbt component's state. Idempotent and quiet: a venv is only touched when what it is made
from changed since the last install (a stamp in the venv), and the dbt state only when a file
dbt reads changed."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from ieta.settings import ROOT, VENV_BIN, TaskError, dagster_env, log, script

INSTALLED_STAMP = ".ieta-installed"
SPARK_MARKER = ".ieta-spark"
DBT_STATE_STAMP = ".ieta-dbt-state"
DBT_STATE_DIR = ROOT / "dagster-demo" / "src" / "dagster_demo" / "defs" / ".local_defs_state"
# What dbt writes into its project folder, and the warehouse: not part of the dbt project.
DBT_SKIPPED = ("target", "logs", "dbt_packages", "*.duckdb*", ".user.yml")


def say(message: str) -> None:
    log(message, task="install")


def fail(message: str) -> TaskError:
    return TaskError(message, task="install")


def venv_python(project: str) -> Path:
    return ROOT / project / ".venv" / VENV_BIN / ("python.exe" if os.name == "nt" else "python")


def install_stamp(requirements: Path, pyproject: Path | None) -> str:
    """What a venv is made from: its requirements, the project's pyproject.toml when it is
    installed editable, and the Python version (the same digest the seed's install.sh wrote)."""
    digest = hashlib.sha256(requirements.read_bytes())
    if pyproject is not None:
        digest.update(pyproject.read_bytes())
    digest.update(f"Python {platform.python_version()}\n".encode())
    return digest.hexdigest()


def dbt_files_stamp(dbt_project: Path, source: str, target: str) -> str:
    """The files of the dbt project (every file but what dbt writes into it), and which sources
    are enabled (IETA_SOURCE) and the engine (DBT_TARGET): the manifest depends on all of
    them."""
    lines = []
    for folder, dirs, files in os.walk(dbt_project):
        dirs[:] = [d for d in dirs if not _skipped(d)]
        for name in files:
            path = Path(folder, name)
            if _skipped(name) or path.is_symlink():
                continue
            relative = "./" + path.relative_to(dbt_project).as_posix()
            lines.append((relative.encode(), hashlib.sha256(path.read_bytes()).hexdigest()))
    digest = hashlib.sha256()
    for relative, file_digest in sorted(lines):
        digest.update(f"{file_digest}  ".encode() + relative + b"\n")
    digest.update(f"IETA_SOURCE={source} DBT_TARGET={target}\n".encode())
    return digest.hexdigest()


def _skipped(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in DBT_SKIPPED)


def _stamp_matches(stamp: Path, want: str) -> bool:
    try:
        return stamp.read_text().strip() == want
    except OSError:
        return False


def find_uv(env: dict[str, str]) -> str:
    """The uv program, installed with pip --user when missing. Adds where pip --user and uv's
    own installer put programs to ``env``'s PATH."""
    user_scripts = sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user"))
    home = Path.home()
    extra = [user_scripts, str(home / ".local" / "bin"), str(home / ".cargo" / "bin")]
    env["PATH"] = os.pathsep.join([*extra, env.get("PATH", "")])
    uv = shutil.which("uv", path=env["PATH"])
    if uv:
        return uv
    python = sys.executable
    say(f"uv not found; installing it with: {python} -m pip install --user uv")
    result = subprocess.run([python, "-m", "pip", "install", "--user", "--quiet", "uv"], env=env)
    if result.returncode != 0:
        raise fail("could not install uv. Install it by hand (see README) and re-run.")
    uv = shutil.which("uv", path=env["PATH"])
    if not uv:
        raise fail(f"uv was installed but is not on PATH; add {user_scripts} to PATH.")
    return uv


def _checked(command: list[str | Path], env: Mapping[str, str], what: str) -> None:
    if subprocess.run([str(part) for part in command], env=dict(env)).returncode != 0:
        raise fail(f"{what} failed (above). Fix it, then re-run {script('install')}.")


def install_venv(
    project: str, editable: bool, requirements: Path, uv: str, env: Mapping[str, str]
) -> None:
    """Byte-compiling at install time spares every later process start from compiling
    dagster/dbt imports from source (several seconds each)."""
    venv = ROOT / project / ".venv"
    stamp = venv / INSTALLED_STAMP
    want = install_stamp(requirements, ROOT / project / "pyproject.toml" if editable else None)
    if _stamp_matches(stamp, want):
        return
    venv_name = f"{project}/.venv"
    say(f"{project}: installing pinned packages into {venv_name} (first time takes a few minutes)")
    python = venv_python(project)
    if not python.exists():
        _checked([uv, "venv", "--quiet", "--python", sys.executable, venv], env, "uv venv")
    _checked(
        [uv, "pip", "sync", "--quiet", "--python", python, "--compile-bytecode", requirements],
        env,
        f"{project}: uv pip sync",
    )
    if editable:
        _checked(
            [uv, "pip", "install", "--quiet", "--python", python, "--no-deps", "-e",
             ROOT / project],
            env,
            f"{project}: uv pip install -e",
        )  # fmt: skip
    stamp.write_text(want + "\n")
    say(f"{project}: ready")


def prepare_dbt_state(env: Mapping[str, str]) -> None:
    """`dg launch` and `dg dev` build the dbt assets from the state that `dg utils
    refresh-defs-state` prepares (dbt parse's manifest and a copy of dbt-demo/ under the defs
    folder); defs.yaml sets prepare_if_dev: false so that they do not prepare it again on every
    command. Prepare it here when a file dbt reads changed, or when it is missing."""
    stamp = ROOT / "dagster-demo" / ".venv" / DBT_STATE_STAMP
    want = dbt_files_stamp(
        ROOT / "dbt-demo",
        env.get("IETA_SOURCE") or "apis",
        env.get("DBT_TARGET") or "duckdb",
    )
    if DBT_STATE_DIR.is_dir() and _stamp_matches(stamp, want):
        return
    say("dbt-demo changed: preparing the dbt project for Dagster (dg utils refresh-defs-state)")
    refresh_env = dagster_env(env)
    # The warehouse the tasks use: dbt keys its parse state to the profile, which names it.
    if not refresh_env.get("DBT_DUCKDB_PATH"):
        refresh_env["DBT_DUCKDB_PATH"] = str(ROOT / "dbt-demo" / "dev.duckdb")
    dg = ROOT / "dagster-demo" / ".venv" / VENV_BIN / ("dg.exe" if os.name == "nt" else "dg")
    result = subprocess.run(
        [str(dg), "utils", "refresh-defs-state"],
        cwd=ROOT / "dagster-demo",
        env=refresh_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    if result.returncode != 0:
        print("\n".join(result.stdout.splitlines()[-30:]), file=sys.stderr)
        raise fail(
            f"dbt could not parse dbt-demo/ (above). Fix it, then re-run {script('install')}."
        )
    stamp.write_text(want + "\n")


def install(env: Mapping[str, str], spark: bool = False) -> None:
    """Everything the other tasks need, installed once. ``spark``: add Apache Spark for
    DBT_TARGET=spark (dbt-spark and pyspark, about 860 MB) to the Dagster venv; kept from then
    on (a marker in the venv), so switching engines does not reinstall it."""
    if shutil.which("git") is None:
        raise fail(
            "git is not installed. Install it from https://git-scm.com and re-run "
            f"{script('install')}."
        )
    work_env = dict(env)
    uv = find_uv(work_env)
    dagster = ROOT / "dagster-demo"
    dagster_requirements = dagster / "requirements.txt"
    if (
        spark
        or env.get("DBT_TARGET", "duckdb") == "spark"
        or (dagster / ".venv" / SPARK_MARKER).exists()
    ):
        if shutil.which("java", path=work_env.get("PATH")) is None:
            raise fail(
                "DBT_TARGET=spark needs Java 17 (pyspark runs Spark in the JVM): install a JDK 17 "
                "and re-run."
            )
        dagster_requirements = dagster / "requirements-spark.txt"
    install_venv("api", False, ROOT / "api" / "requirements.txt", uv, work_env)
    install_venv("dagster-demo", True, dagster_requirements, uv, work_env)
    if dagster_requirements.name != "requirements.txt":
        (dagster / ".venv" / SPARK_MARKER).touch()
    install_venv("dashboard", False, ROOT / "dashboard" / "requirements.txt", uv, work_env)
    prepare_dbt_state(env)
