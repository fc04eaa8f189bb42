"""Student: one enrollment in detail: its items, its attendance calendar, and why its risk
level is what it is."""

import altair as alt
import pandas as pd
import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.ui import header, page_context, pick_section

# Attendance marks: colour (Okabe-Ito) and a letter, so the calendar also reads in greyscale.
MARKS = {
    "Present": ("#F2F2F2", ""),
    "Tardy": ("#F0E442", "T"),
    "Excused": ("#56B4E9", "E"),
    "Absent": ("#D55E00", "A"),
}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]


def score_text(item: pd.Series) -> str:
    if item["item_status"] == "submitted":
        clamped = " (clamped to 100)" if item["is_clamped"] else ""
        return f"{item['score']:.1f}{clamped}"
    return item["item_status"]


def attendance_calendar(days: pd.DataFrame, marked: pd.DataFrame, as_of: str) -> alt.Chart:
    days = days[days["school_date"] <= pd.Timestamp(as_of)].copy()
    status = dict(zip(marked["school_date"], marked["status"], strict=True))
    days["status"] = days["school_date"].map(lambda d: status.get(d, "Present"))
    days["weekday"] = days["day_of_week"].map(lambda n: WEEKDAYS[n - 1])
    days["mark"] = days["status"].map(lambda s: MARKS[s][1])
    days["date"] = days["school_date"].dt.strftime("%a %Y-%m-%d")
    days["week"] = "Week " + days["week_of_term"].astype(str)
    base = alt.Chart(days).encode(
        x=alt.X("weekday:O", sort=WEEKDAYS, title=None, axis=alt.Axis(orient="top")),
        y=alt.Y(
            "week:O", sort=sorted(set(days["week"]), key=lambda w: int(w.split()[1])), title=None
        ),  # fmt: skip
    )
    cells = base.mark_rect(stroke="#999999").encode(
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=list(MARKS), range=[c for c, _ in MARKS.values()]),
            legend=alt.Legend(title="Attendance"),
        ),
        tooltip=["date", "status"],
    )
    letters = base.mark_text(fontWeight="bold").encode(text="mark:N")
    return (cells + letters).properties(height=alt.Step(28), width=alt.Step(56))


context = page_context()
rules = context.rules
header("Student", context)
section = pick_section(context, key="student_section")
if section is None:
    st.stop()
roster = data.roster(context.folder, context.teachers, *section)
if roster.empty:
    st.info("No students in this section.")
    st.stop()
names = dict(zip(roster["student_id"], roster["student_name"], strict=True))
levels = dict(zip(roster["student_id"], roster["overall_risk_level"], strict=True))
student_id = st.selectbox(
    "Student (worst risk first)",
    list(names),
    format_func=lambda sid: f"{names[sid]} ({sid}) — {rules.level(levels[sid]).label}",
    key="student_id",
)
row = roster[roster["student_id"] == student_id].iloc[0]
level = rules.level(row["overall_risk_level"])

st.markdown(
    f'<span style="background-color:{level.colour};color:#000;padding:4px 10px;'
    f'border-radius:4px;font-weight:bold">{level.label}</span> '
    f"&nbsp; {row['student_name']} · {row['course_id']} section {row['section_id']} · "
    f"grade level {row['grade_level']}",
    unsafe_allow_html=True,
)
st.subheader("Why this risk level")
st.markdown("\n".join(f"- {reason}" for reason in rules.reasons(row.to_dict())))


def shown(value: object, pattern: str = "{:.1f}") -> str:
    return "—" if pd.isna(value) else pattern.format(value)


first, second, third = rules.settings.week_labels()
cols = st.columns(6)
cols[0].metric("Current grade", shown(row["current_grade"]))
cols[1].metric(first, shown(row["week_3_grade_check"]))
cols[2].metric(second, shown(row["week_6_grade_check"]))
cols[3].metric(third, shown(row["week_9_grade_check"]))
cols[4].metric("Missing work", f"{row['missing_assignments']} of {row['total_assignments']}")
cols[5].metric("Attendance", shown(row["attendance_pct"], "{:.1%}"), row["attendance_status"])

enrollment = (context.folder, context.teachers, str(student_id), *section)
st.subheader("Items")
item_rows = data.items(*enrollment)
st.dataframe(
    pd.DataFrame(
        {
            "Due": item_rows["due_date"].dt.date,
            "Item": item_rows["assignment_name"],
            "Type": item_rows["assignment_type"],
            "Score": [score_text(item) for _, item in item_rows.iterrows()],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader("Attendance")
marked = data.absences(*enrollment)
st.altair_chart(
    attendance_calendar(data.school_days(context.folder), marked, context.published.as_of)
)
counts = marked["status"].value_counts()
st.caption(
    f"Up to {context.published.as_of}: "
    + ", ".join(f"{counts.get(s, 0)} {s.lower()}" for s in ("Absent", "Excused", "Tardy"))
    + f" of {row['total_school_days']} recorded school days (tardy counts as present)."
)

st.subheader("Week by week")
weeks = data.enrollment_weeks(*enrollment)
if weeks.empty:
    st.info("No school week up to the data's date yet.")
else:
    by_week = pd.DataFrame(
        {
            "week": weeks["week_number"],
            "Grade to date": weeks["grade_to_date"].astype(float),
            "Attendance to date (%)": weeks["attendance_pct"].astype(float) * 100,
        }
    ).melt("week", var_name="figure", value_name="value")
    st.altair_chart(
        alt.Chart(by_week)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:O", title="Week of the term"),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "figure:N",
                scale=alt.Scale(range=["#0072B2", "#CC79A7"]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            strokeDash="figure:N",
            tooltip=["week", "figure", "value"],
        ),
        width="stretch",
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Week": weeks["week_number"],
                "As of": weeks["week_as_of"].dt.date,
                "Risk": weeks["overall_risk_level"].map(lambda name: rules.level(name).label),
                "Change": weeks["risk_change"],
                "Grade to date": weeks["grade_to_date"],
                "Missing work": [
                    f"{m} of {t}"
                    for m, t in zip(
                        weeks["missing_assignments"], weeks["total_assignments"], strict=True
                    )
                ],
                "Attendance": weeks["attendance_pct"],
                "Chronically absent": weeks["chronically_absent"].map({True: "yes", False: "no"}),
            }
        ).style.format({"Grade to date": "{:.1f}", "Attendance": "{:.1%}"}, na_rep="—"),
        hide_index=True,
        width="stretch",
    )
    st.markdown(
        "*Each week's figures are as of its last school day; the weekly level uses the grade to "
        "date (the average of the scores of the items due by then), since the LMS's current "
        "grade exists only for today.*"
    )
