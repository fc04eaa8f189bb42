"""IETA_SOURCE switches the whole graph: the file extract assets and the drop folder's staging
models, or the API extract assets and theirs; an unknown source is refused. Each switch prepares
the dbt component's state again (about 18 s), hence an end-to-end test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import generate_data, prepare_dbt_project

from dagster_demo.resources.drop_folder import DROP_FILES

RAW_TABLES = {spec.name: spec.table for spec in DROP_FILES}


def test_the_source_setting_picks_the_extract_assets(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The whole project's definitions, loaded as `dg` loads them, in a fresh process."""
    request.addfinalizer(prepare_dbt_project)  # the other tests run against the APIs
    drop12 = generate_data(
        tmp_path / "drop", 120, 11, "--format", "oneroster", "--oneroster-version", "1.2"
    )
    script = (
        "from dagster_demo.definitions import defs\n"
        "d = defs()\n"
        "for spec in d.resolve_all_asset_specs():\n"
        "    deps = ','.join(dep.asset_key.to_user_string() for dep in spec.deps)\n"
        "    print(spec.key.to_user_string(), spec.group_name, deps)\n"
    )
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "IETA_DROP_DIR": str(drop12)}

    def specs(source: str) -> dict[str, tuple[str, set[str]]]:
        # The dbt component reads the state `dg` prepares, which depends on IETA_SOURCE.
        prepare_dbt_project(source)
        run = subprocess.run(
            [sys.executable, "-c", script], env={**env, "IETA_SOURCE": source},
            capture_output=True, text=True,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-3000:]
        rows = (line.split(" ") for line in run.stdout.splitlines())
        return {key: (group, set(filter(None, deps.split(",")))) for key, group, deps in rows}

    files = specs("files")
    assert {k for k, (g, _) in files.items() if g == "extract_files"} == {
        f"raw_{t}" for t in RAW_TABLES.values()
    }
    # One graph: the dbt sources are the file extract assets; no API asset or model is left.
    assert "extract" not in {g for g, _ in files.values()}
    assert "raw_students" not in files and "stg_sis__students" not in files
    assert files["stg_oneroster__users"][1] == {"raw_oneroster_users"}
    assert files["stg_drop__state_scores"][1] == {"raw_state_scores"}
    assert "mart_student_dashboard" in files
    apis = specs("apis")
    assert apis["raw_students"][0] == "extract"
    assert "extract_files" not in {g for g, _ in apis.values()}
    assert "stg_oneroster__users" not in apis
    run = subprocess.run(
        [sys.executable, "-c", script], env={**env, "IETA_SOURCE": "ftp"},
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode != 0 and "IETA_SOURCE='ftp'" in run.stderr
