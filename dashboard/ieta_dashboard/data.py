"""Every query the pages run, scoped to the viewer inside the SQL and cached per published set.

Each function takes the folder of one published set (its name is the set id, so the cache never
serves one set's rows for another) and, where it reads student rows, ``teachers``: the teacher
ids whose sections the viewer may see, or ``None`` for every section (district staff). Ids, not
names: two teachers may share a name, never an id. The scope is a condition of the SQL itself,
so no parameter a page passes (a section picked, a query parameter, a student id) can reach a
row outside it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ieta_dashboard.published import query
from ieta_dashboard.published_layout import mart_file
from ieta_dashboard.risk import Rules

Teachers = tuple[str, ...] | None

# The condition every scoped query applies to the section's teacher (by id).
IN_SCOPE = "($everyone or list_contains($teachers, teacher_id))"
RISK_ORDER = "risk_rank, current_grade nulls last, student_name, student_id"
CACHE = {"show_spinner": False, "max_entries": 512}


def _file(set_folder: str, mart: str) -> str:
    return str(mart_file(set_folder, mart))


def _scope(teachers: Teachers) -> dict[str, object]:
    return {"everyone": teachers is None, "teachers": list(teachers or ())}


@st.cache_data(**CACHE)
def teachers(set_folder: str) -> dict[str, str]:
    """Every section teacher, id -> name, by name (the demo mode's picker)."""
    frame = query(
        "select distinct teacher_id, teacher_name from read_parquet($summary) "
        "where teacher_id is not null order by teacher_name, teacher_id",
        {"summary": _file(set_folder, "mart_class_summary")},
    )
    return dict(zip(frame["teacher_id"], frame["teacher_name"], strict=True))


@st.cache_data(**CACHE)
def sections(set_folder: str, teachers: Teachers) -> pd.DataFrame:
    """The sections in scope, with their teacher and size."""
    return query(
        f"""
        select course_id, section_id, teacher_name, total_students
        from read_parquet($summary)
        where {IN_SCOPE}
        order by course_id, section_id
        """,
        {"summary": _file(set_folder, "mart_class_summary"), **_scope(teachers)},
    )


@st.cache_data(**CACHE)
def roster(set_folder: str, teachers: Teachers, course_id: str, section_id: str) -> pd.DataFrame:
    """One section's enrollments, worst risk first (empty when the section is out of scope)."""
    return query(
        f"""
        select *
        from read_parquet($dashboard)
        where course_id = $course_id and section_id = $section_id and {IN_SCOPE}
        order by {RISK_ORDER}
        """,
        {
            "dashboard": _file(set_folder, "mart_student_dashboard"),
            "course_id": course_id,
            "section_id": section_id,
            **_scope(teachers),
        },
    )


def _enrollment_detail(
    set_folder: str, name: str, teachers: Teachers, student_id: str, course_id: str, section_id: str
) -> pd.DataFrame:
    """Rows of a detail file for one enrollment, if its section is in scope."""
    return query(
        f"""
        select *
        from read_parquet($detail) as d
        where d.student_id = $student_id and d.course_id = $course_id
          and d.section_id = $section_id
          and exists (
              select 1 from read_parquet($summary) as s
              where s.course_id = d.course_id and s.section_id = d.section_id and {IN_SCOPE}
          )
        """,
        {
            "detail": _file(set_folder, name),
            "summary": _file(set_folder, "mart_class_summary"),
            "student_id": str(student_id),
            "course_id": course_id,
            "section_id": section_id,
            **_scope(teachers),
        },
    )


@st.cache_data(**CACHE)
def items(
    set_folder: str, teachers: Teachers, student_id: str, course_id: str, section_id: str
) -> pd.DataFrame:
    """Every graded item of one enrollment, by due date."""
    frame = _enrollment_detail(
        set_folder, "mart_enrollment_items", teachers, student_id, course_id, section_id
    )
    return frame.sort_values(["due_date", "assignment_number"], ignore_index=True)


@st.cache_data(**CACHE)
def absences(
    set_folder: str, teachers: Teachers, student_id: str, course_id: str, section_id: str
) -> pd.DataFrame:
    """The days one enrollment was marked Absent, Tardy or Excused, up to as_of."""
    frame = _enrollment_detail(
        set_folder, "mart_enrollment_absences", teachers, student_id, course_id, section_id
    )
    return frame.sort_values("school_date", ignore_index=True)


@st.cache_data(**CACHE)
def school_days(set_folder: str) -> pd.DataFrame:
    return query(
        "select * from read_parquet($days) order by school_date",
        {"days": _file(set_folder, "mart_school_days")},
    )


@st.cache_data(**CACHE)
def class_summaries(set_folder: str, teachers: Teachers) -> pd.DataFrame:
    return query(
        f"select * from read_parquet($summary) where {IN_SCOPE} order by course_id, section_id",
        {"summary": _file(set_folder, "mart_class_summary"), **_scope(teachers)},
    )


@st.cache_data(**CACHE)
def risk_by(set_folder: str, dimension: str) -> pd.DataFrame:
    """Enrollments per risk level and ``dimension`` (course_id or grade_level), district-wide."""
    if dimension not in ("course_id", "grade_level"):
        raise ValueError(f"cannot group by {dimension!r}")
    return query(
        f"""
        select {dimension}, overall_risk_level, risk_rank, count(*) as enrollments
        from read_parquet($dashboard)
        group by all
        order by {dimension}, risk_rank
        """,
        {"dashboard": _file(set_folder, "mart_student_dashboard")},
    )


@st.cache_data(**CACHE)
def chronic_absence_by(set_folder: str, dimension: str) -> pd.DataFrame:
    """Chronically absent enrollments per ``dimension`` (course_id or grade_level)."""
    if dimension not in ("course_id", "grade_level"):
        raise ValueError(f"cannot group by {dimension!r}")
    return query(
        f"""
        select
            {dimension},
            count(*) as enrollments,
            count(*) filter (chronically_absent) as chronically_absent,
            round(100.0 * count(*) filter (chronically_absent) / count(*), 1) as percent
        from read_parquet($dashboard)
        group by all
        order by {dimension}
        """,
        {"dashboard": _file(set_folder, "mart_student_dashboard")},
    )


@st.cache_data(**CACHE)
def data_quality(set_folder: str) -> pd.DataFrame:
    return query(
        "select * from read_parquet($quality) order by rule_id, rule, source_table",
        {"quality": _file(set_folder, "mart_data_quality")},
    )


@st.cache_data(**CACHE)
def rules(set_folder: str) -> Rules:
    """The risk levels and the cut points the set was computed with (its words come from
    these, so they always agree with its colours)."""
    return Rules.from_frames(
        query(
            "select * from read_parquet($levels)",
            {"levels": _file(set_folder, "mart_risk_levels")},
        ),
        query(
            "select * from read_parquet($settings)",
            {"settings": _file(set_folder, "mart_rule_settings")},
        ),
    )


def _section_weeks(
    set_folder: str, name: str, teachers: Teachers, course_id: str, section_id: str
) -> pd.DataFrame:
    """Rows of a weekly file for one section, if the section is in scope."""
    return query(
        f"""
        select w.*
        from read_parquet($weekly) as w
        where w.course_id = $course_id and w.section_id = $section_id
          and exists (
              select 1 from read_parquet($summary) as s
              where s.course_id = w.course_id and s.section_id = w.section_id and {IN_SCOPE}
          )
        """,
        {
            "weekly": _file(set_folder, name),
            "summary": _file(set_folder, "mart_class_summary"),
            "course_id": course_id,
            "section_id": section_id,
            **_scope(teachers),
        },
    )


@st.cache_data(**CACHE)
def section_weeks(
    set_folder: str, teachers: Teachers, course_id: str, section_id: str
) -> pd.DataFrame:
    """Every school week of one section's enrollments (mart_enrollment_weekly), oldest first."""
    frame = _section_weeks(set_folder, "mart_enrollment_weekly", teachers, course_id, section_id)
    return frame.sort_values(["student_id", "week_start"], ignore_index=True)


@st.cache_data(**CACHE)
def newly_at_risk(
    set_folder: str, teachers: Teachers, course_id: str, section_id: str
) -> pd.DataFrame:
    """The section's enrollments that crossed a line this week, worst first, with the reasons."""
    frame = _section_weeks(set_folder, "mart_newly_at_risk", teachers, course_id, section_id)
    return frame.sort_values(["risk_rank", "student_name"], ignore_index=True)


@st.cache_data(**CACHE)
def enrollment_weeks(
    set_folder: str, teachers: Teachers, student_id: str, course_id: str, section_id: str
) -> pd.DataFrame:
    """One enrollment's school weeks, oldest first."""
    frame = _enrollment_detail(
        set_folder, "mart_enrollment_weekly", teachers, student_id, course_id, section_id
    )
    return frame.sort_values("week_start", ignore_index=True)


@st.cache_data(**CACHE)
def risk_by_week(set_folder: str) -> pd.DataFrame:
    """Enrollments per risk level and school week, district-wide."""
    return query(
        """
        select week_start, week_number, overall_risk_level, risk_rank, count(*) as enrollments
        from read_parquet($weekly)
        group by all
        order by week_start, risk_rank
        """,
        {"weekly": _file(set_folder, "mart_enrollment_weekly")},
    )


@st.cache_data(**CACHE)
def absent_sources(set_folder: str) -> list[str]:
    """What the district's export did not hold ("No gradebook in this export ..."), from the
    data-quality ledger's source_absent rows: the figures that need it are blank for a reason."""
    frame = query(
        "select description from read_parquet($quality) "
        "where rule = 'source_absent' and rows_affected > 0 order by source_table",
        {"quality": _file(set_folder, "mart_data_quality")},
    )
    return frame["description"].tolist()
