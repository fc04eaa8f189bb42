"""The drop folder (IETA_SOURCE=files): its checks on the way in, its raw tables, its assets.

Drop folders come from the generator (``generate_data.py --format oneroster``, the same
district as the demo APIs serve), then are damaged on purpose where a test needs it. Tables
load into real DuckDB files in temporary folders; one test materializes the assets with Dagster.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import API_PYTHON, GENERATOR

from dagster_demo.resources.drop_folder import (
    DROP_FILES,
    DROP_FILES_BY_NAME,
    ROLES_COLUMNS,
    DropFolderError,
    DropFolderResource,
    drop_dir_from_env,
    load_drop_file,
    open_drop_folder,
    source_from_env,
)
from dagster_demo.resources.warehouse import DuckDBWarehouse

SIDE_FILES = ("attendance.csv", "attendance_codes.csv", "state_scores.csv")
RAW_TABLES = {
    "manifest.csv": "oneroster_manifest",
    "orgs.csv": "oneroster_orgs",
    "academicSessions.csv": "oneroster_academic_sessions",
    "courses.csv": "oneroster_courses",
    "classes.csv": "oneroster_classes",
    "users.csv": "oneroster_users",
    "roles.csv": "oneroster_roles",
    "enrollments.csv": "oneroster_enrollments",
    "categories.csv": "oneroster_categories",
    "lineItems.csv": "oneroster_line_items",
    "results.csv": "oneroster_results",
    "attendance.csv": "attendance_events",
    "calendar.csv": "calendar",
    "attendance_codes.csv": "attendance_codes",
    "state_scores.csv": "state_scores",
}


def _generate(out: Path, version: str) -> Path:
    subprocess.run(
        [str(API_PYTHON), str(GENERATOR), "--students", "120", "--seed", "11", "--format",
         "oneroster", "--oneroster-version", version, "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("generated")
    return {v: _generate(root / v, v) for v in ("1.1", "1.2")}


@pytest.fixture
def drop12(generated: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the 1.2 drop folder, free to damage."""
    return Path(shutil.copytree(generated["1.2"], tmp_path / "drop"))


