"""The term's story on the pages: My classes opens with what changed this week and shows each
student's weekly risk strip; the Student page has the weekly table; the District page the share
of each level by week. Checked against the published weekly marts."""

from __future__ import annotations

from conftest import PipelineRun, app_test, as_teacher
from test_pages import rules_of

from ieta_dashboard.risk import week_strip


def section_parts(section: str) -> tuple[str, str]:
    course_id, section_id = section.split(":")
    return course_id, section_id


def test_my_classes_opens_with_the_changes_of_the_week(
    published, pipeline: PipelineRun, teacher: str
) -> None:
    at = as_teacher(app_test().run(), teacher)
    course_id, section_id = section_parts(at.selectbox(key="my_classes_section").value)
    where = f"course_id = '{course_id}' and section_id = '{section_id}'"
    newly = pipeline.marts(f"select * from marts.mart_newly_at_risk where {where}")
    improved = pipeline.marts(
        f"select * from marts.mart_enrollment_weekly where {where} "
        "and is_current_week and risk_change = 'better'"
    )
    assert at.subheader[0].value.startswith("Changed this week")
    markdown = "\n".join(m.value for m in at.markdown)
    assert f"**Newly at risk** ({len(newly)})" in markdown
    assert f"**Improved** ({len(improved)})" in markdown
    for row in newly.itertuples():
        assert f"**{row.student_name}**: {row.reasons}" in markdown

    weeks = pipeline.marts(
        f"select student_id, risk_rank from marts.mart_enrollment_weekly "
        f"where {where} order by student_id, week_start"
    )
    strips = weeks.groupby("student_id")["risk_rank"].agg(lambda ranks: week_strip(list(ranks)))
    shown = at.dataframe[0].value
    assert shown["Weekly risk"].tolist() == [strips[sid] for sid in shown["Student ID"]]


def test_student_page_has_the_weekly_table(published, pipeline: PipelineRun, teacher: str) -> None:
    at = as_teacher(app_test().run(), teacher)
    at.switch_page("views/student.py").run()
    assert not at.exception, at.exception
    course_id, section_id = section_parts(at.selectbox(key="student_section").value)
    student_id = at.selectbox(key="student_id").value
    expected = pipeline.marts(
        f"select * from marts.mart_enrollment_weekly where course_id = '{course_id}' "
        f"and section_id = '{section_id}' and student_id = '{student_id}' order by week_start"
    )
    assert "Week by week" in [s.value for s in at.subheader]
    weekly = at.dataframe[-1].value
    assert weekly["Week"].tolist() == expected["week_number"].tolist()
    rules = rules_of(pipeline)
    assert weekly["Risk"].tolist() == [rules.level(n).label for n in expected.overall_risk_level]
    assert weekly["Change"].tolist() == expected["risk_change"].tolist()


def test_district_page_shows_levels_by_week(published, pipeline: PipelineRun) -> None:
    at = app_test().run()
    at.switch_page("views/district.py").run()
    assert not at.exception, at.exception
    assert "Risk levels week by week" in [h.value for h in at.header]
