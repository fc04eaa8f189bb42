"""Every page, driven by Streamlit's AppTest on the set the pipeline published, checked against
the warehouse's marts (demo mode; tests/e2e/test_access.py covers login and scoping)."""

from __future__ import annotations

import re

import pandas as pd
from conftest import PipelineRun, app_test, as_teacher
from streamlit.testing.v1 import AppTest

from ieta_dashboard.access import DISTRICT_VIEW
from ieta_dashboard.risk import Rules

RISK_ORDER = "risk_rank, current_grade nulls last, student_name, student_id"


def labels(sections: list[str]) -> list[str]:
    """How the section picker names sections (before the teacher's name)."""
    return [f"{s.split(':')[0]} · section {s.split(':')[1]}" for s in sections]


def section_labels(at: AppTest, key: str) -> list[str]:
    return [option.split(" — ")[0] for option in at.selectbox(key=key).options]


def sections_of(pipeline: PipelineRun, teacher: str) -> list[str]:
    frame = pipeline.marts(
        f"select course_id || ':' || section_id as s from marts.mart_class_summary "
        f"where teacher_id = '{teacher}' order by course_id, section_id"
    )
    return frame["s"].tolist()


def expected_roster(pipeline: PipelineRun, section: str) -> pd.DataFrame:
    course_id, section_id = section.split(":")
    return pipeline.marts(
        f"select * from marts.mart_student_dashboard where course_id = '{course_id}' "
        f"and section_id = '{section_id}' order by {RISK_ORDER}"
    )


def row_colours(at: AppTest, index: int = 0) -> dict[int, str]:
    """The background colour of each row's Risk cell (column 0), as the browser is told."""
    css = at.dataframe[index].proto.arrow_data.styler.styles
    colours = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        colour = re.search(r"background-color:\s*(#[0-9A-Fa-f]{6})", body)
        for row in re.findall(r"_row(\d+)_col0\b", selectors):
            colours[int(row)] = colour.group(1)
    return colours


def rules_of(pipeline: PipelineRun) -> Rules:
    """The levels and cut points as the run's warehouse holds them."""
    return Rules.from_frames(
        pipeline.marts("select * from marts.mart_risk_levels"),
        pipeline.marts("select * from marts.mart_rule_settings"),
    )


def default_rules() -> Rules:
    """The dbt project's defaults (dbt_project.yml), as mart_rule_settings publishes them."""
    levels = pd.DataFrame(
        {
            "risk_rank": [1, 2, 3, 4, 5],
            "overall_risk_level": ["Critical", "High", "Medium", "Monitor", "On Track"],
        }
    )
    settings = pd.DataFrame(
        [
            {
                "first_checkpoint_week": 3, "second_checkpoint_week": 6,
                "third_checkpoint_week": 9, "failing_below": 60.0,
                "grade_risk_high_below": 60.0, "grade_risk_low_below": 70.0,
                "letter_a_at": 90.0, "letter_b_at": 80.0, "letter_c_at": 70.0,
                "letter_d_at": 60.0, "missing_work_high_at": 20.0,
                "attendance_critical_below": 0.65, "attendance_warning_below": 0.75,
                "chronic_absence_rate_at": 0.1, "chronic_absence_min_days": 10,
            }
        ]
    )  # fmt: skip
    return Rules.from_frames(levels, settings)


def test_demo_mode_says_so_and_offers_every_view(published, pipeline: PipelineRun) -> None:
    at = app_test().run()
    assert not at.exception, at.exception
    assert "Demo mode" in at.warning[0].value
    teachers = pipeline.marts(
        "select distinct teacher_name || ' (' || teacher_id || ')' as view "
        "from marts.mart_class_summary order by teacher_name, teacher_id"
    )["view"].tolist()
    assert at.sidebar.selectbox[0].options == [DISTRICT_VIEW, *teachers]
    set_id = (published / "current.txt").read_text().strip()
    assert f"set `{set_id}`" in at.caption[0].value


def test_my_classes_shows_a_teachers_students_in_risk_order(
    published, pipeline: PipelineRun, teacher: str
) -> None:
    at = as_teacher(app_test().run(), teacher)
    rules = rules_of(pipeline)
    sections = sections_of(pipeline, teacher)
    assert section_labels(at, "my_classes_section") == labels(sections)
    for section in sections:
        at.selectbox(key="my_classes_section").select(section).run()
        assert not at.exception, at.exception
        assert at.selectbox(key="my_classes_section").value == section
        shown = at.dataframe[0].value
        expected = expected_roster(pipeline, section)
        assert shown["Student ID"].tolist() == expected["student_id"].tolist()
        assert shown["Student"].tolist() == expected["student_name"].tolist()
        assert shown["Risk"].tolist() == [rules.level(n).label for n in expected.overall_risk_level]
        pd.testing.assert_series_equal(
            shown["Current grade"], expected["current_grade"], check_names=False
        )
        pd.testing.assert_series_equal(
            shown["Attendance"], expected["attendance_pct"], check_names=False
        )
        assert shown["Missing work"].tolist() == expected["missing_assignments"].tolist()
        assert (
            shown["ISAT math"].fillna("").tolist() == expected.isat_math_level.fillna("").tolist()
        )
        colours = row_colours(at)
        assert [colours[i] for i in range(len(expected))] == [
            rules.level(n).colour for n in expected.overall_risk_level
        ]
    assert at.get("download_button")[0].label == "Download CSV"


