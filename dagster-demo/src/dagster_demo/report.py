"""Print what the last pipeline run did: time per step, the data-quality warnings its checks
raised, and a few lines of the marts.

``./run.sh`` runs it after ``dg launch``; by hand, after any run (``DAGSTER_HOME`` set)::

    python -m dagster_demo.report
"""

from __future__ import annotations

import sys

import dagster as dg
import duckdb

from dagster_demo.resources.warehouse import (
    WarehouseLockedError,
    markdown_table,
    warehouse_from_env,
)


def step_timings(
    instance: dg.DagsterInstance,
) -> tuple[str, list[tuple[str, str, float | None]]]:
    """(run id, [(step, status, seconds)]) of the most recent run in this DAGSTER_HOME; seconds
    is None for a step that never started (skipped)."""
    records = instance.get_run_records(limit=1)
    if not records:
        return "", []
    run = records[0].dagster_run
    stats = instance.get_run_step_stats(run.run_id)
    steps = [
        (
            s.step_key,
            s.status.value if s.status else "?",
            s.end_time - s.start_time if s.start_time and s.end_time else None,
        )
        for s in sorted(stats, key=lambda s: s.start_time or 0)
    ]
    return run.run_id, steps


def data_quality_warnings(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """``<check> on <asset>`` for each asset check of the run that failed with WARN severity:
    a finding about the source data, which does not fail the run."""
    of_type = dg.DagsterEventType.ASSET_CHECK_EVALUATION
    records = instance.get_records_for_run(run_id, of_type=of_type).records
    evaluations = [record.event_log_entry.asset_check_evaluation for record in records]
    return sorted(
        f"{e.check_name} on {e.asset_key.to_user_string()}"
        for e in evaluations
        if e is not None and not e.passed and e.severity == dg.AssetCheckSeverity.WARN
    )


def data_quality_line(warnings: list[str]) -> str:
    if not warnings:
        return "Data quality: every check passed."
    noun = "warning" if len(warnings) == 1 else "warnings"
    return f"{len(warnings)} data-quality {noun}: {', '.join(warnings)}"


def absent_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """With IETA_SOURCE=files, a line per optional file the drop folder did not have (rule
    ``source_absent`` of mart_data_quality), so blank figures come with their reason."""
    rows = con.execute(
        "select description from marts.mart_data_quality "
        "where rule = 'source_absent' and rows_affected > 0 order by source_table"
    ).fetchall()
    return [f"Absent: {description}" for (description,) in rows] + ([""] if rows else [])


def term_line(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The term the run used, naming the export's academic session when the term came from it
    (IETA_SOURCE=files with IETA_TERM_START unset)."""
    try:
        row = con.execute(
            "select term_start, term_session_title, as_of_date from intermediate.int_term_dates"
        ).fetchone()
    except duckdb.Error:
        return []
    if row is None:
        return []
    start, session, as_of = row
    source = f" (academic session {session!r} of the export)" if session else ""
    return [f"Term: starts {start}{source}; as of {as_of}", ""]


def marts_summary(con: duckdb.DuckDBPyConnection) -> str:
    risk = con.execute(
        """
        select overall_risk_level, count(*) as enrollments, count(distinct student_id) as students
        from marts.mart_student_dashboard
        group by overall_risk_level, risk_rank
        order by risk_rank
        """
    ).fetchall()
    classes = con.execute(
        """
        select course_id, section_id, teacher_name, total_students, class_average,
               count_a, count_b, count_c, count_d, count_f
        from marts.mart_class_summary
        order by class_average nulls last, course_id, section_id
        limit 8
        """
    ).fetchall()
    totals = con.execute(
        "select count(*), count(distinct student_id) from marts.mart_student_dashboard"
    ).fetchone()
    sections = con.execute("select count(*) from marts.mart_class_summary").fetchone()[0]
    return "\n".join(
        [
            *term_line(con),
            *absent_sources(con),
            f"Enrollments on the dashboard: {totals[0]:,} ({totals[1]:,} students)",
            "",
            "Students per risk level:",
            markdown_table(["overall_risk_level", "enrollments", "students"], risk),
            "",
            newly_at_risk_line(con),
            "",
            f"Lowest class averages (8 of {sections:,} sections):",
            markdown_table(
                ["course", "section", "teacher", "students", "average", "A", "B", "C", "D", "F"],
                classes,
            ),
        ]
    )


def newly_at_risk_line(con: duckdb.DuckDBPyConnection) -> str:
    """How many enrollments crossed a line this school week (mart_newly_at_risk), and why."""
    week = con.execute("select max(week_as_of) from marts.mart_enrollment_weekly").fetchone()[0]
    if week is None:
        return "Newly at risk this week: no school week up to as_of."
    total, high, attendance, chronic = con.execute(
        """
        select count(*), count(case when became_high_risk then 1 end),
               count(case when attendance_fell then 1 end),
               count(case when became_chronically_absent then 1 end)
        from marts.mart_newly_at_risk
        """
    ).fetchone()
    return (
        f"Newly at risk this week (as of {week:%Y-%m-%d}): {total:,} enrollments "
        f"({high:,} rose to Critical or High, {attendance:,} fell below an attendance cut point, "
        f"{chronic:,} became chronically absent)"
    )


def render(instance: dg.DagsterInstance) -> str:
    """Step timings and data-quality warnings of the latest run in ``instance``, and a summary
    of the marts."""
    lines = []
    run_id, steps = step_timings(instance)
    if steps:
        rows = [
            (step, status, "" if seconds is None else f"{seconds:.1f}")
            for step, status, seconds in steps
        ]
        lines += [f"Run {run_id}:", markdown_table(["step", "status", "seconds"], rows), ""]
    if run_id:
        lines += [data_quality_line(data_quality_warnings(instance, run_id)), ""]
    warehouse = warehouse_from_env()
    try:
        with warehouse.connect() as con:
            lines.append(marts_summary(con))
    except (duckdb.Error, WarehouseLockedError) as exc:
        raise ReportError(f"Cannot read the marts to summarize them: {exc}") from exc
    return "\n".join(lines)


class ReportError(Exception):
    """The warehouse could not be read."""


def main() -> int:
    with dg.DagsterInstance.get() as instance:
        try:
            print(render(instance))
        except ReportError as exc:
            print(exc, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
