"""Who sees what with login configured: a teacher sees their own sections and nothing else,
whatever they send (query parameters, session state, a section or student id); district staff
see everything; anyone else sees nothing.

AppTest stands in for the identity provider: ``AppTest.user`` is what the app reads as
``st.user`` (documented in AppTest's reference), and an ``[auth]`` section in ``AppTest.secrets``
switches the app to login mode, as the secrets file does for a real server.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DASHBOARD as APP_DIR
from conftest import PipelineRun, app_test
from streamlit.testing.v1 import AppTest

from ieta_dashboard import data
from ieta_dashboard.published import current_set

TEACHER_EMAIL = "T.Teacher@District.Example.org"
STAFF_EMAIL = "data-team@district.example.org"


@pytest.fixture
def teachers(pipeline: PipelineRun) -> tuple[str, str]:
    """The ids of the teacher who logs in, and of another one."""
    ids = pipeline.marts("select distinct teacher_id from marts.mart_class_summary order by 1")[
        "teacher_id"
    ]
    return ids[0], ids[1]


@pytest.fixture
def login(published, access_file, teachers: tuple[str, str]) -> None:
    access_file(
        f'[teachers]\n"{TEACHER_EMAIL.lower()}" = "{teachers[0]}"\n\n'
        f'[district]\nstaff = ["{STAFF_EMAIL}"]\n'
    )


def logged_in(email: str) -> AppTest:
    return app_test(user={"is_logged_in": True, "email": email}, login=True)


def sections_of(pipeline: PipelineRun, teacher: str) -> list[str]:
    return pipeline.marts(
        f"select course_id || ':' || section_id as s from marts.mart_class_summary "
        f"where teacher_id = '{teacher}' order by 1"
    )["s"].tolist()


def students_of(pipeline: PipelineRun, teacher: str) -> set[str]:
    return set(
        pipeline.marts(
            f"select student_id from marts.mart_student_dashboard where teacher_id = '{teacher}'"
        )["student_id"]
    )


def visible_text(at: AppTest) -> str:
    """Everything the page shows as text: markdown, captions, tables, pickers' options."""
    parts = [e.value for kind in ("markdown", "caption", "title", "warning", "error", "info")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [" ".join(map(str, box.options)) for box in at.selectbox]
    return "\n".join(map(str, parts))


def shows_only(at: AppTest, pipeline: PipelineRun, teacher: str) -> None:
    """No student outside ``teacher``'s sections appears, by id, anywhere on the page."""
    others = set(
        pipeline.marts("select student_id from marts.mart_student_dashboard")["student_id"]
    )
    others -= students_of(pipeline, teacher)
    shown_ids = {str(i) for df in at.dataframe if "Student ID" in df.value
                 for i in df.value["Student ID"]}  # fmt: skip
    assert shown_ids <= students_of(pipeline, teacher)
    text = visible_text(at)
    assert not [s for s in others if f"({s})" in text or f",{s}," in text]


def test_nobody_logged_in_sees_a_login_button_and_no_data(login) -> None:
    at = app_test(user={"is_logged_in": False}, login=True).run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.dataframe and not at.selectbox


def test_a_login_not_in_the_access_file_sees_nothing(login) -> None:
    at = logged_in("stranger@example.org").run()
    assert "has no access" in at.error[0].value
    assert not at.dataframe and not at.selectbox


def test_a_missing_access_file_is_a_clear_error(published, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("IETA_DASHBOARD_ACCESS", str(tmp_path / "absent.toml"))
    at = logged_in(TEACHER_EMAIL).run()
    assert "access.example.toml" in str(at.exception[0].value)
    assert not at.dataframe


def test_a_teacher_sees_their_sections_only(login, pipeline, teachers) -> None:
    at = logged_in(TEACHER_EMAIL).run()  # e-mails compare without case
    assert not at.exception, at.exception
    assert not [w for w in at.warning if "Demo mode" in w.value]
    own = sections_of(pipeline, teachers[0])
    assert len(at.selectbox(key="my_classes_section").options) == len(own)
    for page in ("views/my_classes.py", "views/student.py", "views/class_summary.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        shows_only(at, pipeline, teachers[0])
    with pytest.raises(ValueError, match="not a registered page|registered"):
        at.switch_page("views/district.py")


def test_no_input_reaches_another_teachers_section(login, pipeline, teachers) -> None:
    other_section = sections_of(pipeline, teachers[1])[0]
    other_student = min(students_of(pipeline, teachers[1]) - students_of(pipeline, teachers[0]))

    # A section in the query string (a shared or edited link).
    for page in ("views/my_classes.py", "views/student.py", "views/class_summary.py"):
        at = logged_in(TEACHER_EMAIL)
        at.query_params["section"] = other_section
        at.run().switch_page(page)
        at.query_params["section"] = other_section
        at.run()
        assert any("not one of the sections" in w.value for w in at.warning), page
        shows_only(at, pipeline, teachers[0])

    # A section or a student id written into the widgets' session state before they are drawn.
    at = logged_in(TEACHER_EMAIL)
    at.session_state["my_classes_section"] = other_section
    at.run()
    assert at.selectbox(key="my_classes_section").value in sections_of(pipeline, teachers[0])
    shows_only(at, pipeline, teachers[0])
    at = logged_in(TEACHER_EMAIL).run()
    at.switch_page("views/student.py")
    at.session_state["student_section"] = other_section
    at.session_state["student_id"] = other_student
    at.run()
    assert at.selectbox(key="student_section").value in sections_of(pipeline, teachers[0])
    assert at.selectbox(key="student_id").value in students_of(pipeline, teachers[0])
    shows_only(at, pipeline, teachers[0])

    # And the queries themselves return nothing outside the scope, whatever they are asked.
    folder = current_set().folder
    course_id, section_id = other_section.split(":")
    scope = (teachers[0],)
    assert data.roster(folder, scope, course_id, section_id).empty
    assert data.items(folder, scope, other_student, course_id, section_id).empty
    assert data.absences(folder, scope, other_student, course_id, section_id).empty
    assert set(data.class_summaries(folder, scope)["teacher_id"]) == {teachers[0]}
    assert not data.roster(folder, None, course_id, section_id).empty  # district staff


def test_district_staff_see_every_section_and_the_district_page(login, pipeline) -> None:
    at = logged_in(STAFF_EMAIL).run()
    assert not at.exception, at.exception
    total = len(pipeline.marts("select * from marts.mart_class_summary"))
    assert len(at.selectbox(key="my_classes_section").options) == total
    at.switch_page("views/district.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "District"


@pytest.fixture
def namesakes(pipeline: PipelineRun, tmp_path, monkeypatch) -> tuple[str, str, str]:
    """A district where two teachers are both named "Mr. Lee" (ids differ): the run's published
    set with the second teacher's name changed to the first's. Returns (name, id, other id)."""
    source = current_set(pipeline.published)
    root = tmp_path / "published"
    target = root / "sets" / source.set_id
    shutil.copytree(source.folder, target)
    (root / "current.txt").write_text(source.set_id + "\n")
    ids = pipeline.marts("select distinct teacher_id from marts.mart_class_summary order by 1")
    first, second = ids["teacher_id"][0], ids["teacher_id"][1]
    for mart in ("mart_class_summary", "mart_student_dashboard"):
        path = target / f"{mart}.parquet"
        with duckdb.connect() as con:
            con.execute(
                f"copy (select * replace (case when teacher_id in ('{first}', '{second}') "
                f"then 'Mr. Lee' else teacher_name end as teacher_name) "
                f"from read_parquet('{path}')) to '{path}.new' (format parquet)"
            )
        Path(f"{path}.new").replace(path)
    monkeypatch.setenv("IETA_PUBLISH_DIR", str(root))
    return "Mr. Lee", first, second


def test_two_teachers_with_one_name_see_only_their_own(
    namesakes, access_file, pipeline: PipelineRun
) -> None:
    name, first, second = namesakes
    access_file(f'[teachers]\n"lee1@district.example.org" = "{first}"\n'
                f'"lee2@district.example.org" = ["{second}"]\n')  # fmt: skip
    for email, own, other in [
        ("lee1@district.example.org", first, second),
        ("lee2@district.example.org", second, first),
    ]:
        at = logged_in(email).run()
        assert not at.exception, at.exception
        options = at.selectbox(key="my_classes_section").options
        assert [o.split(" — ")[0].replace(" · section ", ":") for o in options] == sections_of(
            pipeline, own
        )
        assert all(f"— {name} (" in o for o in options)
        for page in ("views/my_classes.py", "views/student.py", "views/class_summary.py"):
            at.switch_page(page).run()
            assert not at.exception, at.exception
            shows_only(at, pipeline, own)
        assert not set(sections_of(pipeline, other)) & set(sections_of(pipeline, own))
    # Demo mode tells them apart too: one entry each, the name with the id.
    at = app_test().run()
    views = at.sidebar.selectbox[0].options
    assert f"{name} ({first})" in views and f"{name} ({second})" in views


def test_the_dashboard_reads_the_published_set_only(published, pipeline: PipelineRun) -> None:
    """The dashboard never opens the warehouse: every page, for every kind of viewer, renders
    while another process holds the warehouse open for writing (DuckDB then lets no other
    process open it), and the only database the app's code connects to is DuckDB in memory."""
    import ast
    import subprocess
    import sys

    sources = [APP_DIR / "app.py", *(APP_DIR / "ieta_dashboard").glob("*.py"),
               *(APP_DIR / "views").glob("*.py")]  # fmt: skip
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "connect":
                assert not node.args and not node.keywords, f"{source}: {ast.unparse(node)}"
        assert "DBT_DUCKDB_PATH" not in source.read_text() and ".duckdb" not in source.read_text()

    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "sys.stdin.read()", str(pipeline.warehouse)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout.readline().strip() == "held"
        with pytest.raises(duckdb.IOException):  # what the dashboard would meet
            duckdb.connect(str(pipeline.warehouse), read_only=True)
        at = app_test().run()  # demo mode: district staff first
        pages = ["views/my_classes.py", "views/student.py", "views/class_summary.py"]
        for page in [*pages, "views/district.py"]:
            at.switch_page(page).run()
            assert not at.exception, (page, at.exception)
        teacher = at.sidebar.selectbox[0].options[1]
        at.switch_page("views/my_classes.py").run()
        at.sidebar.selectbox[0].select_index(1).run()
        for page in pages:
            at.switch_page(page).run()
            assert not at.exception, (teacher, page, at.exception)
    finally:
        writer.communicate(input="", timeout=30)
