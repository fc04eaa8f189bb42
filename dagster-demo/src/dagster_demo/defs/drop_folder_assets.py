"""Extract assets for ``IETA_SOURCE=files``: each file of the drop folder copied into ``raw``.

One asset per file (``raw_oneroster_users``, ``raw_attendance_events``, ...; the table list is
``DROP_FILES`` in ``resources/drop_folder.py``), in the group ``extract_files``. A raw table
holds its file as text, columns named as in the header; every cast and cleaning rule lives in
the dbt staging models. Each asset checks the whole drop folder first (manifest, versions,
required files and columns), so a bad export fails every asset with the same message and no
table is half-replaced.

These assets exist only when ``IETA_SOURCE=files``; with the default ``apis`` the API extract
assets of ``assets.py`` are defined instead.
"""

import time

import dagster as dg

from dagster_demo.defs.assets import RAW_SCHEMA, WAREHOUSE_POOL
from dagster_demo.resources.drop_folder import (
    DROP_FILES,
    DropFile,
    DropFolderResource,
    drop_dir_from_env,
    load_drop_file,
    source_from_env,
)
from dagster_demo.resources.warehouse import DuckDBWarehouse, is_duckdb

# The system a district exports each side file from; the OneRoster files come from the SIS/LMS.
SIDE_FILE_SYSTEMS = {
    "attendance.csv": "SIS",
    "calendar.csv": "SIS",
    "attendance_codes.csv": "District",
    "state_scores.csv": "State",
}


def drop_file_asset(file: DropFile) -> dg.AssetsDefinition:
    """The extract asset of one drop-folder file: ``raw_<table>`` writes ``raw.<table>``."""

    @dg.asset(
        name=f"raw_{file.table}",
        group_name="extract_files",
        kinds={"python", "duckdb", "csv"},
        owners=["team:data-engineering"],
        tags={"source_system": SIDE_FILE_SYSTEMS.get(file.name, "OneRoster")},
        pool=WAREHOUSE_POOL,
        description=f"{file.name} → {RAW_SCHEMA}.{file.table}: {file.description}",
    )
    def extract_file(
        context: dg.AssetExecutionContext,
        drop_folder: DropFolderResource,
        warehouse: DuckDBWarehouse,
    ) -> dg.MaterializeResult:
        started = time.perf_counter()
        drop = drop_folder.open()
        loaded_file = load_drop_file(drop, file, warehouse, RAW_SCHEMA, context.log)
        loaded, issues = loaded_file.table, loaded_file.issues
        context.log.info(
            f"{loaded.relation}: {loaded.rows:,} rows, {len(loaded.columns)} columns from "
            f"{drop.describe(file)} in {time.perf_counter() - started:.1f}s"
            + ("" if file.name in drop.layouts else " (absent from the drop folder: no rows)")
        )
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": loaded.rows,
                "dagster/column_schema": dg.TableSchema(
                    columns=[dg.TableColumn(name, dtype) for name, dtype in loaded.columns]
                ),
                "dagster/table_name": loaded.relation,
                "source_file": drop.describe(file),
                "is_absent": file.name not in drop.layouts,
                "oneroster_version": drop.version,
                **issues.summary(),
                "lines_left_out": ", ".join(str(line) for line, _ in issues.skipped_rows[:50]),
                "seconds": round(time.perf_counter() - started, 3),
                "preview": dg.MetadataValue.md(loaded.preview),
            }
        )

    return extract_file


FILE_EXTRACT_ASSETS = [drop_file_asset(file) for file in DROP_FILES]


@dg.definitions
def defs() -> dg.Definitions:
    if source_from_env() != "files":
        return dg.Definitions()
    if not is_duckdb():
        raise ValueError(
            "IETA_SOURCE=files loads the drop folder into DuckDB: it cannot be combined with "
            "DBT_TARGET=spark yet. Run the files on DuckDB, or the APIs on Spark."
        )
    return dg.Definitions(
        assets=FILE_EXTRACT_ASSETS,
        resources={"drop_folder": DropFolderResource(path=str(drop_dir_from_env()))},
    )
