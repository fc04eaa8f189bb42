"""A real sign-in, in a real browser, against a real OpenID Connect provider.

The provider (``identity_provider.py``: oidc-provider-mock, signed ID tokens, discovery, JWKS)
runs in this process; the dashboard is started with ``./dashboard.sh`` on a free port, its
``[auth]`` section in a temporary secrets file (``STREAMLIT_SECRETS_FILES``) and its access file
in ``IETA_DASHBOARD_ACCESS``, on the set the pipeline run of this session published. Headless
Chromium (Selenium with Debian's chromium and chromedriver) then goes through what a district's
security reviewer would try:

1. a teacher signs in and sees exactly their own sections on every page (compared with the
   published marts), and no District page;
2. the teacher edits the address (another section in the query string, on every page, with
   another section's student on the Student page; the District page's URL) and sees nothing
   of other sections;
3. an edited login cookie is not a login;
4. logging out, then the back button and a reload, show the login page, not data;
5. district staff sign in and see every section and the District page;
6. an e-mail in no access list signs in and sees "no access" and no data;
7. an expired ID token and a forged one (another e-mail, signed with a key that is not the
   provider's) are refused: the browser ends on the login page, with no login cookie.

Each step leaves a screenshot in ``test-artifacts/login/``.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from browser import Browser, missing_browser
from conftest import REPO, PipelineRun, free_port
from identity_provider import IdentityProvider, claims_of, running_provider, verifies
from test_live import wait_http

from ieta_dashboard.published import current_set

pytestmark = pytest.mark.skipif(
    os.name == "nt" or missing_browser() is not None,
    reason=f"the login test needs ./dashboard.sh and a browser: {missing_browser()}",
)

TEACHER_EMAIL = "teacher.one@district.example.org"
STAFF_EMAIL = "data-team@district.example.org"
STRANGER_EMAIL = "someone.else@example.org"
AUTH_COOKIE = "_streamlit_user"
LOGIN_PAGE = "Log in with your school account"
NOT_IN_VIEW = "is not one of the sections this view shows"
STUDENT_ID = re.compile(r"\b\d{5,}\b")
# What the dashboard's OIDC client (Authlib) raises for each bad token.
REFUSAL_REASONS = {"expired": "ExpiredTokenError", "forged": "BadSignatureError"}


@dataclass(frozen=True)
class Published:
    """The set the dashboard serves, read the way the pages must agree with it."""

    folder: str

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect() as con:
            return con.execute(
                sql.format(
                    summary=f"read_parquet('{self.folder}/mart_class_summary.parquet')",
                    dashboard=f"read_parquet('{self.folder}/mart_student_dashboard.parquet')",
                )
            ).fetchall()

    def sections(self, teacher: str | None = None) -> list[str]:
        where = "" if teacher is None else f"where teacher_id = '{teacher}'"
        rows = self.query(f"select course_id, section_id from {{summary}} {where} order by 1, 2")
        return [f"{course} · section {section}" for course, section in rows]

    def students(self, teacher: str) -> set[str]:
        rows = self.query(f"select student_id from {{dashboard}} where teacher_id = '{teacher}'")
        return {str(row[0]) for row in rows}

    def all_students(self) -> set[str]:
        return {str(row[0]) for row in self.query("select student_id from {dashboard}")}


@dataclass
class Dashboard:
    url: str
    provider: IdentityProvider
    published: Published
    teacher: str  # the signed-in teacher's id
    other: str  # another teacher's id
    artifacts: Path
    browser: Browser
    refused: list[str]

    def shot(self, name: str) -> None:
        self.browser.screenshot(self.artifacts / f"{name}.png")

    def sign_in(self, email: str, expect: str) -> str:
        """From the login page, through the provider's form, back to the dashboard."""
        self.browser.open(self.url, LOGIN_PAGE)
        self.browser.click_button("Log in")
        deadline = time.monotonic() + 30
        while not self.browser.count('input[name="sub"]'):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no authorization form:\n{self.browser.text()}")
            time.sleep(0.2)
        field = self.browser.driver.find_element("css selector", 'input[name="sub"]')
        field.send_keys(email)
        self.browser.click_button("Authorize")
        return self.browser.wait_drawn(expect, settle=1)

    def sign_out(self) -> None:
        self.browser.click_button("Log out")
        # The provider's end-session page (it publishes end_session_endpoint), then back.
        deadline = time.monotonic() + 30
        while "End session" not in self.browser.text():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no end-session page:\n{self.browser.text()}")
            time.sleep(0.2)
        self.browser.click_button("End session")
        self.browser.wait_drawn(LOGIN_PAGE)

    def has_login_cookie(self) -> bool:
        return any(c["name"].startswith(AUTH_COOKIE) for c in self.browser.driver.get_cookies())

    def shows_nothing_of_others(self, text: str) -> None:
        """No student outside the teacher's sections, and no other section, is on the page."""
        others = self.published.all_students() - self.published.students(self.teacher)
        assert not set(STUDENT_ID.findall(text)) & others
        for section in set(self.published.sections(self.other)) - set(
            self.published.sections(self.teacher)
        ):
            assert section not in text
        assert "Data quality of the last run" not in text
        assert not self.browser.shows_exception(), text


