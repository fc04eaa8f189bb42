"""Who is looking, and which sections they may see.

With login configured (an ``[auth]`` section in ``.streamlit/secrets.toml``, see
``.streamlit/secrets.example.toml``), the viewer is the e-mail of Streamlit's OIDC login
(``st.user``), looked up in the access file (``IETA_DASHBOARD_ACCESS``, default
``dashboard/access.toml``; see ``access.example.toml``): a teacher sees the sections whose
teacher id (the SIS's staff id; on the files path the OneRoster sourcedId) the file gives their
e-mail, district staff see every section. Anyone else sees nothing. Never by name: two teachers
may share a name, never an id.

Without login the dashboard runs in demo mode: a banner says so, and a picker chooses whose view
to show. The viewer comes from :func:`current_viewer` alone; every query is scoped by its result.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from ieta_dashboard.published import REPO_ROOT

DISTRICT_VIEW = "District staff (every section)"


@dataclass(frozen=True)
class Viewer:
    label: str
    teachers: tuple[str, ...] | None  # the teacher ids whose sections they see; None = all
    demo: bool

    @property
    def is_district(self) -> bool:
        return self.teachers is None


@dataclass(frozen=True)
class AccessMap:
    teachers: dict[str, tuple[str, ...]]  # e-mail (lower case) -> teacher ids
    district_staff: frozenset[str]  # e-mails (lower case)

    def viewer(self, email: str) -> Viewer | None:
        email = email.strip().lower()
        if email in self.district_staff:
            return Viewer(label=email, teachers=None, demo=False)
        if email in self.teachers:
            return Viewer(label=email, teachers=self.teachers[email], demo=False)
        return None


def access_file() -> Path:
    configured = Path(
        os.environ.get("IETA_DASHBOARD_ACCESS") or REPO_ROOT / "dashboard" / "access.toml"
    )
    return configured if configured.is_absolute() else REPO_ROOT / configured


def load_access(path: Path) -> AccessMap:
    """Read the access file: ``[teachers]`` maps an e-mail to a teacher id (or a list of ids),
    ``[district] staff`` lists the e-mails that see every section."""
    try:
        settings = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise FileNotFoundError(
            f"Login is configured but the access file {path} does not exist. Copy "
            f"dashboard/access.example.toml to it and list who sees what (or set "
            f"IETA_DASHBOARD_ACCESS)."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from None
    teachers = {}
    for email, ids in settings.get("teachers", {}).items():
        ids = (ids,) if isinstance(ids, str) else tuple(ids)
        teachers[email.strip().lower()] = tuple(str(i).strip() for i in ids)
    staff = frozenset(e.strip().lower() for e in settings.get("district", {}).get("staff", []))
    return AccessMap(teachers=teachers, district_staff=staff)


def demo_label(option: str, teachers: dict[str, str]) -> str:
    """A view of the demo picker as shown: the teacher's name and id (names may repeat)."""
    return option if option == DISTRICT_VIEW else f"{teachers[option]} ({option})"


def login_configured() -> bool:
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:
        return False


def current_viewer(teachers: dict[str, str]) -> Viewer:
    """The viewer of this page load, from the login (or, in demo mode, the picker of
    ``teachers``, id -> name). Stops the page with a message when nobody may see anything."""
    if not login_configured():
        st.warning(
            "**Demo mode**: no login is configured, so anyone who can open this page can "
            "choose any teacher's view. Configure login before real student data goes here "
            "(see the README, *Teacher dashboard*).",
            icon="⚠️",
        )
        choice = st.sidebar.selectbox(
            "View as (demo mode)",
            [DISTRICT_VIEW, *teachers],
            format_func=lambda option: demo_label(option, teachers),
        )
        if choice == DISTRICT_VIEW:
            return Viewer(label=DISTRICT_VIEW, teachers=None, demo=True)
        return Viewer(label=demo_label(choice, teachers), teachers=(choice,), demo=True)
    if not st.user.is_logged_in:
        st.title("IETA teacher dashboard")
        st.write("Log in with your school account to see your classes.")
        st.button("Log in", on_click=st.login, type="primary")
        st.stop()
    email = str(st.user.get("email") or "")
    viewer = load_access(access_file()).viewer(email)
    st.sidebar.write(f"Logged in as **{email}**")
    st.sidebar.button("Log out", on_click=st.logout)
    if viewer is None:
        st.title("IETA teacher dashboard")
        st.error(
            f"{email or 'This login'} has no access to the dashboard. Ask the district's data "
            f"team to add you to the dashboard's access file."
        )
        st.stop()
    return viewer
