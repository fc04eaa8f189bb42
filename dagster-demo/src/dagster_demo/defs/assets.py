"""Extract assets: each source endpoint copied as-is into the DuckDB ``raw`` schema.

A raw table mirrors its endpoint column for column; types are inferred by DuckDB and every cast
and cleaning rule lives in the dbt staging models. Pages stream from the API to temporary JSON
files and DuckDB loads them in one statement, so memory stays flat whatever the source's size and
the table is replaced all at once (see ``DuckDBWarehouse.replace_table_from_json``).
"""

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from dagster_demo.resources.api_clients import LmsClient, PaginatedApiClient, SisClient, StateClient
from dagster_demo.resources.drop_folder import source_from_env
from dagster_demo.resources.warehouse import Warehouse, is_duckdb

RAW_SCHEMA = "raw"
# Every writer of the DuckDB file takes a slot of this pool; its limit (1) is set in the
# dagster.yaml that the scripts put in DAGSTER_HOME, so runs never write at the same time.
DUCKDB_WRITER_POOL = "duckdb_writer"
# The pool the steps that open the warehouse take: DuckDB's single writer only. On Spark
# (DBT_TARGET=spark) the extracts write separate Parquet folders and need none.
WAREHOUSE_POOL = DUCKDB_WRITER_POOL if is_duckdb() else None
ROW_COUNT_CHECK = "row_count_matches_source_total"

ENROLLMENT_COLUMNS = ("student_id", "student_name", "course_id", "section_id")
# The export behind each endpoint, named in error messages so a user knows which file to fix.
SOURCE_FILES = {
    "students": "students.parquet",
    "attendance": "attendance.parquet",
    "assignments": "assignments.parquet",
    "gradebook": "gradebook.parquet",
    "isat": "isat_data.parquet",
}


def extract_to_raw(
    context: dg.AssetExecutionContext,
    client: PaginatedApiClient,
    warehouse: Warehouse,
    endpoint: str,
    table: str,
    required_columns: tuple[str, ...],
) -> dg.MaterializeResult:
    """Copy every page of ``endpoint`` into ``raw.<table>`` and describe the result."""
    url = client.url(endpoint)
    source = f"{url} (served from {SOURCE_FILES[endpoint]})"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"ieta_{table}_") as tmp:
        files: list[Path] = []
        received, total, next_report = 0, 0, 0.0
        for page in client.iter_pages(endpoint):
            path = Path(tmp) / f"page_{page.offset:010d}.json"
            path.write_bytes(page.body)  # as received: DuckDB reads the rows from `data`
            files.append(path)
            received, total = received + len(page.rows), page.total
            if total and received / total >= next_report:
                context.log.info(f"{url}: {received:,} of {total:,} rows")
                next_report += 0.25
        download_seconds = time.perf_counter() - started
        if total == 0:
            raise dg.Failure(
                f"{source} returned no rows: the source export is empty. Fix that file (in the "
                f"API's IETA_DATA_DIR) and run the extract again; raw.{table} was left as it was."
            )
        loaded = warehouse.replace_table_from_json(
            RAW_SCHEMA,
            table,
            files,
            expected_rows=total,
            required_columns=required_columns,
            source=source,
            log=context.log,
        )
    context.log.info(
        f"raw.{table}: {loaded.rows:,} rows, {len(loaded.columns)} columns from {url} "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": loaded.rows,
            "dagster/column_schema": dg.TableSchema(
                columns=[dg.TableColumn(name, dtype) for name, dtype in loaded.columns]
            ),
            "dagster/table_name": f"{RAW_SCHEMA}.{table}",
            "source_url": dg.MetadataValue.url(url),
            "source_total": total,
            "pages": len(files),
            "download_seconds": round(download_seconds, 3),
            "seconds": round(time.perf_counter() - started, 3),
            "preview": dg.MetadataValue.md(loaded.preview),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=ROW_COUNT_CHECK,
                passed=loaded.rows == total,
                metadata={"source_total": total, "rows_loaded": loaded.rows},
            )
        ],
    )


def extract_asset(
    name: str, system: str, description: str
) -> Callable[[Callable[..., dg.MaterializeResult]], dg.AssetsDefinition]:
    """The settings every extract asset shares."""
    return dg.asset(
        name=name,
        group_name="extract",
        kinds={"python", "duckdb"},
        owners=["team:data-engineering"],
        tags={"source_system": system},
        pool=WAREHOUSE_POOL,
        description=description,
        check_specs=[
            dg.AssetCheckSpec(
                ROW_COUNT_CHECK,
                asset=name,
                description="The table holds exactly the `total` rows the API announced.",
            )
        ],
    )


@extract_asset("raw_students", "SIS", "SIS roster (/students) → raw.students: one row per student.")
def raw_students(
    context: dg.AssetExecutionContext, sis_api: SisClient, warehouse: Warehouse
) -> dg.MaterializeResult:
    return extract_to_raw(
        context, sis_api, warehouse, "students", "students",
        ("student_id", "eduid", "student_name", "grade_level"),
    )  # fmt: skip


@extract_asset(
    "raw_attendance",
    "SIS",
    "SIS attendance (/attendance) → raw.attendance: one row per enrollment, one column per "
    "school day.",
)
def raw_attendance(
    context: dg.AssetExecutionContext, sis_api: SisClient, warehouse: Warehouse
) -> dg.MaterializeResult:
    return extract_to_raw(
        context, sis_api, warehouse, "attendance", "attendance", ENROLLMENT_COLUMNS
    )


@extract_asset(
    "raw_assignments",
    "LMS",
    "LMS assignment catalog (/assignments) → raw.assignments: one row per graded item.",
)
def raw_assignments(
    context: dg.AssetExecutionContext, lms_api: LmsClient, warehouse: Warehouse
) -> dg.MaterializeResult:
    return extract_to_raw(
        context, lms_api, warehouse, "assignments", "assignments",
        ("assignment_name", "assignment_type", "assignment_number", "due_date", "points_possible"),
    )  # fmt: skip


@extract_asset(
    "raw_gradebook",
    "LMS",
    "LMS gradebook (/gradebook) → raw.gradebook: one row per enrollment, one column per graded "
    "item, and the LMS's current_grade.",
)
def raw_gradebook(
    context: dg.AssetExecutionContext, lms_api: LmsClient, warehouse: Warehouse
) -> dg.MaterializeResult:
    return extract_to_raw(
        context, lms_api, warehouse, "gradebook", "gradebook",
        (*ENROLLMENT_COLUMNS, "teacher", "current_grade"),
    )  # fmt: skip


@extract_asset(
    "raw_isat",
    "State",
    "State ISAT scores (/isat) → raw.isat: one row per tested student, keyed by eduid.",
)
def raw_isat(
    context: dg.AssetExecutionContext, state_api: StateClient, warehouse: Warehouse
) -> dg.MaterializeResult:
    return extract_to_raw(
        context, state_api, warehouse, "isat", "isat",
        ("eduid", "math_scale_score", "math_performance_level", "ela_scale_score",
         "ela_performance_level"),
    )  # fmt: skip


@dg.definitions
def defs() -> dg.Definitions:
    # IETA_SOURCE=files reads a drop folder instead (drop_folder_assets.py), without these.
    api_assets = [raw_students, raw_attendance, raw_assignments, raw_gradebook, raw_isat]
    return dg.Definitions(assets=api_assets if source_from_env() == "apis" else [])
