"""Finding and reading the published marts (written by dagster-demo's ``published_marts``).

The pipeline writes each publication to a new folder, ``<IETA_PUBLISH_DIR>/sets/<set id>/``,
and then names it in ``current.txt`` with one atomic rename (the layout: ``published_layout.py``,
shared with the pipeline). A page resolves ``current.txt``
once, when it starts, and reads every file from that one folder: a publication that lands while
the page is being built shows on the next page load, never halfway through this one. A replaced
folder stays on disk for a grace period (``IETA_PUBLISH_KEEP_SECONDS``, 10 minutes), far longer
than a page takes.

The dashboard never opens the warehouse: DuckDB lets no reader in while the pipeline writes, and
a reader holding the file would stall the pipeline. It reads the Parquet files with an in-memory
DuckDB connection.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ieta_dashboard.published_layout import (
    MANIFEST_FILE,
    POINTER_FILE,
    PUBLISHED_MARTS,
    SETS_FOLDER,
    mart_file,
    resolve_publish_dir,
)
from ieta_dashboard.published_layout import REPO_ROOT as REPO_ROOT  # access.py reads it here


class NoPublishedDataError(Exception):
    """Nothing has been published yet, or the published folder is unreadable."""


def publish_root() -> Path:
    """``IETA_PUBLISH_DIR`` (relative paths from the repository root), default ``published/``."""
    return resolve_publish_dir(os.environ.get("IETA_PUBLISH_DIR"))


@dataclass(frozen=True)
class PublishedSet:
    """One publication: the folder of its files and what ``published.json`` says about it."""

    set_id: str
    folder: str
    run_id: str
    published_at: str
    as_of: str
    row_counts: dict[str, int]

    def file(self, mart: str) -> str:
        return str(mart_file(self.folder, mart))


def current_set(root: Path | None = None) -> PublishedSet:
    """The set ``current.txt`` names. Call it once per page and read everything from it."""
    root = root or publish_root()
    try:
        set_id = (root / POINTER_FILE).read_text().strip()
    except FileNotFoundError:
        raise NoPublishedDataError(
            f"No published data in {root}. Run the pipeline (./run.sh, or Materialize all in "
            f"the Dagster UI) to publish the marts, or set IETA_PUBLISH_DIR to the folder the "
            f"pipeline publishes to."
        ) from None
    folder = root / SETS_FOLDER / set_id
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise NoPublishedDataError(
            f"{root / POINTER_FILE} names the set {set_id!r}, but {folder / MANIFEST_FILE} "
            f"cannot be read ({exc}). Run the pipeline again to publish a complete set."
        ) from None
    missing = [mart for mart in PUBLISHED_MARTS if mart not in manifest["row_counts"]]
    if missing:
        raise NoPublishedDataError(
            f"The current set {set_id!r} in {root} has no {', '.join(missing)}: it was published "
            f"by an older version of the pipeline. Run the pipeline again to publish a set this "
            f"dashboard can read."
        )
    return PublishedSet(
        set_id=set_id,
        folder=str(folder),
        run_id=manifest["run_id"],
        published_at=manifest["published_at"],
        as_of=manifest["as_of"],
        row_counts=manifest["row_counts"],
    )


def query(sql: str, parameters: dict[str, object] | None = None) -> pd.DataFrame:
    """Run ``sql`` on a fresh in-memory DuckDB connection (the files are named in the SQL)."""
    with duckdb.connect() as con:
        return con.execute(sql, parameters or {}).df()
