"""My classes: one section's roster, worst risk first, each row in its risk level's colour."""

import pandas as pd
import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.risk import BY_NAME, BY_RANK, LEVELS, WEEK_CELLS, row_style
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
weeks = data.section_weeks(context.folder, context.teachers, *section)


def changed_this_week() -> None:
    """Who crossed a line this school week, and who improved: the Monday review starts here."""
    current = weeks[weeks["is_current_week"]]
    if current.empty:
        return
    as_of = current["week_as_of"].iloc[0]
    st.subheader(f"Changed this week (week of {as_of:%b %d})")
    newly = data.newly_at_risk(context.folder, context.teachers, *section)
    improved = current[current["risk_change"] == "better"].merge(
        roster[["student_id", "student_name"]], on="student_id"
    )
    left, right = st.columns(2)
    left.markdown(f"**Newly at risk** ({len(newly)})")
    left.markdown(
        "\n".join(
            f"- {BY_NAME[row.overall_risk_level].label} **{row.student_name}**: {row.reasons}"
            for row in newly.itertuples()
        )
        or "Nobody crossed a line this week."
    )
    right.markdown(f"**Improved** ({len(improved)})")
    right.markdown(
        "\n".join(
            f"- **{row.student_name}**: {BY_RANK[row.previous_risk_rank].label} → "
            f"{BY_NAME[row.overall_risk_level].label}"
            for row in improved.sort_values("student_name").itertuples()
        )
        or "Nobody moved to a better level this week."
    )


changed_this_week()
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
strips = weeks.groupby("student_id")["overall_risk_level"].agg(
    lambda levels: "".join(WEEK_CELLS[level] for level in levels)
)
week_strip = shown["student_id"].map(strips).fillna("").reset_index(drop=True)
styled = (
    table.assign(**{"Grade trend": sparklines, "Weekly risk": week_strip})
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
        "Weekly risk": st.column_config.TextColumn(
            "Weekly risk",
            help="The risk level of each school week so far, oldest first: "
            + ", ".join(f"{WEEK_CELLS[level.name]} {level.name}" for level in LEVELS),
        ),
    },
    column_order=[*table.columns[:6], "Grade trend", "Weekly risk", *table.columns[6:]],
)
st.download_button(
    "Download CSV",
    table.to_csv(index=False).encode(),
    file_name=f"{section[0]}-{section[1]}-roster.csv",
    mime="text/csv",
)
