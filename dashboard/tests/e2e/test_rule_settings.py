"""A district changes one cut point through the dbt vars, and the marts' levels, the dashboard's
colours and its words all follow: the cut point lives in the dbt project only, and the run
publishes it with the set (mart_rule_settings) for the dashboard to word its reasons with.

Runs the pipeline (./run.sh) with ``IETA_DBT_VARS='{"grade_risk_low_below": 75}'`` (70 by
default): a current grade of 70 to 74.9 now makes an enrollment Medium.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import PipelineRun, app_test, as_teacher, run_pipeline
from test_pages import RISK_ORDER, row_colours

from ieta_dashboard.published_layout import SETS_FOLDER, mart_file
from ieta_dashboard.risk import LOOKS

CUT_POINT, DEFAULT, CHANGED = "grade_risk_low_below", 70, 75
MEDIUM = LOOKS[3]  # the look of rank 3, Medium


@pytest.fixture(scope="module")
def changed_run(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    return run_pipeline(
        tmp_path_factory.mktemp("changed_cut_point"),
        {"IETA_DBT_VARS": json.dumps({CUT_POINT: CHANGED})},
    )


@pytest.fixture(scope="module")
def newly_medium(changed_run: PipelineRun) -> pd.DataFrame:
    """Enrollments that only the changed cut point makes Medium: a current grade from 70 to 75
    and no other rule that applies (each would be On Track with the default)."""
    frame = changed_run.marts(
        f"""
        select * from marts.mart_student_dashboard
        where current_grade >= {DEFAULT} and current_grade < {CHANGED}
          and trend_status not in ('Failing', 'Declining')
          and coalesce(attendance_status, 'Good') not in ('Critical', 'Warning')
          and missing_work_risk <> 'High'
        order by student_name, course_id, section_id
        """
    )
    assert len(frame) > 0, "the committed data has no enrollment the change affects"
    return frame


def published_settings(run: PipelineRun) -> pd.DataFrame:
    set_id = (run.published / "current.txt").read_text().strip()
    settings = mart_file(Path(run.published) / SETS_FOLDER / set_id, "mart_rule_settings")
    with duckdb.connect() as con:
        return con.execute(f"select * from read_parquet('{settings}')").df()


def test_the_set_publishes_the_cut_point_applied(changed_run: PipelineRun) -> None:
    settings = published_settings(changed_run)
    assert settings[CUT_POINT].tolist() == [CHANGED]
    assert settings["grade_risk_high_below"].tolist() == [60]  # the others keep their defaults


def test_the_marts_levels_follow(changed_run: PipelineRun, newly_medium: pd.DataFrame) -> None:
    assert set(newly_medium["overall_risk_level"]) == {"Medium"}
    assert set(newly_medium["grade_risk"]) == {"Low"}


def test_the_dashboards_colours_and_words_follow(
    changed_run: PipelineRun, newly_medium: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IETA_PUBLISH_DIR", str(changed_run.published))
    student = newly_medium.iloc[0]
    section = f"{student.course_id}:{student.section_id}"
    at = as_teacher(app_test().run(), student.teacher_id)

    # My classes: the row is coloured and labelled Medium.
    at.selectbox(key="my_classes_section").select(section).run()
    assert not at.exception, at.exception
    roster = changed_run.marts(
        f"select * from marts.mart_student_dashboard where course_id = '{student.course_id}' "
        f"and section_id = '{student.section_id}' order by {RISK_ORDER}"
    )
    position = roster.index[roster["student_id"] == student.student_id][0]
    assert at.dataframe[0].value["Risk"][position] == f"{MEDIUM.symbol} Medium"
    assert row_colours(at)[position] == MEDIUM.colour

    # Student: the reason states the cut point the run applied.
    at.switch_page("views/student.py").run()
    at.selectbox(key="student_section").select(section).run()
    at.selectbox(key="student_id").select(student.student_id).run()
    assert not at.exception, at.exception
    reason = f"- Medium: the current grade {student.current_grade:.1f} is below {CHANGED}"
    assert reason in [m.value for m in at.markdown]
