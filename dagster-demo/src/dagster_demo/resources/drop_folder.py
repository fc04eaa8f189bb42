"""A district's own files as the source (``IETA_SOURCE=files``): the drop folder and its loader.

``IETA_DROP_DIR`` names the drop folder. It holds, at its top level:

- the OneRoster bulk CSV export (1.1 or 1.2): either its files themselves (``manifest.csv``,
  ``users.csv``, ...) or one ``.zip`` holding them (at the zip's top or in one folder inside it);
- ``attendance.csv``, ``attendance_codes.csv`` and ``state_scores.csv`` beside the export, never
  inside the zip.

``IETA_DROP_DIR`` may also name the ``.zip`` itself; the three side files are then read from the
folder holding it. docs/data-contract.md ("OneRoster, attendance and state score files") is the
contract: the files, the raw tables they load into, and what the staging models make of them.

Everything is checked before any table is replaced: the manifest (``oneroster.version`` 1.1 or
1.2, no file in delta mode), the required files, and each file's header (UTF-8 with or without a
byte-order mark, the required columns of that version). Each file then loads into
``raw.<table>`` as text, columns named exactly as in the header, one table replaced in one
transaction (as ``DuckDBWarehouse.replace_table_from_json`` does for the APIs).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import Field

from dagster_demo.resources.warehouse import (
    DuckDBWarehouse,
    LoadedTable,
    markdown_preview,
    sql_string,
)

SOURCE_ENV = "IETA_SOURCE"
DROP_DIR_ENV = "IETA_DROP_DIR"
SOURCES = ("apis", "files")
ONEROSTER_VERSIONS = ("1.1", "1.2")
MANIFEST = "manifest.csv"
BOM = "\ufeff"


class DropFolderError(dg.Failure):
    """The drop folder cannot be used as it is; the message says which file and what to do."""


@dataclass(frozen=True)
class DropFile:
    """One file of the drop folder and the raw table it loads into."""

    name: str  # file name, e.g. "lineItems.csv"
    table: str  # raw table, e.g. "oneroster_line_items"
    in_export: bool  # part of the OneRoster export (folder or zip), or a side file beside it
    columns: tuple[str, ...]  # required in every version
    columns_by_version: tuple[tuple[str, tuple[str, ...]], ...] = ()  # extra, per version
    versions: tuple[str, ...] = ONEROSTER_VERSIONS  # versions whose export holds the file
    description: str = ""
    optional: bool = False  # may be absent: its table is then created with no rows
    # read when present (staging gives null without them), matched in any case like the others
    optional_columns: tuple[str, ...] = ()

    def required_columns(self, version: str) -> tuple[str, ...]:
        return self.columns + dict(self.columns_by_version).get(version, ())


def _oneroster(
    name: str,
    columns: tuple[str, ...],
    description: str,
    by_version: tuple[tuple[str, tuple[str, ...]], ...] = (),
    versions: tuple[str, ...] = ONEROSTER_VERSIONS,
    optional: bool = False,
    optional_columns: tuple[str, ...] = (),
) -> DropFile:
    """A file of the export; its table is ``oneroster_`` + the file name in snake_case."""
    stem = re.sub(r"(?<!^)(?=[A-Z])", "_", name.removesuffix(".csv")).lower()
    return DropFile(
        name,
        f"oneroster_{stem}",
        True,
        columns,
        by_version,
        versions,
        description,
        optional,
        optional_columns,
    )


# The columns named here are the ones the staging models read (docs/data-contract.md); every
# other column of a file is loaded too. Headers are case-sensitive, as the binding says.
DROP_FILES: tuple[DropFile, ...] = (
    _oneroster("manifest.csv", ("propertyName", "value"), "The export's manifest"),
    _oneroster("orgs.csv", ("sourcedId", "name", "type"), "District and schools"),
    _oneroster(
        "academicSessions.csv",
        ("sourcedId", "title", "type", "startDate", "endDate"),
        "School year, terms and grading periods",
    ),
    _oneroster(
        "courses.csv", ("sourcedId", "title", "courseCode"), "Courses (course_id)", optional=True
    ),
    _oneroster(
        "classes.csv",
        ("sourcedId", "title", "courseSourcedId", "classCode", "schoolSourcedId"),
        "Classes: a course x section (section_id)",
    ),
    _oneroster(
        "users.csv",
        ("sourcedId", "givenName", "familyName"),
        "Students and teachers",
        by_version=(("1.1", ("role",)),),
        optional_columns=("middleName", "identifier", "userIds", "grades"),
    ),
    _oneroster(
        "roles.csv",
        ("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
        "Users' roles (1.2 only; a 1.1 export loads an empty table)",
        versions=("1.2",),
    ),
    _oneroster(
        "enrollments.csv",
        ("sourcedId", "classSourcedId", "userSourcedId", "role"),
        "Who is in which class, as student or teacher",
    ),
    _oneroster(
        "categories.csv", ("sourcedId", "title"), "Line item categories (type)", optional=True
    ),
    _oneroster(
        "lineItems.csv",
        (
            "sourcedId",
            "title",
            "dueDate",
            "classSourcedId",
            "categorySourcedId",
            "resultValueMin",
            "resultValueMax",
        ),
        "Gradebook items per class",
        by_version=(("1.1", ("gradingPeriodSourcedId",)), ("1.2", ("academicSessionSourcedId",))),
        optional=True,
    ),  # fmt: skip
    _oneroster(
        "results.csv",
        ("sourcedId", "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score"),
        "Scores: one per student and line item",
        optional=True,
    ),
    DropFile(
        "attendance.csv",
        "attendance_events",
        False,
        ("student_sourced_id", "class_sourced_id", "date", "code"),
        description="SIS attendance, one row per recorded student x class x day",
        optional=True,
    ),
    DropFile(
        "calendar.csv",
        "calendar",
        False,
        ("date",),
        description="School days, one row per day: attendance.csv then lists exceptions only",
        optional=True,
    ),
    DropFile(
        "attendance_codes.csv",
        "attendance_codes",
        False,
        ("code", "status"),
        description="The district's attendance codes -> Present / Absent / Tardy / Excused",
        optional=True,
    ),
    DropFile(
        "state_scores.csv",
        "state_scores",
        False,
        ("state_id", "subject", "scale_score", "performance_level"),
        description="State test results, one row per student and subject",
        optional=True,
    ),
)
DROP_FILES_BY_NAME = {f.name: f for f in DROP_FILES}
# roles.csv is 1.2 only; a 1.1 export loads raw.oneroster_roles empty with these columns, so the
# table (and its asset) is the same whichever version arrives.
ROLES_COLUMNS = (
    "sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate",
    "endDate", "orgSourcedId", "userProfileSourcedId",
)  # fmt: skip


@dataclass(frozen=True)
class HeaderLayout:
    """How a file's header row maps to the columns loaded (what real exporters write, read
    leniently): ``keep`` are the indexes of the header's columns that are loaded, ``names``
    their names (a required column written in another case takes the binding's spelling).
    Columns with an empty name are not loaded; ``width`` is the header's number of fields."""

    names: tuple[str, ...]
    keep: tuple[int, ...]
    width: int
    renamed: tuple[tuple[str, str], ...] = ()  # (as written, as loaded)


def header_layout(header: Sequence[str], required: Sequence[str]) -> HeaderLayout:
    """The layout of ``header``: empty names (e.g. two trailing empty columns) dropped, a
    required column found in another case when exactly one column matches it."""
    keep = tuple(i for i, name in enumerate(header) if name.strip())
    names = [header[i].strip() for i in keep]
    renamed = []
    for column in required:
        if column in names:
            continue
        matches = [k for k, name in enumerate(names) if name.lower() == column.lower()]
        if len(matches) == 1:
            renamed.append((names[matches[0]], column))
            names[matches[0]] = column
    return HeaderLayout(tuple(names), keep, len(header), tuple(renamed))


@dataclass
class LoadIssues:
    """What the lenient reader fixed in one file, and the rows it had to leave out."""

    padded_rows: int = 0  # shorter than the header: the missing fields are empty
    trimmed_rows: int = 0  # extra trailing fields, all empty: dropped
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)  # (line, why)

    def summary(self) -> dict[str, int]:
        return {
            "rows_padded": self.padded_rows,
            "rows_with_empty_trailing_fields": self.trimmed_rows,
            "rows_left_out": len(self.skipped_rows),
        }