@pytest.fixture(scope="module")
def dashboard(
    pipeline: PipelineRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dashboard]:
    folder = tmp_path_factory.mktemp("login")
    published = Published(current_set(pipeline.published).folder)
    teacher, other = (row[0] for row in published.query(
        "select distinct teacher_id from {summary} order by 1 limit 2"
    ))  # fmt: skip
    access = folder / "access.toml"
    access.write_text(
        f'[teachers]\n"{TEACHER_EMAIL}" = "{teacher}"\n\n[district]\nstaff = ["{STAFF_EMAIL}"]\n'
    )
    refused: list[str] = []  # the bad tokens the tests sent
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    artifacts = REPO / "test-artifacts" / "login"
    artifacts.mkdir(parents=True, exist_ok=True)
    for old in artifacts.glob("*.png"):
        old.unlink()
    with pytest.MonkeyPatch.context() as env, running_provider(STAFF_EMAIL) as provider:
        env.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider serves http, on this machine
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "{url}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "ieta-dashboard"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n'
        )
        log = folder / "dashboard.log"
        env = {
            **os.environ,
            "DASHBOARD_PORT": str(port),
            "IETA_PUBLISH_DIR": str(pipeline.published),
            "IETA_DASHBOARD_ACCESS": str(access),
            "STREAMLIT_SECRETS_FILES": str(secrets_file),
        }
        env.pop("VIRTUAL_ENV", None)
        process = subprocess.Popen(
            [str(REPO / "dashboard.sh")], cwd=REPO, env=env,
            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        browser = None
        try:
            wait_http(f"{url}/_stcore/health", process, timeout=120)
            browser = Browser(width=1400, height=1000)
            yield Dashboard(url, provider, published, teacher, other, artifacts, browser, refused)
        finally:
            if browser is not None:
                browser.close()
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    text = log.read_text()
    (artifacts / "dashboard.log").write_text(text)
    # The only errors: the refused ID tokens, each for its reason.
    refusals = text.count("OAuth token exchange failed")
    assert refusals == text.count("Traceback") == len(refused), text[-5000:]
    assert all(REFUSAL_REASONS[mode] in text for mode in refused), text[-5000:]
    names = published.query("select student_name from {dashboard}")
    assert not [n for (n,) in names if n in text], "student names in the log"


def test_signing_in_through_the_provider(dashboard: Dashboard) -> None:
    d, b = dashboard, dashboard.browser
    own = d.published.sections(d.teacher)

    # Nobody signed in: the login page, no data.
    text = b.open(d.url, LOGIN_PAGE)
    assert not STUDENT_ID.findall(text) and "Demo mode" not in text
    d.shot("01-login-page")

    # 1. The teacher signs in: their own sections on every page, no District page.
    text = d.sign_in(TEACHER_EMAIL, "students, worst risk first")
    assert d.has_login_cookie()
    assert f"Logged in as {TEACHER_EMAIL}" in text
    assert "District" not in b.navigation()
    d.shot("02-teacher-my-classes")
    for path, ready in [
        ("", "students, worst risk first"),
        ("student", " · grade level "),
        ("class-summary", "All sections in this view"),
    ]:
        text = b.open(f"{d.url}/{path}", ready, settle=1)
        options = b.selectbox_options("Section")
        assert [o.split(" — ")[0] for o in options] == own, (path, options)
        name = d.published.query(
            f"select any_value(teacher_name) from {{summary}} where teacher_id = '{d.teacher}'"
        )[0][0]
        assert all(f"— {name} (" in o for o in options)
        d.shows_nothing_of_others(text)
        d.shot(f"03-teacher-{path or 'my-classes'}")
    rows = d.published.query(
        f"select count(*) from {{dashboard}} where teacher_id = '{d.teacher}' "
        f"and course_id || ' · section ' || section_id = '{own[0]}'"
    )[0][0]
    text = b.open(d.url, "students, worst risk first")
    assert f"{rows} of {rows} students, worst risk first" in text

    # 2. Address-bar edits: another teacher's section on every page, with one of their
    # students on the Student page, and the District page's URL.
    other_section = next(s for s in d.published.sections(d.other) if s not in own)
    link = other_section.replace(" · section ", ":")
    other_student = min(d.published.students(d.other) - d.published.students(d.teacher))
    for path, query in [
        ("", f"section={link}"),
        ("student", f"section={link}&student_id={other_student}&student={other_student}"),
        ("class-summary", f"section={link}"),
    ]:
        text = b.open(f"{d.url}/{path}?{query}", NOT_IN_VIEW, settle=1)
        d.shows_nothing_of_others(text)
        d.shot(f"04-teacher-edits-{path or 'my-classes'}")
    # Not a page of a teacher's app: Streamlit says so and runs My classes instead.
    text = b.open(f"{d.url}/district", "students, worst risk first", settle=1)
    assert "Page not found" in text
    assert "Risk levels" not in text and "Chronic absence" not in text
    d.shows_nothing_of_others(text)
    d.shot("05-teacher-opens-district-url")

    # 3. An edited login cookie is no login.
    cookie = next(c for c in b.driver.get_cookies() if c["name"].startswith(AUTH_COOKIE))
    b.driver.delete_all_cookies()
    b.driver.add_cookie({"name": cookie["name"], "value": cookie["value"][:-6] + "AAAAAA",
                         "path": cookie.get("path", "/")})  # fmt: skip
    text = b.open(d.url, LOGIN_PAGE)
    assert not STUDENT_ID.findall(text)
    d.shot("06-edited-cookie")

    # 4. Log out; then back and reload show the login page.
    d.sign_in(TEACHER_EMAIL, "students, worst risk first")
    b.open(f"{d.url}/student", " · grade level ")
    d.sign_out()
    assert not d.has_login_cookie()
    d.shot("07-logged-out")
    # Back through the provider's end-session page to the Student page that showed data.
    b.driver.back()
    while b.driver.current_url.startswith(d.provider.url):
        b.driver.back()
    assert b.driver.current_url.startswith(f"{d.url}/student")
    text = b.wait_drawn(LOGIN_PAGE)
    assert not STUDENT_ID.findall(text)
    d.shot("08-logged-out-back")
    b.driver.refresh()
    text = b.wait_drawn(LOGIN_PAGE)
    assert not STUDENT_ID.findall(text)
    d.shot("09-logged-out-reload")

    # 5. District staff: every section, and the District page.
    text = d.sign_in(STAFF_EMAIL, "students, worst risk first")
    assert "District" in b.navigation()
    text = b.open(f"{d.url}/class-summary", "All sections in this view", settle=1)
    grid = b.driver.find_elements("css selector", '[data-testid="stDataFrame"] [role="grid"]')
    assert int(grid[-1].get_attribute("aria-rowcount")) - 1 == len(d.published.sections())
    d.shot("10-staff-class-summary")
    text = b.open(f"{d.url}/district", "Data quality of the last run", settle=2)
    assert not b.shows_exception(), text
    d.shot("11-staff-district")
    d.sign_out()

    # 6. Signed in, but in no access list: "no access", no data.
    text = d.sign_in(STRANGER_EMAIL, "has no access")
    assert not STUDENT_ID.findall(text)
    assert not b.count('[data-testid="stSelectbox"]') and not b.count('[data-testid="stDataFrame"]')
    d.shot("12-no-access")
    d.sign_out()


@pytest.mark.parametrize("mode", ["expired", "forged"])
def test_a_bad_id_token_is_refused(dashboard: Dashboard, mode: str) -> None:
    d, b = dashboard, dashboard.browser
    b.driver.delete_all_cookies()
    d.provider.mode = mode
    d.refused.append(mode)
    try:
        text = d.sign_in(TEACHER_EMAIL, LOGIN_PAGE)
        token = d.provider.issued[-1]
        key_set = d.provider.jwks()
    finally:
        d.provider.mode = "genuine"
    d.shot(f"13-{mode}-token-refused")
    assert not d.has_login_cookie()
    assert not STUDENT_ID.findall(text) and "Logged in as" not in text
    claims = claims_of(token)
    if mode == "expired":  # signed by the provider's published key; only the expiry is wrong
        assert verifies(token, key_set)
        assert claims["exp"] < time.time() - 300
    else:  # claims district staff's e-mail, signed with a key the provider never published
        assert claims["email"] == STAFF_EMAIL
        assert not verifies(token, key_set)
    # The same browser then signs in with a genuine token.
    d.sign_in(TEACHER_EMAIL, "students, worst risk first")
    assert d.has_login_cookie()
    d.sign_out()
