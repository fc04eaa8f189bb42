"""My classes: one section's roster, worst risk first, each row in its risk level's colour."""

import pandas as pd
import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.risk import Rules, week_strip
from ieta_dashboard.ui import header, legend, page_context, pick_section

TRENDS = ["Failing", "Declining", "Fluctuating", "Improving", "No Data"]


def roster_table(roster: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The roster as the teacher sees it (and downloads it)."""
    first, second, third = rules.settings.week_labels()
    table = pd.DataFrame(
        {
            "Risk": roster["overall_risk_level"].map(lambda name: rules.level(name).label),
            "Student": roster["student_name"],
            "Student ID": roster["student_id"],
            first: roster["week_3_grade_check"],
            second: roster["week_6_grade_check"],
            third: roster["week_9_grade_check"],
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
rules = context.rules
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
            f"- {rules.level(row.overall_risk_level).label} **{row.student_name}**: {row.reasons}"
            for row in newly.itertuples()
        )
        or "Nobody crossed a line this week."
    )
    right.markdown(f"**Improved** ({len(improved)})")
    right.markdown(
        "\n".join(
            f"- **{row.student_name}**: {rules.by_rank(row.previous_risk_rank).label} → "
            f"{rules.level(row.overall_risk_level).label}"
            for row in improved.sort_values("student_name").itertuples()
        )
        or "Nobody moved to a better level this week."
    )


changed_this_week()
left, right = st.columns(2)
levels = left.multiselect("Risk level", rules.names, default=rules.names)
trends = right.multiselect("Trend", TRENDS, default=TRENDS)
shown = roster[roster["overall_risk_level"].isin(levels) & roster["trend_status"].isin(trends)]
legend(rules)
table = roster_table(shown, rules)
sparklines = pd.Series(
    [
        [g for g in grades if pd.notna(g)]
        for grades in shown[
            ["week_3_grade_check", "week_6_grade_check", "week_9_grade_check"]
        ].itertuples(index=False)
    ],
    dtype=object,
)
strips = weeks.groupby("student_id")["risk_rank"].agg(lambda ranks: week_strip(list(ranks)))
week_strips = shown["student_id"].map(strips).reset_index(drop=True)
styled = (
    table.assign(**{"Grade trend": sparklines, "Weekly risk": week_strips})
    .style.apply(
        lambda row: rules.row_style(
            shown["overall_risk_level"].iloc[row.name], len(row), row.index.get_loc("Risk")
        ),
        axis=1,
    )
    .format(
        {
            **dict.fromkeys(rules.settings.week_labels(), "{:.1f}"),
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
            "Grade trend",
            help="Week {}, {} and {} checkpoint grades".format(*rules.settings.checkpoint_weeks),
        ),
        "Weekly risk": st.column_config.ImageColumn(
            "Weekly risk",
            help="The risk level of each school week so far, oldest first, in the levels' colours",
            width="medium",
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
