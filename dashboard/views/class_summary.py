"""Class summary: per section, the A-F distribution and the lowest, average and highest grade."""

import altair as alt
import pandas as pd
import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.ui import header, page_context, pick_section, section_key

LETTERS = {"A": "count_a", "B": "count_b", "C": "count_c", "D": "count_d", "F": "count_f"}

context = page_context()
header("Class summary", context)
summaries = data.class_summaries(context.folder, context.teachers)
section = pick_section(context, key="summary_section")
if section is None:
    st.stop()
chosen = summaries[
    (summaries["course_id"] == section[0]) & (summaries["section_id"] == section[1])
].iloc[0]

cols = st.columns(4)
cols[0].metric("Students", int(chosen["total_students"]))
for col, (label, column) in zip(
    cols[1:],
    [("Lowest", "lowest_grade"), ("Average", "class_average"), ("Highest", "highest_grade")],
    strict=True,
):
    col.metric(label, "—" if pd.isna(chosen[column]) else f"{chosen[column]:.1f}")

distribution = pd.DataFrame(
    {"letter": list(LETTERS), "students": [int(chosen[c]) for c in LETTERS.values()]}
)
st.altair_chart(
    alt.Chart(distribution)
    .mark_bar(color="#0072B2")
    .encode(
        x=alt.X("letter:N", sort=list(LETTERS), title="Current grade"),
        y=alt.Y("students:Q", title="Students", axis=alt.Axis(tickMinStep=1)),
        tooltip=["letter", "students"],
    )
    .properties(height=260, title=f"{section_key(*section)} grade distribution")
    + alt.Chart(distribution)
    .mark_text(dy=-8)
    .encode(x=alt.X("letter:N", sort=list(LETTERS)), y="students:Q", text="students:Q")
)
st.caption(f"{context.rules.settings.letter_caption()}; students with a current grade.")

st.subheader("All sections in this view")
st.dataframe(
    summaries[
        [
            "course_id",
            "section_id",
            "teacher_name",
            "total_students",
            "lowest_grade",
            "class_average",
            "highest_grade",
            *LETTERS.values(),
        ]
    ].rename(columns={c: letter for letter, c in LETTERS.items()}),  # fmt: skip
    hide_index=True,
    width="stretch",
)
