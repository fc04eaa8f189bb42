"""Student: one enrollment in detail: its items, its attendance calendar, and why its risk
level is what it is."""

import altair as alt
import pandas as pd
import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.risk import BY_NAME, reasons
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
    format_func=lambda sid: f"{names[sid]} ({sid}) — {BY_NAME[levels[sid]].label}",
    key="student_id",
)
row = roster[roster["student_id"] == student_id].iloc[0]
level = BY_NAME[row["overall_risk_level"]]

st.markdown(
    f'<span style="background-color:{level.colour};color:#000;padding:4px 10px;'
    f'border-radius:4px;font-weight:bold">{level.label}</span> '
    f"&nbsp; {row['student_name']} · {row['course_id']} section {row['section_id']} · "
    f"grade level {row['grade_level']}",
    unsafe_allow_html=True,
)
st.subheader("Why this risk level")
st.markdown("\n".join(f"- {reason}" for reason in reasons(row.to_dict())))


def shown(value: object, pattern: str = "{:.1f}") -> str:
    return "—" if pd.isna(value) else pattern.format(value)


cols = st.columns(6)
cols[0].metric("Current grade", shown(row["current_grade"]))
cols[1].metric("Week 3", shown(row["week_3_grade_check"]))
cols[2].metric("Week 6", shown(row["week_6_grade_check"]))
cols[3].metric("Week 9", shown(row["week_9_grade_check"]))
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
