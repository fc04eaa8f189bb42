"""What the pages share: the page context (the published set and the viewer, resolved once per
page load by app.py), the header, the section picker and the risk legend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.access import Viewer
from ieta_dashboard.published import PublishedSet
from ieta_dashboard.risk import Rules

CONTEXT_KEY = "ieta_page_context"


@dataclass(frozen=True)
class PageContext:
    published: PublishedSet
    viewer: Viewer

    @property
    def folder(self) -> str:
        return self.published.folder

    @property
    def teachers(self) -> tuple[str, ...] | None:
        """The teacher ids whose sections the viewer sees (None: every section)."""
        return self.viewer.teachers

    @property
    def rules(self) -> Rules:
        """The set's risk levels and cut points (read once per set, then cached)."""
        return data.rules(self.folder)


def set_page_context(context: PageContext) -> None:
    """Called by app.py at the start of every page load, before the page runs. No widget uses
    this key, so nothing a user sends can set it."""
    st.session_state[CONTEXT_KEY] = context


def page_context() -> PageContext:
    return st.session_state[CONTEXT_KEY]


def published_time(published: PublishedSet) -> str:
    """When the set was published, in UTC, to the minute."""
    return datetime.fromisoformat(published.published_at).strftime("%Y-%m-%d %H:%M")


def published_caption(published: PublishedSet) -> str:
    return (
        f"Data as of **{published.as_of}** · published {published_time(published)} UTC · "
        f"set `{published.set_id}`"
    )


def header(title: str, context: PageContext) -> None:
    st.title(title)
    st.caption(f"{context.viewer.label} · {published_caption(context.published)}")
    # A district's export may hold rostering only: say which sources are missing, so that blank
    # figures have a reason on the page.
    for absent in data.absent_sources(context.folder):
        st.info(absent, icon="ℹ️")


def section_key(course_id: str, section_id: str) -> str:
    return f"{course_id}:{section_id}"


def pick_section(context: PageContext, key: str) -> tuple[str, str] | None:
    """A picker of the viewer's sections. The ``section`` query parameter preselects one, if it
    is in scope; the choice is written back so a link shares it."""
    sections = data.sections(context.folder, context.teachers)
    if sections.empty:
        st.info("No sections to show for this view.")
        return None
    options = [
        section_key(c, s) for c, s in zip(sections.course_id, sections.section_id, strict=True)
    ]
    labels = {
        section_key(row.course_id, row.section_id): (
            f"{row.course_id} · section {row.section_id} — {row.teacher_name} "
            f"({row.total_students} students)"
        )
        for row in sections.itertuples()
    }
    wanted = st.query_params.get("section")
    index = 0
    if wanted in labels:
        index = options.index(wanted)
    elif wanted:
        st.warning(f"Section {wanted} is not one of the sections this view shows.")
    chosen = st.selectbox(
        "Section",
        options,
        index=index,
        format_func=lambda option: labels.get(option, option),
        key=key,
    )
    st.query_params["section"] = chosen
    course_id, section_id = chosen.split(":", 1)
    return course_id, section_id


def legend(rules: Rules) -> None:
    """The risk levels' colours, symbols and names, in rank order."""
    swatches = " ".join(
        f'<span style="background-color:{level.colour};color:#000;padding:2px 8px;'
        f'border-radius:4px;margin-right:6px;white-space:nowrap">{level.label}</span>'
        for level in rules.levels
    )
    st.markdown(f"**Risk level** {swatches}", unsafe_allow_html=True)