@pytest.fixture
def warehouse(tmp_path: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(database=str(tmp_path / "warehouse.duckdb"), lock_timeout_seconds=5)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write_rows(path: Path, rows: list[list[str]], prefix: bytes = b"") -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    path.write_bytes(prefix + path.read_bytes())


def _set_manifest(folder: Path, prop: str, value: str) -> None:
    rows = _rows(folder / "manifest.csv")
    _write_rows(folder / "manifest.csv", [[k, value if k == prop else v] for k, v in rows])


def _load_all(folder: Path, warehouse: DuckDBWarehouse) -> dict[str, list[tuple]]:
    drop = open_drop_folder(folder)
    for file in DROP_FILES:
        load_drop_file(drop, file, warehouse, "raw")
    with duckdb.connect(warehouse.database, read_only=True) as con:
        return {
            table: con.execute(
                "select column_name, data_type from information_schema.columns where "
                f"table_schema = 'raw' and table_name = '{table}' order by ordinal_position"
            ).fetchall()
            for table in RAW_TABLES.values()
        }


def _count(warehouse: DuckDBWarehouse, sql: str) -> int:
    with duckdb.connect(warehouse.database, read_only=True) as con:
        return con.execute(sql).fetchone()[0]


# ------------------------------------------------------------------ good exports


def test_a_good_12_folder_loads_every_file_as_text(
    drop12: Path, warehouse: DuckDBWarehouse
) -> None:
    assert {f.name: f.table for f in DROP_FILES} == RAW_TABLES
    columns = _load_all(drop12, warehouse)
    # The generator writes no calendar: its table exists with its column and no rows.
    assert columns["calendar"] == [("date", "VARCHAR")]
    assert _count(warehouse, "select count(*) from raw.calendar") == 0
    for name, table in RAW_TABLES.items():
        if name == "calendar.csv":
            continue
        rows = _rows(drop12 / name)
        assert [c for c, _ in columns[table]] == rows[0], name  # headers exactly as in the file
        assert {t for _, t in columns[table]} == {"VARCHAR"}, name
        assert _count(warehouse, f"select count(*) from raw.{table}") == len(rows) - 1, name
    # An empty field is NULL: the present days of attendance.csv, the mapping's '' code.
    assert _count(warehouse, "select count(*) from raw.attendance_codes where code is null") == 1


def test_a_good_11_zip_loads_with_its_own_columns(
    generated: dict[str, Path], tmp_path: Path, warehouse: DuckDBWarehouse
) -> None:
    # The export zipped inside a folder of its own, the side files beside the zip.
    drop = tmp_path / "drop"
    drop.mkdir()
    with zipfile.ZipFile(drop / "district_export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(generated["1.1"].iterdir()):
            if path.name in SIDE_FILES:
                shutil.copy(path, drop / path.name)
            else:
                archive.write(path, f"oneroster_1.1/{path.name}")
    folder = open_drop_folder(drop)
    assert folder.version == "1.1" and folder.zip == drop / "district_export.zip"
    columns = _load_all(drop, warehouse)
    users = [c for c, _ in columns["oneroster_users"]]
    assert "role" in users and "orgSourcedIds" in users
    assert "gradingPeriodSourcedId" in [c for c, _ in columns["oneroster_line_items"]]
    # No roles.csv in 1.1: the table exists with the 1.2 columns and no rows.
    assert [c for c, _ in columns["oneroster_roles"]] == list(ROLES_COLUMNS)
    assert _count(warehouse, "select count(*) from raw.oneroster_roles") == 0
    users_csv = _rows(generated["1.1"] / "users.csv")
    assert _count(warehouse, "select count(*) from raw.oneroster_users") == len(users_csv) - 1
    # IETA_DROP_DIR may also name the zip itself: the side files are read beside it.
    assert open_drop_folder(drop / "district_export.zip").layouts == folder.layouts


def test_byte_order_marks_are_dropped(drop12: Path, warehouse: DuckDBWarehouse) -> None:
    for name in ("manifest.csv", "users.csv", "attendance.csv"):
        _write_rows(drop12 / name, _rows(drop12 / name), prefix="\ufeff".encode())
        assert (drop12 / name).read_bytes().startswith(b"\xef\xbb\xbf")
    columns = _load_all(drop12, warehouse)
    assert columns["oneroster_users"][0][0] == "sourcedId"
    assert columns["attendance_events"][0][0] == "student_sourced_id"
    assert open_drop_folder(drop12).version == "1.2"
    users = _count(
        warehouse, "select count(*) from raw.oneroster_users where identifier = '100001'"
    )
    assert users == 1


def test_an_unknown_attendance_code_loads_as_is(drop12: Path, warehouse: DuckDBWarehouse) -> None:
    _load_all(drop12, warehouse)
    with duckdb.connect(warehouse.database, read_only=True) as con:
        unknown = con.execute(
            "select code, count(*) from raw.attendance_events e where not exists (select 1 from "
            "raw.attendance_codes c where coalesce(c.code, '') = coalesce(e.code, '')) "
            "group by code order by code"
        ).fetchall()
    assert unknown == [("L", 2), ("Late", 2)]


# ------------------------------------------------------------------ refused exports


def _refused(folder: Path) -> str:
    with pytest.raises(DropFolderError) as caught:
        open_drop_folder(folder)
    return str(caught.value)


def test_a_delta_manifest_is_refused(drop12: Path) -> None:
    _set_manifest(drop12, "file.results", "delta")
    message = _refused(drop12)
    assert "file.results" in message and "delta" in message and "bulk export" in message


def test_an_unsupported_version_is_refused(drop12: Path) -> None:
    _set_manifest(drop12, "oneroster.version", "1.0")
    assert "oneroster.version = 1.0" in _refused(drop12)


def test_a_folder_without_manifest_is_refused(drop12: Path) -> None:
    (drop12 / "manifest.csv").unlink()
    assert "manifest.csv" in _refused(drop12)


def test_a_missing_file_is_named(drop12: Path, generated: dict[str, Path]) -> None:
    # The manifest lists lineItems.csv as bulk, but it is not there.
    (drop12 / "lineItems.csv").unlink()
    message = _refused(drop12)
    assert "Missing file" in message and "lineItems.csv" in message
    shutil.copy(generated["1.2"] / "lineItems.csv", drop12)
    (drop12 / "users.csv").unlink()
    message = _refused(drop12)
    assert "Missing file" in message and "users.csv" in message


def test_a_file_marked_absent_is_named(drop12: Path) -> None:
    _set_manifest(drop12, "file.roles", "absent")
    message = _refused(drop12)
    assert "file.roles = absent" in message and "roles.csv" in message


def test_a_partial_export_loads_its_absent_files_empty(
    drop12: Path, warehouse: DuckDBWarehouse
) -> None:
    # Rostering only: no gradebook files in the manifest, no side files in the folder.
    for name in ("categories", "lineItems", "results", "courses"):
        _set_manifest(drop12, f"file.{name}", "absent")
        (drop12 / f"{name}.csv").unlink()
    for name in SIDE_FILES:
        (drop12 / name).unlink()
    drop = open_drop_folder(drop12)
    assert sorted(drop.absent) == sorted([
        "categories.csv", "lineItems.csv", "results.csv", "courses.csv", "calendar.csv",
        *SIDE_FILES,
    ])  # fmt: skip
    columns = _load_all(drop12, warehouse)
    assert [c for c, _ in columns["oneroster_results"]] == list(
        DROP_FILES_BY_NAME["results.csv"].required_columns("1.2")
    )
    assert _count(warehouse, "select count(*) from raw.oneroster_results") == 0
    assert _count(warehouse, "select count(*) from raw.attendance_events") == 0


def test_what_real_exporters_write_is_read(drop12: Path, warehouse: DuckDBWarehouse) -> None:
    """Empty trailing fields, short rows, empty header names, a column in another case, CRLF:
    read and counted; a row with data beyond its header is left out with its line number."""
    users = _rows(drop12 / "users.csv")
    header = [*users[0], "", ""]  # two empty column names at the end
    header[header.index("givenName")] = "GivenName"  # another case, only one match
    rows = [header]
    for n, row in enumerate(users[1:]):
        if n == 0:
            rows.append([*row, "", "", ""])  # one empty field too many
        elif n == 1:
            rows.append(row[:-3])  # three fields short
        elif n == 2:
            rows.append([*row, "", "", "surplus"])  # data beyond the header: left out
        else:
            rows.append([*row, "", ""])
    _write_rows(drop12 / "users.csv", rows)
    drop = open_drop_folder(drop12)
    layout = drop.layouts["users.csv"]
    assert "givenName" in layout.names and "" not in layout.names
    loaded = load_drop_file(drop, DROP_FILES_BY_NAME["users.csv"], warehouse, "raw")
    assert loaded.issues.summary() == {
        "rows_padded": 1, "rows_with_empty_trailing_fields": 1, "rows_left_out": 1,
    }  # fmt: skip
    assert loaded.issues.skipped_rows[0][0] == 4  # the header is line 1
    assert loaded.table.rows == len(users) - 2
    assert [c for c, _ in loaded.table.columns] == [c for c in users[0]]


def test_a_missing_column_is_named(drop12: Path, generated: dict[str, Path]) -> None:
    rows = _rows(drop12 / "lineItems.csv")
    keep = [i for i, name in enumerate(rows[0]) if name != "resultValueMax"]
    _write_rows(drop12 / "lineItems.csv", [[row[i] for i in keep] for row in rows])
    message = _refused(drop12)
    assert "lineItems.csv" in message and "resultValueMax" in message
    # The versions differ: a 1.2 manifest over 1.1 lineItems names the 1.2 column.
    shutil.copy(generated["1.1"] / "lineItems.csv", drop12 / "lineItems.csv")
    message = _refused(drop12)
    assert "lineItems.csv" in message and "academicSessionSourcedId" in message


def test_a_file_that_is_not_utf8_is_named(
    drop12: Path, generated: dict[str, Path], warehouse: DuckDBWarehouse
) -> None:
    # In the header: refused by the checks.
    path = drop12 / "orgs.csv"
    path.write_bytes(path.read_bytes().replace(b"name", "n\u00e4me".encode("latin-1"), 1))
    message = _refused(drop12)
    assert "orgs.csv" in message and "UTF-8" in message
    shutil.copy(generated["1.2"] / "orgs.csv", path)
    # Further down: refused by the load, and the table it would replace is left as it was.
    codes = DROP_FILES_BY_NAME["attendance_codes.csv"]
    load_drop_file(open_drop_folder(drop12), codes, warehouse, "raw")
    path = drop12 / "attendance_codes.csv"
    path.write_bytes(path.read_bytes().replace(b"Absent,", "Abs\u00e9nt,".encode("latin-1")))
    with pytest.raises(DropFolderError) as caught:
        load_drop_file(open_drop_folder(drop12), codes, warehouse, "raw")
    assert "attendance_codes.csv" in str(caught.value) and "UTF-8" in str(caught.value)
    assert _count(warehouse, "select count(*) from raw.attendance_codes") == 4


# ------------------------------------------------------------------ settings and Dagster


def test_source_and_drop_dir_settings(monkeypatch: pytest.MonkeyPatch, drop12: Path) -> None:
    monkeypatch.delenv("IETA_SOURCE", raising=False)
    assert source_from_env() == "apis"
    monkeypatch.setenv("IETA_SOURCE", "Files")
    assert source_from_env() == "files"
    monkeypatch.setenv("IETA_SOURCE", "sftp")
    with pytest.raises(DropFolderError, match="'apis'.*'files'"):
        source_from_env()
    monkeypatch.delenv("IETA_DROP_DIR", raising=False)
    with pytest.raises(DropFolderError, match="IETA_DROP_DIR"):
        drop_dir_from_env()
    monkeypatch.setenv("IETA_DROP_DIR", str(drop12 / "nowhere"))
    with pytest.raises(DropFolderError, match="not a readable folder"):
        drop_dir_from_env()
    monkeypatch.setenv("IETA_DROP_DIR", str(drop12))
    assert drop_dir_from_env() == drop12.resolve()


def test_materialize_the_file_extract_assets(drop12: Path, warehouse: DuckDBWarehouse) -> None:
    from dagster_demo.defs.drop_folder_assets import FILE_EXTRACT_ASSETS

    result = dg.materialize(
        FILE_EXTRACT_ASSETS,
        resources={"drop_folder": DropFolderResource(path=str(drop12)), "warehouse": warehouse},
    )
    assert result.success
    materialized = {
        event.asset_key.to_user_string(): event.materialization.metadata
        for event in result.get_asset_materialization_events()
    }
    assert set(materialized) == {f"raw_{table}" for table in RAW_TABLES.values()}
    metadata = materialized["raw_oneroster_results"]
    results_rows = len(_rows(drop12 / "results.csv")) - 1
    assert metadata["dagster/row_count"].value == results_rows
    assert metadata["oneroster_version"].value == "1.2"
    assert _count(warehouse, "select count(*) from raw.oneroster_results") == results_rows
    groups = {spec.group_name for a in FILE_EXTRACT_ASSETS for spec in a.specs}
    assert groups == {"extract_files"}

    # A refused export fails the run with the checks' message; the tables stay as they were.
    _set_manifest(drop12, "file.users", "delta")
    failed = dg.materialize(
        FILE_EXTRACT_ASSETS,
        resources={"drop_folder": DropFolderResource(path=str(drop12)), "warehouse": warehouse},
        raise_on_error=False,
    )
    assert not failed.success
    failures = [e for e in failed.all_events if e.event_type_value == "STEP_FAILURE"]
    assert failures and all("bulk export" in str(e.event_specific_data.error) for e in failures)
    assert _count(warehouse, "select count(*) from raw.oneroster_results") == results_rows
