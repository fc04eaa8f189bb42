"""The run summary's data-quality line: checks that failed with WARN severity are listed, and
they do not fail the run (a real, tiny Dagster run on a temporary instance)."""

from __future__ import annotations

import dagster as dg

from dagster_demo.report import data_quality_line, data_quality_warnings


@dg.asset(
    check_specs=[
        dg.AssetCheckSpec("no_blank_names", asset="roster"),
        dg.AssetCheckSpec("ids_unique", asset="roster"),
        dg.AssetCheckSpec("scores_in_range", asset="roster"),
    ]
)
def roster() -> dg.MaterializeResult:
    warn, error = dg.AssetCheckSeverity.WARN, dg.AssetCheckSeverity.ERROR
    return dg.MaterializeResult(
        check_results=[
            dg.AssetCheckResult(check_name="no_blank_names", passed=False, severity=warn),
            dg.AssetCheckResult(check_name="ids_unique", passed=True, severity=error),
            dg.AssetCheckResult(check_name="scores_in_range", passed=False, severity=warn),
        ]
    )


def test_warn_failures_are_listed_and_do_not_fail_the_run() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([roster], instance=instance)
        assert result.success
        warnings = data_quality_warnings(instance, result.run_id)
    assert warnings == ["no_blank_names on roster", "scores_in_range on roster"]
    assert data_quality_line(warnings) == (
        "2 data-quality warnings: no_blank_names on roster, scores_in_range on roster"
    )
    assert data_quality_line([]) == "Data quality: every check passed."
