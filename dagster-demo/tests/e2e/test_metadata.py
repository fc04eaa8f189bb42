"""What the default run recorded in Dagster: the metadata a user looks at on each asset (row
counts and mart previews observed by warehouse_profile after dbt, column schemas from the models'
YAML, the extracts' own metadata) and the checks each dbt test became."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import pytest
from conftest import Pipeline

TABLE_MODELS = {  # model -> schema
    "dim_student": "dimensions",
    "fct_attendance": "facts",
    "mart_class_summary": "marts",
}


@pytest.fixture(scope="module")
def instance(default_run: Pipeline) -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.from_config(str(default_run.home)) as instance:
        yield instance


@pytest.fixture(scope="module")
def specs() -> dict[str, dg.AssetSpec]:
    from dagster_demo.definitions import defs

    return {spec.key.to_user_string(): spec for spec in defs().resolve_all_asset_specs()}


def values(metadata: dict) -> dict:
    return {key: getattr(value, "value", value) for key, value in metadata.items()}


def latest_metadata(instance: dg.DagsterInstance, asset: str) -> dict:
    event = instance.get_latest_materialization_event(dg.AssetKey(asset))
    assert event is not None and event.asset_materialization is not None, asset
    return values(event.asset_materialization.metadata)


def latest_observation(instance: dg.DagsterInstance, asset: str) -> dict:
    records = instance.fetch_observations(dg.AssetKey(asset), limit=1).records
    assert records and records[0].asset_observation is not None, asset
    return values(records[0].asset_observation.metadata)


@pytest.mark.parametrize("model", sorted(TABLE_MODELS))
def test_table_models_carry_row_count_and_typed_schema(
    default_run: Pipeline, instance: dg.DagsterInstance, specs: dict, model: str
) -> None:
    assert latest_metadata(instance, model)["unique_id"].startswith("model.")  # dbt built it
    observed = latest_observation(instance, model)
    relation = f"{TABLE_MODELS[model]}.{model}"
    assert observed["dagster/table_name"] == relation
    count = int(default_run.query(f"select count(*) as n from {relation}")["n"][0])
    assert observed["dagster/row_count"] == count
    columns = specs[model].metadata["dagster/column_schema"].columns
    warehouse = default_run.query(
        f"select column_name from information_schema.columns where table_schema = "
        f"'{TABLE_MODELS[model]}' and table_name = '{model}' order by ordinal_position"
    )["column_name"].tolist()
    assert [c.name for c in columns] == warehouse
    assert all(c.type not in ("", "?") for c in columns), "contracts declare every type"
    assert all(c.description for c in columns), "every column is described in the YAML"


def test_dashboard_materialization_has_preview_and_risk_counts(
    default_run: Pipeline, instance: dg.DagsterInstance
) -> None:
    metadata = latest_observation(instance, "mart_student_dashboard")
    assert "| overall_risk_level |" in metadata["enrollments_by_risk_level"]
    counts = default_run.query(
        "select overall_risk_level, count(*) as n from marts.mart_student_dashboard group by 1"
    )
    for level, n in zip(counts["overall_risk_level"], counts["n"], strict=True):
        assert metadata[f"risk/{level}"] == n
    assert metadata["preview"].startswith("| student_key |")


def test_extract_materialization_has_source_and_preview(instance: dg.DagsterInstance) -> None:
    metadata = latest_metadata(instance, "raw_gradebook")
    assert metadata["dagster/table_name"] == "raw.gradebook"
    assert metadata["source_total"] == metadata["dagster/row_count"] > 0
    assert metadata["preview"].startswith("|")


def test_every_dbt_test_and_extract_check_was_evaluated(
    default_run: Pipeline, instance: dg.DagsterInstance
) -> None:
    """Each dbt data test (singular ones included) ran as an asset check. On the default data the
    only failure is the data-quality warning (the generator's documented defects), with WARN
    severity: it does not fail the run."""
    records = instance.get_run_records(limit=1)
    run_id = records[0].dagster_run.run_id
    evaluations = [
        record.event_log_entry.dagster_event.event_specific_data
        for record in instance.get_records_for_run(
            run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
    ]
    names = {evaluation.check_name for evaluation in evaluations}
    assert {"assert_row_counts_preserved", "assert_class_summary_counts_match_snapshot"} <= names
    assert len(evaluations) >= 100
    failed = [e for e in evaluations if not e.passed]
    assert [(e.asset_key.to_user_string(), e.check_name, e.severity) for e in failed] == [
        ("mart_data_quality", "assert_no_data_quality_warnings", dg.AssetCheckSeverity.WARN)
    ]
