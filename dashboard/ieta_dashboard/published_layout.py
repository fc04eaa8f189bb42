"""The published set's layout: the one home of the names the pipeline writes and the dashboard
reads (standard library only).

The pipeline's ``published_marts`` asset (dagster-demo/src/dagster_demo/defs/publish.py) writes
each set with these names and the dashboard (``published.py``) reads them. The module lives in
the dashboard's package because the layout is the dashboard's input, the contract it reads, and
the dashboard is the project that may run on another host with nothing of the pipeline; the
pipeline's virtual environment imports it from here (dagster-demo/pyproject.toml adds this
folder to its editable install's search path).

Layout of ``IETA_PUBLISH_DIR`` (default ``<repo>/published``)::

    current.txt                        name of the current set
    sets/<UTC time>-<run id>/          one folder per published set
        <mart>.parquet                 one file per mart of PUBLISHED_MARTS, named after it
        published.json                 set id, run id, publication time, as_of, row counts
"""

from __future__ import annotations

from pathlib import Path

POINTER_FILE = "current.txt"
SETS_FOLDER = "sets"
MANIFEST_FILE = "published.json"
# Where a set is written before the rename that completes it.
PARTIAL_SUFFIX = ".partial"

# The dbt marts a set holds, each as ``<mart>.parquet``: exactly the marts the dbt exposure
# ``teacher_dashboard`` (dbt-demo/models/marts/_exposures.yml) depends on; a test compares them.
PUBLISHED_MARTS = (
    "mart_student_dashboard",
    "mart_class_summary",
    "mart_data_quality",
    "mart_rule_settings",
    "mart_risk_levels",
    "mart_enrollment_items",
    "mart_enrollment_absences",
    "mart_school_days",
    "mart_enrollment_weekly",
    "mart_newly_at_risk",
)

# IETA_PUBLISH_DIR when it is not set, and what a relative IETA_PUBLISH_DIR is relative to.
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PUBLISH_DIR = REPO_ROOT / "published"
# How long a replaced set stays readable (IETA_PUBLISH_KEEP_SECONDS): far longer than a page.
DEFAULT_KEEP_SECONDS = 600.0


def resolve_publish_dir(configured: str | None) -> Path:
    """The published sets' folder for a configured ``IETA_PUBLISH_DIR`` value (absolute, or
    relative to the repository root), or ``<repo>/published`` when it is empty."""
    path = Path(configured) if configured else DEFAULT_PUBLISH_DIR
    return (path if path.is_absolute() else REPO_ROOT / path).resolve()


def mart_file(set_folder: str | Path, mart: str) -> Path:
    """The file of ``mart`` in the set folder ``set_folder``."""
    return Path(set_folder) / f"{mart}.parquet"
