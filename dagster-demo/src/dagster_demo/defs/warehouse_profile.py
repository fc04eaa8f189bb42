"""What dbt built, as a user looks at it: row counts, a preview of each mart, risk counts.

Read from the warehouse once the dbt step has finished, and recorded as an observation on each
dbt table's asset (its page in the UI lists them under Events). dagster-dbt's own fetchers
(``include_metadata: [row_count]``) query the warehouse while dbt is still writing it, which
DuckDB refuses to a second process (see docs/upstream.md). Column names, types and descriptions
need no query: dagster-dbt takes them from the models' YAML into each asset's definition.
"""

from typing import Any

import dagster as dg
import duckdb
from ieta_dashboard.published_layout import PUBLISHED_MARTS

from dagster_demo.defs.assets import WAREHOUSE_POOL
from dagster_demo.resources.warehouse import Warehouse, markdown_preview, markdown_table

# The dbt layers materialized as tables (views cost nothing to count but a full scan each).
TABLE_SCHEMAS = ("dimensions", "facts", "marts")
PREVIEW_ROWS = 10


def risk_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Enrollments per risk level on the student dashboard, in risk order."""
    return con.execute(
        """
        select overall_risk_level, count(*) as enrollments
        from marts.mart_student_dashboard
        group by overall_risk_level, risk_rank
        order by risk_rank
        """
    ).fetchall()


def table_metadata(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict[str, Any]:
    relation = f'"{schema}"."{table}"'
    metadata: dict[str, Any] = {
        "dagster/row_count": con.execute(f"select count(*) from {relation}").fetchone()[0],
        "dagster/table_name": f"{schema}.{table}",
    }
    if schema == "marts":
        metadata["preview"] = dg.MetadataValue.md(
            markdown_preview(con, relation, limit=PREVIEW_ROWS, max_columns=100)
        )
    if table == "mart_student_dashboard":
        counts = risk_counts(con)
        metadata["enrollments_by_risk_level"] = dg.MetadataValue.md(
            markdown_table(["overall_risk_level", "enrollments"], counts)
        )
        metadata.update({f"risk/{level}": int(count) for level, count in counts})
    return metadata


@dg.asset(
    group_name="marts",
    kinds={"duckdb"},
    owners=["team:data-engineering"],
    # After every mart: they are all published (dashboard/ieta_dashboard/published_layout.py).
    deps=list(PUBLISHED_MARTS),
    # Reads the file that the dbt step and the extracts write: DuckDB lets no other process
    # open it while one of them writes, so this step takes the same single slot.
    pool=WAREHOUSE_POOL,
    description=(
        "Row counts of every dbt table, a preview of each mart and the dashboard's enrollments "
        "per risk level, read from the warehouse after dbt build and recorded as observations "
        "on those tables' assets."
    ),
)
def warehouse_profile(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> dg.MaterializeResult:
    with warehouse.connect(context.log) as con:
        tables = con.execute(
            f"""
            select table_schema, table_name from information_schema.tables
            where table_schema in {TABLE_SCHEMAS}
            order by table_schema, table_name
            """
        ).fetchall()
        rows = []
        for schema, table in tables:
            metadata = table_metadata(con, schema, table)
            context.log_event(dg.AssetObservation(asset_key=table, metadata=metadata))
            rows.append((f"{schema}.{table}", metadata["dagster/row_count"]))
    return dg.MaterializeResult(
        metadata={
            "tables": dg.MetadataValue.md(markdown_table(["table", "rows"], rows)),
            "table_count": len(rows),
        }
    )