def normalize_csv(source: Path, target: Path, layout: HeaderLayout) -> LoadIssues:
    """Copy the CSV ``source`` to ``target`` with one field per loaded column on every line.

    A row shorter than the header gets empty fields; a row longer than it loses its extra
    fields when they are all empty; a row with data beyond the header cannot be placed and is
    left out (line number and reason in the result). Blank lines are skipped. Columns with an
    empty name are not written. Line ends (LF or CRLF) and a byte-order mark are accepted.
    """
    issues = LoadIssues()
    with (
        source.open(encoding="utf-8-sig", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.reader(src)
        writer = csv.writer(dst, lineterminator="\n")
        next(reader, None)
        writer.writerow(layout.names)
        for fields in reader:
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            row = fields
            if len(row) < layout.width:
                issues.padded_rows += 1
                row = row + [""] * (layout.width - len(row))
            elif len(row) > layout.width:
                if any(v.strip() for v in row[layout.width :]):
                    why = f"{len(row)} fields, data beyond the header's {layout.width}"
                    issues.skipped_rows.append((reader.line_num, why))
                    continue
                issues.trimmed_rows += 1
                row = row[: layout.width]
            writer.writerow([row[i] for i in layout.keep])
    return issues


def source_from_env() -> str:
    """``IETA_SOURCE``: ``apis`` (default, the three demo APIs) or ``files`` (a drop folder)."""
    source = os.environ.get(SOURCE_ENV, "apis").strip().lower() or "apis"
    if source not in SOURCES:
        raise DropFolderError(
            f"{SOURCE_ENV}={os.environ[SOURCE_ENV]!r} is not a source this pipeline knows: set "
            f"it to 'apis' (the demo APIs, the default) or 'files' (a drop folder named by "
            f"{DROP_DIR_ENV})."
        )
    return source


def drop_dir_from_env() -> Path:
    """``IETA_DROP_DIR`` as an absolute path; it must name a readable folder or .zip."""
    configured = os.environ.get(DROP_DIR_ENV, "").strip()
    if not configured:
        raise DropFolderError(
            f"{SOURCE_ENV}=files needs {DROP_DIR_ENV}: set it to the folder holding the "
            f"OneRoster export (its CSV files or one .zip), attendance.csv, attendance_codes.csv "
            f"and state_scores.csv (docs/data-contract.md)."
        )
    path = Path(configured).expanduser().resolve()
    readable = path.is_dir() or (path.is_file() and path.suffix.lower() == ".zip")
    if not readable or not os.access(path, os.R_OK):
        raise DropFolderError(
            f"{DROP_DIR_ENV}={configured} is not a readable folder or .zip file. Point it at the "
            f"drop folder (or the export's .zip) and check its permissions."
        )
    return path


def _read_header(stream: io.BufferedIOBase, where: str) -> list[str]:
    """The header row of a CSV byte stream: UTF-8, a leading byte-order mark dropped."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        row = next(csv.reader(text), None)
    except UnicodeDecodeError as exc:
        raise DropFolderError(
            f"{where} is not UTF-8 ({exc.reason} at byte {exc.start} of its first line). Export "
            f"it again as UTF-8 (with or without a byte-order mark)."
        ) from exc
    if not row:
        raise DropFolderError(f"{where} is empty: it needs at least its header row.")
    return row


class DropFolder:
    """A checked drop folder: the export's version and where each file lives.

    Constructing it checks everything (``DropFolderError`` says what is wrong); afterwards
    ``csv_file`` hands out a local path of any file, extracted from the zip when needed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: Path | None = None
        self.zip_root = ""  # folder inside the zip that holds manifest.csv
        if path.is_file():
            self.zip, self.side_dir = path, path.parent
        else:
            self.side_dir = path
            self.zip = self._find_zip()
        if self.zip is not None:
            self.zip_root = self._find_zip_root()
        self.manifest = self._read_manifest()
        self.version = self._check_manifest()
        self.absent = [f.name for f in self.files() if not self._is_present(f)]
        self.layouts = {
            f.name: self._check_header(f) for f in self.files() if f.name not in self.absent
        }

    # ---------------------------------------------------------------- layout
    def describe(self, file: DropFile) -> str:
        """Where a file is read from, for messages."""
        if file.in_export and self.zip is not None:
            return f"{self.zip}:{self.zip_root}{file.name}"
        return str(self.side_dir / file.name)

    def files(self) -> list[DropFile]:
        """The files this drop must hold (roles.csv only in 1.2)."""
        return [f for f in DROP_FILES if self.version in f.versions]

    def _find_zip(self) -> Path | None:
        zips = sorted(p for p in self.path.iterdir() if p.suffix.lower() == ".zip")
        has_manifest = (self.path / MANIFEST).is_file()
        if has_manifest and zips:
            raise DropFolderError(
                f"{self.path} holds both {MANIFEST} and {', '.join(z.name for z in zips)}: keep "
                f"one OneRoster export (its CSV files or one .zip) in the drop folder."
            )
        if len(zips) > 1:
            raise DropFolderError(
                f"{self.path} holds several .zip files ({', '.join(z.name for z in zips)}): keep "
                f"only the OneRoster export to load."
            )
        if not has_manifest and not zips:
            raise DropFolderError(
                f"No OneRoster export in {self.path}: expected {MANIFEST} and the export's CSV "
                f"files there, or one .zip holding them. A OneRoster export always has a "
                f"{MANIFEST}; export the bulk CSV again from the SIS."
            )
        return zips[0] if zips else None

    def _find_zip_root(self) -> str:
        assert self.zip is not None
        try:
            with zipfile.ZipFile(self.zip) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile as exc:
            raise DropFolderError(f"{self.zip} is not a readable .zip file: {exc}") from exc
        roots = sorted(n.removesuffix(MANIFEST) for n in names if n.rsplit("/", 1)[-1] == MANIFEST)
        if len(roots) != 1:
            found = "none" if not roots else ", ".join(f"{r}{MANIFEST}" for r in roots)
            raise DropFolderError(
                f"{self.zip} must hold exactly one {MANIFEST} (at its top or in one folder); "
                f"found {found}."
            )
        return roots[0]

    @contextmanager
    def _open(self, file: DropFile) -> Iterator[io.BufferedIOBase]:
        if file.in_export and self.zip is not None:
            with zipfile.ZipFile(self.zip) as archive:
                try:
                    member = archive.open(self.zip_root + file.name)
                except KeyError:
                    raise FileNotFoundError(self.describe(file)) from None
                with member:
                    yield member
        else:
            with (self.side_dir / file.name).open("rb") as f:
                yield f

    @contextmanager
    def csv_file(self, file: DropFile) -> Iterator[Path]:
        """A local path of ``file``: the file itself, or a temporary copy out of the zip."""
        if not (file.in_export and self.zip is not None):
            yield self.side_dir / file.name
            return
        with tempfile.TemporaryDirectory(prefix="ieta_drop_") as tmp:
            target = Path(tmp) / file.name
            with self._open(file) as member, target.open("wb") as out:
                shutil.copyfileobj(member, out, length=1 << 20)
            yield target

    def _is_present(self, file: DropFile) -> bool:
        """Whether ``file`` is there to load. A required file always is (its absence is refused
        by ``_check_header``); an optional one is absent when the manifest does not give it in
        bulk mode (export files) or when it is not in the folder (side files)."""
        if not file.optional:
            return True
        if file.in_export:
            return self.modes.get(file.name.removesuffix(".csv"), "") == "bulk"
        return (self.side_dir / file.name).is_file()

    # ---------------------------------------------------------------- checks
    def _read_manifest(self) -> dict[str, str]:
        manifest = DROP_FILES_BY_NAME[MANIFEST]
        where = self.describe(manifest)
        try:
            with self._open(manifest) as stream:
                text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
                rows = list(csv.reader(text))
        except FileNotFoundError:
            raise DropFolderError(f"No {MANIFEST} at {where}: export the bulk CSV again.") from None
        except UnicodeDecodeError as exc:
            raise DropFolderError(f"{where} is not UTF-8: {exc.reason}.") from exc
        header = rows[0] if rows else []
        missing = [c for c in manifest.columns if c not in header]
        if missing:
            raise DropFolderError(
                f"{where} lacks column(s) {', '.join(missing)} (its header is "
                f"{','.join(header) or 'empty'}); a OneRoster manifest has the header "
                f"propertyName,value."
            )
        name_at, value_at = header.index("propertyName"), header.index("value")
        return {
            row[name_at].strip(): row[value_at].strip()
            for row in rows[1:]
            if len(row) > max(name_at, value_at)
        }

    def _check_manifest(self) -> str:
        where = self.describe(DROP_FILES_BY_NAME[MANIFEST])
        stated = self.manifest.get("oneroster.version", "")
        version = next(
            (v for v in ONEROSTER_VERSIONS if stated == v or stated.startswith(v + ".")), None
        )
        if version is None:
            raise DropFolderError(
                f"{where} says oneroster.version = {stated or '(missing)'}; this pipeline reads "
                f"OneRoster {' and '.join(ONEROSTER_VERSIONS)} CSV exports. Export one of those."
            )
        modes = {
            key.removeprefix("file."): value.lower()
            for key, value in self.manifest.items()
            if key.startswith("file.")
        }
        delta = sorted(name for name, mode in modes.items() if mode == "delta")
        if delta:
            raise DropFolderError(
                f"{where} marks {', '.join(f'file.{n}' for n in delta)} as delta: this pipeline "
                f"needs a bulk export (a full snapshot of every file), because each load "
                f"replaces the tables. Export again with every file in bulk mode."
            )
        self.modes = modes
        for file in DROP_FILES:
            stem = file.name.removesuffix(".csv")
            if not file.in_export or file.name == MANIFEST or version not in file.versions:
                continue
            mode = modes.get(stem, "")
            if mode != "bulk" and not file.optional:
                raise DropFolderError(
                    f"{where} gives file.{stem} = {mode or '(missing)'}; this pipeline needs "
                    f"{file.name} in bulk mode ({file.description}). Include it in the export."
                )
        return version

    def _check_header(self, file: DropFile) -> HeaderLayout:
        where = self.describe(file)
        try:
            with self._open(file) as stream:
                header = _read_header(stream, where)
        except FileNotFoundError:
            place = (
                f"in the OneRoster {self.version} export"
                if file.in_export
                else f"at the top of {self.side_dir}, beside the OneRoster export"
            )
            raise DropFolderError(
                f"Missing file {where}: the pipeline needs {file.name} ({file.description}) "
                f"{place}. See docs/data-contract.md for where each file goes."
            ) from None
        if header[0].startswith(BOM):  # a second byte-order mark, or one in another encoding
            raise DropFolderError(f"{where}: its first column name starts with a byte-order mark.")
        layout = header_layout(header, file.required_columns(self.version) + file.optional_columns)
        names = list(layout.names)
        repeated = sorted({c for c in names if names.count(c) > 1})
        if repeated:
            raise DropFolderError(f"{where}: column(s) {', '.join(repeated)} appear twice.")
        missing = [c for c in file.required_columns(self.version) if c not in names]
        if missing:
            need = f"OneRoster {self.version}" if file.in_export else "the data contract"
            raise DropFolderError(
                f"{where} lacks column(s) {', '.join(missing)} required by {need} (its header "
                f"is {','.join(header)}). A column written in another case is accepted when "
                f"only one column matches; export the file again with every column of the "
                f"binding."
            )
        return layout


def open_drop_folder(path: Path | None = None) -> DropFolder:
    """The drop folder at ``path`` (default ``IETA_DROP_DIR``), checked."""
    return DropFolder(path if path is not None else drop_dir_from_env())


def replace_table_from_csv(
    warehouse: DuckDBWarehouse,
    schema: str,
    table: str,
    path: Path | None,
    header: Sequence[str],
    source: str,
    log: dg.DagsterLogManager | None = None,
) -> LoadedTable:
    """Replace ``schema.table`` with the CSV at ``path``, every column as VARCHAR, all at once.

    The column names are ``header`` (read from the file by ``DropFolder``), passed to DuckDB
    explicitly so nothing is guessed; an empty field loads as NULL. ``path`` None creates the
    table with those columns and no rows. As in ``replace_table_from_json``, the table is
    built, counted and checked in one transaction: a failure leaves the previous one untouched.
    """
    relation = f'"{schema}"."{table}"'
    columns = ", ".join(f"{sql_string(name)}: 'VARCHAR'" for name in header)
    with warehouse.connect(log) as con:
        con.execute("begin transaction")
        try:
            con.execute(f'create schema if not exists "{schema}"')
            if path is None:
                definition = ", ".join(
                    f'"{c.replace(chr(34), chr(34) * 2)}" varchar' for c in header
                )
                con.execute(f"create or replace table {relation} ({definition})")
            else:
                con.execute(
                    f"create or replace table {relation} as select * from read_csv("
                    f"{sql_string(str(path))}, columns = {{{columns}}}, header = true, "
                    f"auto_detect = false, delim = ',', quote = '\"', escape = '\"')"
                )
            loaded = [name for name, *_ in con.execute(f"describe {relation}").fetchall()]
            if loaded != list(header) or (loaded and loaded[0].startswith(BOM)):
                raise DropFolderError(
                    f"{source}: DuckDB read the columns {loaded}, not the header {list(header)}; "
                    f"{relation} was left as it was."
                )
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            # DuckDB's message, without the line it quotes (that is a row of student data).
            reason = " ".join(
                line.strip()
                for line in str(exc).strip().splitlines()[:4]
                if line.strip() and not line.startswith("Original Line")
            )
            raise DropFolderError(
                f"{source} could not be read as CSV: {reason} Fix the file (UTF-8 with or without "
                f"a byte-order mark, comma separated, double quotes, one header row); {relation} "
                f"was left as it was."
            ) from exc
        except BaseException:
            con.execute("rollback")
            raise
        preview = markdown_preview(con, relation)
    return LoadedTable(
        relation=f"{schema}.{table}",
        rows=rows,
        columns=[(name, "VARCHAR") for name in loaded],
        preview=preview,
    )


@dataclass
class LoadedDropFile:
    """A drop-folder file in its raw table, and what the lenient reader did to get it there."""

    table: LoadedTable
    issues: LoadIssues


def load_drop_file(
    drop: DropFolder,
    file: DropFile,
    warehouse: DuckDBWarehouse,
    schema: str,
    log: dg.DagsterLogManager | None = None,
) -> LoadedDropFile:
    """Load one file of a checked drop folder into ``schema.<file.table>``.

    A file whose header loads as written is read by DuckDB directly, strictly; when that fails
    on the file's shape (rows shorter or longer than the header), or the header has empty
    names or a column in another case, the file is first copied line by line into the shape of
    its header (``normalize_csv``): short rows padded, empty trailing fields dropped, rows that
    cannot fit left out and reported with their line numbers.
    """
    where = drop.describe(file)
    if file.name not in drop.layouts:  # roles.csv of a 1.1 export, or an absent optional file
        columns = ROLES_COLUMNS if file.name == "roles.csv" else file.required_columns(drop.version)
        table = replace_table_from_csv(warehouse, schema, file.table, None, columns, where, log)
        return LoadedDropFile(table, LoadIssues())
    layout = drop.layouts[file.name]
    with drop.csv_file(file) as path:
        if layout.keep == tuple(range(layout.width)) and not layout.renamed:
            try:
                table = replace_table_from_csv(
                    warehouse, schema, file.table, path, layout.names, where, log
                )
                return LoadedDropFile(table, LoadIssues())
            except DropFolderError:
                pass  # read it leniently below
        with tempfile.TemporaryDirectory(prefix="ieta_drop_") as tmp:
            normalized = Path(tmp) / file.name
            try:
                issues = normalize_csv(path, normalized, layout)
            except UnicodeDecodeError as exc:
                raise DropFolderError(
                    f"{where} is not UTF-8 ({exc.reason} at byte {exc.start}). Export it again "
                    f"as UTF-8 (with or without a byte-order mark)."
                ) from exc
            except csv.Error as exc:
                raise DropFolderError(
                    f"{where} could not be read as CSV: {exc}. Fix the file (UTF-8, comma "
                    f"separated, double quotes, one header row)."
                ) from exc
            table = replace_table_from_csv(
                warehouse, schema, file.table, normalized, layout.names, where, log
            )
    if log is not None:
        for old, new in layout.renamed:
            log.warning(f"{where}: column {old!r} read as {new!r}.")
        for line, why in issues.skipped_rows:
            log.warning(f"{where} line {line}: left out ({why}).")
    return LoadedDropFile(table, issues)


class DropFolderResource(dg.ConfigurableResource):
    """The drop folder the file extract assets read (``IETA_DROP_DIR``)."""

    path: str = Field(description="The drop folder, or the OneRoster export's .zip")

    def open(self) -> DropFolder:
        """The drop folder, checked (a ``DropFolderError`` names what is wrong)."""
        path = Path(self.path)
        if not (path.is_dir() or path.is_file()):
            raise DropFolderError(f"The drop folder {path} does not exist ({DROP_DIR_ENV}).")
        return DropFolder(path)
