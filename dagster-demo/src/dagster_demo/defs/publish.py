"""Publish the marts for the teacher dashboard: Parquet files that no pipeline run ever locks.

DuckDB lets no reader in while the pipeline writes the warehouse, and a dashboard holding the file
would stall the nightly run. So after the marts are built, this asset copies every mart the
dashboard reads (``PUBLISHED_MARTS``: the student dashboard, the class summary, the data-quality
ledger, the settings the run applied, the risk levels, and the Student page's detail: each
enrollment's items and absences and the school days) into a *published set*: a new folder of
Parquet files plus ``published.json``. Each file is a dbt mart copied as it is; what a row means is
decided in dbt, never here. The set becomes the current one in a single atomic step (the pointer
file ``current.txt`` is replaced with ``os.replace``), so a reader sees either the previous set or
the new one, never half of each; a failed run leaves the previous set current.

The layout of a set and the list of its marts are written once, in
``dashboard/ieta_dashboard/published_layout.py``, which the dashboard reads them from too.

A replaced set stays on disk for ``IETA_PUBLISH_KEEP_SECONDS`` (600) after its successor was
published, so a reader that picked it just before the switch never loses a file mid-read.
The dashboard (``dashboard/ieta_dashboard/published.py``) reads this layout, and nothing else.
The sets hold student records: their folders are written 0700 and their files 0600, readable by
the user the pipeline runs as only (``IETA_PUBLISH_MODE=group``: 0750 and 0640, for a dashboard
that runs as another user of the same group).
"""

import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
from ieta_dashboard.published_layout import (
    DEFAULT_KEEP_SECONDS,
    MANIFEST_FILE,
    PARTIAL_SUFFIX,
    POINTER_FILE,
    PUBLISHED_MARTS,
    SETS_FOLDER,
    mart_file,
    resolve_publish_dir,
)

from dagster_demo.defs.assets import WAREHOUSE_POOL
from dagster_demo.resources.warehouse import Warehouse, markdown_table, sql_string

SET_TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"


def publish_dir() -> Path:
    """The published sets' folder: ``IETA_PUBLISH_DIR`` (relative to the repository root) or
    ``<repo>/published``."""
    return resolve_publish_dir(os.environ.get("IETA_PUBLISH_DIR"))


# Who may read a published set: its owner only (the user the pipeline runs as; the dashboard runs
# as the same user), or also the owner's group (a dashboard running as another user in that group).
PUBLISH_MODES = {"owner": (0o700, 0o600), "group": (0o750, 0o640)}


def publish_modes() -> tuple[int, int]:
    """The (folder, file) permission bits of a published set: ``IETA_PUBLISH_MODE``, ``owner``
    (the default: 0700 / 0600) or ``group`` (0750 / 0640)."""
    setting = os.environ.get("IETA_PUBLISH_MODE") or "owner"
    if setting not in PUBLISH_MODES:
        raise ValueError(
            f"IETA_PUBLISH_MODE={setting!r} is not one of {', '.join(PUBLISH_MODES)}: 'owner' "
            f"lets only the user the pipeline runs as read the published marts, 'group' also "
            f"that user's group."
        )
    return PUBLISH_MODES[setting]


def keep_seconds() -> float:
    """How long a replaced set stays readable: ``IETA_PUBLISH_KEEP_SECONDS`` (600)."""
    return float(os.environ.get("IETA_PUBLISH_KEEP_SECONDS") or DEFAULT_KEEP_SECONDS)


@dataclass(frozen=True)
class PublishedSet:
    set_id: str
    path: Path
    manifest: dict


