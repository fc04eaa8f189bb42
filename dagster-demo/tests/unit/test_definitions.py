"""The Dagster definitions: one lineage graph from the extract assets to the marts, grouped by
layer, with dbt tests as asset checks and resources wired from the environment."""

from __future__ import annotations

import os

import dagster as dg
import pytest

EXTRACT_ASSETS = ["raw_students", "raw_attendance", "raw_assignments", "raw_gradebook", "raw_isat"]
# Each dbt source table and the staging model that reads it.
STAGING_OF = {
    "raw_students": "stg_sis__students",
    "raw_attendance": "stg_sis__attendance",
    "raw_assignments": "stg_lms__assignments",
    "raw_gradebook": "stg_lms__gradebook",
    "raw_isat": "stg_state__isat",
}


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    # The dbt component reads the state that ./install.sh prepared (conftest's
    # prepared_dbt_project): dbt parse's manifest and a copy of the project.
    from dagster_demo.definitions import defs as load_defs

    return load_defs()


def test_definitions_load(defs: dg.Definitions) -> None:
    defs.validate_loadable(defs)
    assert defs.resolve_implicit_global_asset_job_def() is not None


def test_each_dbt_source_depends_on_its_extract_asset(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    for raw, staging in STAGING_OF.items():
        assert dg.AssetKey(raw) in graph.get(dg.AssetKey(staging)).parent_keys, staging
    # and the marts sit downstream of every extract asset: one graph, not two
    upstream = graph.upstream_key_iterator(dg.AssetKey("mart_student_dashboard"))
    assert {dg.AssetKey(a) for a in EXTRACT_ASSETS} <= set(upstream)


def test_groups_by_layer(defs: dg.Definitions) -> None:
    groups = {spec.key.to_user_string(): spec.group_name for spec in defs.resolve_all_asset_specs()}
    assert {groups[a] for a in EXTRACT_ASSETS} == {"extract"}
    assert groups["stg_lms__gradebook"] == "staging"
    assert groups["int_grades_unpivoted"] == "intermediate"
    assert groups["dim_student"] == "dimensions"
    assert groups["fct_grade"] == "facts"
    assert groups["mart_student_dashboard"] == "marts"


def test_dbt_tests_are_asset_checks(defs: dg.Definitions) -> None:
    checks = {
        key.asset_key.to_user_string(): key.name
        for key in defs.resolve_asset_graph().asset_check_keys
    }
    assert len(defs.resolve_asset_graph().asset_check_keys) > 50
    assert "dim_student" in checks and "mart_student_dashboard" in checks
    assert "raw_gradebook" in checks  # the extract's row-count check


def test_every_asset_has_a_description(defs: dg.Definitions) -> None:
    missing = [s.key.to_user_string() for s in defs.resolve_all_asset_specs() if not s.description]
    assert not missing


def test_writers_share_one_pool(defs: dg.Definitions) -> None:
    job = defs.resolve_implicit_global_asset_job_def()
    pools = {node.name: node.definition.pool for node in job.graph.node_dict.values()}
    assert set(pools.values()) == {"duckdb_writer"}, pools


def test_loading_the_definitions_writes_no_environment(
    defs: dg.Definitions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dbt step, not the loading of the definitions, gives dbt the warehouse's absolute
    path, for the time of its run only."""
    from dagster_demo.definitions import defs as load_defs
    from dagster_demo.resources.warehouse import REPO_ROOT, dbt_environment

    monkeypatch.setenv("DBT_DUCKDB_PATH", "somewhere/warehouse.duckdb")
    load_defs()
    assert os.environ["DBT_DUCKDB_PATH"] == "somewhere/warehouse.duckdb"
    with dbt_environment() as settings:
        expected = str((REPO_ROOT / "somewhere" / "warehouse.duckdb").resolve())
        assert settings == {"DBT_DUCKDB_PATH": expected}
        assert os.environ["DBT_DUCKDB_PATH"] == expected
    assert os.environ["DBT_DUCKDB_PATH"] == "somewhere/warehouse.duckdb"
