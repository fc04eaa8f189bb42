"""A run uses the dbt component's state as ./install.sh prepared it: `dg launch` does not parse
the dbt project again."""

from __future__ import annotations

from pathlib import Path

from conftest import DBT_STATE, Pipeline


def test_runs_do_not_prepare_the_dbt_project_again(
    prepared_dbt_project: dict[Path, float], default_run: Pipeline
) -> None:
    """prepare_if_dev: false: `dg launch` builds the dbt assets from the state ./install.sh
    prepared, without running dbt parse again."""
    assert prepared_dbt_project, f"no prepared dbt state in {DBT_STATE}"
    after = {marker: marker.stat().st_mtime for marker in DBT_STATE.glob("*/state")}
    assert after == prepared_dbt_project