def publish_marts(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    run_id: str,
    keep_for_seconds: float = DEFAULT_KEEP_SECONDS,
) -> PublishedSet:
    """Copy the published marts of the warehouse ``con`` into a new set under
    ``root``, make it the current set in one rename, and remove sets replaced more than
    ``keep_for_seconds`` ago."""
    now = datetime.now(UTC)
    set_id = f"{now.strftime(SET_TIME_FORMAT)}-{run_id[:8]}"
    sets = root / SETS_FOLDER
    partial = sets / (set_id + PARTIAL_SUFFIX)
    folder_mode, file_mode = publish_modes()
    # The folders first: a file is never readable by others, not even while being written.
    sets.mkdir(parents=True, exist_ok=True)
    sets.chmod(folder_mode)
    partial.mkdir(mode=folder_mode)
    partial.chmod(folder_mode)
    try:
        row_counts: dict[str, int] = {}
        for mart in PUBLISHED_MARTS:
            target = mart_file(partial, mart)
            written = con.execute(
                f"copy marts.{mart} to {sql_string(str(target))} (format parquet, compression zstd)"
            ).fetchone()
            row_counts[mart] = int(written[0])
            _fsync(target)
        # as_of: the reporting date the marts were computed for.
        as_of = con.execute(
            "select strftime(as_of_date, '%Y-%m-%d') from marts.mart_rule_settings"
        ).fetchone()[0]
        manifest = {
            "set_id": set_id,
            "run_id": run_id,
            "published_at": now.isoformat(timespec="seconds"),
            "as_of": as_of,
            "row_counts": row_counts,
        }
        (partial / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
        _fsync(partial / MANIFEST_FILE)
        for written_file in partial.iterdir():
            written_file.chmod(file_mode)
        final = sets / set_id
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    # The switch: readers open current.txt once per page and then read only that folder.
    pointer_tmp = root / f".{POINTER_FILE}.{set_id}"
    pointer_tmp.write_text(set_id + "\n")
    pointer_tmp.chmod(file_mode)
    _fsync(pointer_tmp)
    os.replace(pointer_tmp, root / POINTER_FILE)
    remove_replaced_sets(root, keep_for_seconds)
    return PublishedSet(set_id=set_id, path=final, manifest=manifest)


def current_set_id(root: Path) -> str | None:
    pointer = root / POINTER_FILE
    return pointer.read_text().strip() if pointer.exists() else None


def remove_replaced_sets(root: Path, keep_for_seconds: float) -> list[str]:
    """Delete the sets replaced by a newer one more than ``keep_for_seconds`` ago, and the
    leftovers of failed publications; never the current set. Returns the removed names."""
    sets = root / SETS_FOLDER
    current = current_set_id(root)
    now = time.time()
    removed = []
    complete = sorted(p for p in sets.iterdir() if p.is_dir() and p.suffix != PARTIAL_SUFFIX)
    for older, newer in zip(complete, complete[1:], strict=False):
        replaced_at = _set_time(newer.name)
        if older.name != current and now - replaced_at > keep_for_seconds:
            shutil.rmtree(older, ignore_errors=True)
            removed.append(older.name)
    for leftover in sets.glob(f"*{PARTIAL_SUFFIX}"):
        if now - leftover.stat().st_mtime > keep_for_seconds:
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover.name)
    return removed


def _set_time(set_id: str) -> float:
    stamp = set_id.split("-", 1)[0]
    return datetime.strptime(stamp, SET_TIME_FORMAT).replace(tzinfo=UTC).timestamp()


def _fsync(path: Path) -> None:
    """Flush ``path`` to disk, so that a crash after the switch never leaves a current set
    with truncated files."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


@dg.asset(
    name="published_marts",
    group_name="publish",
    deps=[dg.AssetKey(mart) for mart in PUBLISHED_MARTS],
    kinds={"duckdb", "parquet"},
    owners=["team:data-engineering"],
    # Reading needs the file too: DuckDB lets no other process open it while a writer holds it.
    pool=WAREHOUSE_POOL,
    description=(
        "The marts the teacher dashboard reads (its dbt exposure teacher_dashboard), copied as "
        "Parquet files (IETA_PUBLISH_DIR, default published/): a new folder per run, made "
        "current in one rename, so the dashboard never opens the warehouse."
    ),
)
def published_marts(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> dg.MaterializeResult:
    root = publish_dir()
    with warehouse.connect(context.log) as con:
        published = publish_marts(con, root, context.run_id, keep_seconds())
    counts = published.manifest["row_counts"]
    count_table = markdown_table(["file", "rows"], list(counts.items()))
    context.log.info(
        f"published set {published.set_id} (as of {published.manifest['as_of']}) to {root}"
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(published.path)),
            "set_id": published.set_id,
            "as_of": published.manifest["as_of"],
            "row_counts": dg.MetadataValue.md(count_table),
            **{f"rows/{name}": rows for name, rows in counts.items()},
        }
    )
