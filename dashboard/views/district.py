"""District: risk levels and chronic absence by course and grade level, the data-quality ledger
of the last run, and when the data was published. District staff only."""

import altair as alt
import pandas as pd
import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.ui import header, page_context, published_time

context = page_context()
if not context.viewer.is_district:  # app.py lists the page for district staff only
    st.error("The District page is for district staff.")
    st.stop()
header("District", context)
published = context.published

cols = st.columns(3)
cols[0].metric("Data as of", published.as_of)
cols[1].metric("Published (UTC)", published_time(published))
cols[2].metric("Enrollments", f"{published.row_counts['mart_student_dashboard']:,}")

rules = context.rules
level_names = rules.names
colours = alt.Scale(domain=level_names, range=[level.colour for level in rules.levels])


def risk_chart(frame: pd.DataFrame, dimension: str, title: str) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar(stroke="#333333", strokeWidth=0.5)
        .encode(
            y=alt.Y(f"{dimension}:N", title=title),
            x=alt.X(
                "enrollments:Q",
                stack="normalize",
                title="Share of enrollments",
                axis=alt.Axis(format="%"),
            ),  # fmt: skip
            color=alt.Color(
                "overall_risk_level:N",
                scale=colours,
                sort=level_names,
                legend=alt.Legend(title="Risk level", orient="top"),
            ),  # fmt: skip
            order=alt.Order("risk_rank:Q"),
            tooltip=[dimension, "overall_risk_level", "enrollments"],
        )
    )


def risk_table(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    table = frame.pivot_table(
        index=dimension, columns="overall_risk_level", values="enrollments", fill_value=0
    )
    return table.reindex(columns=level_names, fill_value=0).astype(int).reset_index()


st.header("Risk levels")
by_course = data.risk_by(context.folder, "course_id")
by_grade = data.risk_by(context.folder, "grade_level")
left, right = st.columns(2)
left.altair_chart(risk_chart(by_course, "course_id", "Course"), width="stretch")
right.altair_chart(risk_chart(by_grade, "grade_level", "Grade level"), width="stretch")
left.dataframe(risk_table(by_course, "course_id"), hide_index=True)
right.dataframe(risk_table(by_grade, "grade_level"), hide_index=True)

st.header("Risk levels week by week")
by_week = data.risk_by_week(context.folder)
st.altair_chart(
    alt.Chart(by_week)
    .mark_area(stroke="#333333", strokeWidth=0.5)
    .encode(
        x=alt.X("week_number:O", title="Week of the term"),
        y=alt.Y(
            "enrollments:Q",
            stack="normalize",
            title="Share of enrollments",
            axis=alt.Axis(format="%"),
        ),
        color=alt.Color(
            "overall_risk_level:N",
            scale=colours,
            sort=level_names,
            legend=alt.Legend(title="Risk level", orient="top"),
        ),
        order=alt.Order("risk_rank:Q"),
        tooltip=["week_start", "overall_risk_level", "enrollments"],
    ),
    width="stretch",
)
st.caption(
    "Each week's level by the dashboard's rules on the figures to date (the grade to date in "
    "place of the LMS's current grade)."
)

st.header("Chronic absence")
st.caption(rules.settings.chronic_absence_caption())
left, right = st.columns(2)
left.dataframe(data.chronic_absence_by(context.folder, "course_id"), hide_index=True)
right.dataframe(data.chronic_absence_by(context.folder, "grade_level"), hide_index=True)

st.header("Data quality of the last run")
quality = data.data_quality(context.folder)
warnings = quality[quality["is_warning"] & (quality["rows_affected"] > 0)]
if warnings.empty:
    st.success("No warnings: no cleaning rule had to change or set aside any source row.")
else:
    st.warning(
        f"{len(warnings)} warning(s): source rows were cleaned, set aside or flagged. "
        "Each is counted below; fix them in the source system."
    )
st.dataframe(
    quality[
        ["rule_id", "rule", "source_table", "unit", "rows_affected", "is_warning", "description"]
    ],  # fmt: skip
    hide_index=True,
    width="stretch",
)