def test_my_classes_filters(published, pipeline: PipelineRun, teacher: str) -> None:
    at = as_teacher(app_test().run(), teacher)
    section = at.selectbox(key="my_classes_section").value
    expected = expected_roster(pipeline, section)
    at.multiselect[0].set_value(["Critical", "High"]).run()
    at.multiselect[1].set_value(["Failing", "Declining", "Fluctuating"]).run()
    keep = expected.overall_risk_level.isin(["Critical", "High"]) & expected.trend_status.isin(
        ["Failing", "Declining", "Fluctuating"]
    )
    shown = at.dataframe[0].value
    assert shown["Student ID"].tolist() == expected[keep]["student_id"].tolist()
    assert f"{keep.sum()} of {len(expected)} students" in [c.value for c in at.caption][-1]


def test_student_page_explains_the_level_and_lists_items_and_absences(
    published, pipeline: PipelineRun, teacher: str
) -> None:
    at = as_teacher(app_test().run(), teacher)
    at.switch_page("views/student.py").run()
    assert not at.exception, at.exception
    rules = rules_of(pipeline)
    section = at.selectbox(key="student_section").value
    expected = expected_roster(pipeline, section)
    student_box = at.selectbox(key="student_id")
    assert student_box.options == [
        f"{r.student_name} ({r.student_id}) — {rules.level(r.overall_risk_level).label}"
        for r in expected.itertuples()
    ]
    # The worst enrollment of the section, and one on track (if any), in turn.
    picks = [0] + [i for i, n in enumerate(expected.overall_risk_level) if n == "On Track"][:1]
    for position in picks:
        row = expected.iloc[position]
        at.selectbox(key="student_id").select(row.student_id).run()
        assert not at.exception, at.exception
        markdown = [m.value for m in at.markdown]
        assert any(rules.level(row.overall_risk_level).label in m for m in markdown)
        why = "\n".join(f"- {r}" for r in rules.reasons(row.to_dict()))
        assert why in markdown
        items = at.dataframe[0].value
        assert (items["Score"] == "missing").sum() == row.missing_assignments
        assert items["Score"].isin(
            ["missing", "not yet due"]
        ).sum() + row.completed_assignments == len(items)
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Missing work"] == f"{row.missing_assignments} of {row.total_assignments}"
        caption = at.caption[-1].value
        assert f"of {row.total_school_days} recorded school days" in caption
        absent = re.search(r"(\d+) absent, (\d+) excused", caption)
        assert int(absent.group(1)) + int(absent.group(2)) == row.days_absent


def test_reasons_name_the_deciding_rule_first() -> None:
    row = {
        "current_grade": 58.4, "trend_status": "Fluctuating", "grade_risk": "High",
        "attendance_pct": 0.9, "attendance_status": "Good", "missing_assignments_pct": 5.0,
        "missing_work_risk": "Low",
    }  # fmt: skip
    rules = default_rules()
    assert rules.reasons(row) == ["High: the current grade 58.4 is below 60"]
    declining = {
        **row, "current_grade": 81.0, "grade_risk": "None", "trend_status": "Declining",
        "week_3_grade_check": 90.0, "week_6_grade_check": 85.5, "week_9_grade_check": 81.0,
    }  # fmt: skip
    assert rules.reasons(declining) == [
        "Monitor: the checkpoint grades are declining (90.0 → 85.5 → 81.0)"
    ]


def test_class_summary(published, pipeline: PipelineRun, teacher: str) -> None:
    at = as_teacher(app_test().run(), teacher)
    at.switch_page("views/class_summary.py").run()
    assert not at.exception, at.exception
    summary = pipeline.marts(
        f"select * from marts.mart_class_summary where teacher_id = '{teacher}' "
        f"order by course_id, section_id"
    )
    table = at.dataframe[0].value
    assert table["section_id"].tolist() == summary["section_id"].tolist()
    assert table[["A", "B", "C", "D", "F"]].values.tolist() == (
        summary[["count_a", "count_b", "count_c", "count_d", "count_f"]].values.tolist()
    )
    first = summary.iloc[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Students"] == str(first.total_students)
    assert metrics["Lowest"] == f"{first.lowest_grade:.1f}"
    assert metrics["Average"] == f"{first.class_average:.1f}"
    assert metrics["Highest"] == f"{first.highest_grade:.1f}"


def test_district_page(published, pipeline: PipelineRun) -> None:
    at = app_test().run()  # demo mode starts in the district view
    at.switch_page("views/district.py").run()
    assert not at.exception, at.exception
    manifest_caption = at.caption[0].value
    as_of = pipeline.marts("select max(as_of_date)::varchar as d from marts.mart_student_dashboard")
    assert f"Data as of **{as_of['d'][0]}**" in manifest_caption
    by_course = at.dataframe[0].value
    expected = pipeline.marts(
        "select course_id, count(*) filter (overall_risk_level = 'Critical') as c, "
        "count(*) filter (overall_risk_level = 'On Track') as o "
        "from marts.mart_student_dashboard group by 1 order by 1"
    )
    assert by_course["Critical"].tolist() == expected["c"].tolist()
    assert by_course["On Track"].tolist() == expected["o"].tolist()
    chronic = at.dataframe[2].value
    expected_chronic = pipeline.marts(
        "select course_id, count(*) filter (chronically_absent) as n "
        "from marts.mart_student_dashboard group by 1 order by 1"
    )
    assert chronic["chronically_absent"].tolist() == expected_chronic["n"].tolist()
    warnings = pipeline.marts(
        "select count(*) as n from marts.mart_data_quality where is_warning and rows_affected > 0"
    )["n"][0]
    assert f"{warnings} warning(s)" in at.warning[-1].value
    assert len(at.dataframe[4].value) == len(
        pipeline.marts("select * from marts.mart_data_quality")
    )


def test_no_published_data_is_a_clear_message(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("IETA_PUBLISH_DIR", str(tmp_path / "nothing"))
    at = app_test().run()
    assert "No published data" in at.error[0].value
    assert "./run.sh" in at.error[0].value
