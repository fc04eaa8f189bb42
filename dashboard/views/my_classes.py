"""My classes: one section's roster, worst risk first, each row in its risk level's colour."""

import pandas as pd
import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.risk import BY_NAME, LEVELS, row_style
from ieta_dashboard.ui import header, legend, page_context, pick_section

TRENDS = ["Failing", "Declining", "Fluctuating", "Improving", "No Data"]


def roster_table(roster: pd.DataFrame) -> pd.DataFrame:
    """The roster as the teacher sees it (and downloads it)."""
    table = pd.DataFrame(
        {
            "Risk": roster["overall_risk_level"].map(lambda name: BY_NAME[name].label),
            "Student": roster["student_name"],
            "Student ID": roster["student_id"],
            "Week 3": roster["week_3_grade_check"],
            "Week 6": roster["week_6_grade_check"],
            "Week 9": roster["week_9_grade_check"],
            "Trend": roster["trend_status"],
            "Current grade": roster["current_grade"],
            "Missing work": roster["missing_assignments"],
            "Missing %": roster["missing_assignments_pct"],
            "Attendance": roster["attendance_pct"],
            "Attendance status": roster["attendance_status"],
            "Chronically absent": roster["chronically_absent"].map({True: "yes", False: "no"}),
            "ISAT math": roster["isat_math_level"],
            "ISAT ELA": roster["isat_ela_level"],
        }
    )
    return table.reset_index(drop=True)


context = page_context()
header("My classes", context)
section = pick_section(context, key="my_classes_section")
if section is None:
    st.stop()
roster = data.roster(context.folder, context.teachers, *section)

left, right = st.columns(2)
levels = left.multiselect(
    "Risk level", [level.name for level in LEVELS], default=[level.name for level in LEVELS]
)
trends = right.multiselect("Trend", TRENDS, default=TRENDS)
shown = roster[roster["overall_risk_level"].isin(levels) & roster["trend_status"].isin(trends)]
legend()
table = roster_table(shown)
sparklines = pd.Series(
    [
        [g for g in grades if pd.notna(g)]
        for grades in shown[
            ["week_3_grade_check", "week_6_grade_check", "week_9_grade_check"]
        ].itertuples(index=False)
    ],
    dtype=object,
)
styled = (
    table.assign(**{"Grade trend": sparklines})
    .style.apply(
        lambda row: row_style(
            shown["overall_risk_level"].iloc[row.name], len(row), row.index.get_loc("Risk")
        ),
        axis=1,
    )
    .format(
        {
            "Week 3": "{:.1f}",
            "Week 6": "{:.1f}",
            "Week 9": "{:.1f}",
            "Current grade": "{:.1f}",
            "Missing %": "{:.1f}",
            "Attendance": "{:.1%}",
        },
        na_rep="—",
    )
)
st.caption(f"{len(shown)} of {len(roster)} students, worst risk first")
st.dataframe(
    styled,
    hide_index=True,
    width="stretch",
    column_config={
        "Grade trend": st.column_config.LineChartColumn(
            "Grade trend", help="Week 3, 6 and 9 checkpoint grades"
        ),
    },
    column_order=[*table.columns[:6], "Grade trend", *table.columns[6:]],
)
st.download_button(
    "Download CSV",
    table.to_csv(index=False).encode(),
    file_name=f"{section[0]}-{section[1]}-roster.csv",
    mime="text/csv",
)
