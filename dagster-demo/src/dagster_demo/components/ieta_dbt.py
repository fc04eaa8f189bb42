"""The dbt project as Dagster assets, with teacher-facing previews on the marts.

``IetaDbtProjectComponent`` is ``DbtProjectComponent`` plus one thing: when ``dbt build`` has
finished, each mart's materialization also carries a markdown preview of its first rows, and the
student dashboard carries the count of enrollments per risk level. Those queries run after the
dbt process has exited, because DuckDB allows one writer at a time and dbt holds the file while
it builds; mart events are held back until then (marts are the last layer, so little waits).
"""

from collections.abc import Callable, Iterator
from contextlib import chdir
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProjectComponent

from dagster_demo.resources.warehouse import markdown_table, warehouse_from_env

MART_GROUP = "marts"
MART_SCHEMA = "marts"
PREVIEW_ROWS = 10


Query = Callable[[str], tuple[list[str], list[tuple[Any, ...]]]]


def mart_metadata(query: Query, relation: str) -> dict[str, Any]:
    """A preview of the first rows; for the dashboard, also enrollments per risk level."""
    names, rows = query(f"select * from {relation} limit {PREVIEW_ROWS}")
    metadata: dict[str, Any] = {"preview": dg.MetadataValue.md(markdown_table(names, rows))}
    if "overall_risk_level" in names and "risk_rank" in names:
        _, counts = query(
            f"""
            select overall_risk_level, count(*) as enrollments
            from {relation}
            group by overall_risk_level, risk_rank
            order by risk_rank
            """
        )
        metadata["enrollments_by_risk_level"] = dg.MetadataValue.md(
            markdown_table(["overall_risk_level", "enrollments"], counts)
        )
        for level, count in counts:
            metadata[f"risk/{level}"] = int(count)
    return metadata


class IetaDbtProjectComponent(DbtProjectComponent):
    """DbtProjectComponent that adds previews and risk counts to the marts' materializations.

    ``execute`` builds the event stream itself: row counts and column schemas (what
    ``include_metadata`` would add), then the mart previews.
    """

    def execute(self, context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator:
        # dbt fails at once when another process (the DuckDB UI, a notebook) holds the file;
        # wait for it the way the extract assets do, with the same bounded timeout and message.
        with warehouse_from_env().connect(context.log):
            pass
        invocation = dbt.cli(self.get_cli_args(context), context=context)
        events = invocation.stream().fetch_row_counts().fetch_column_metadata()
        held: list[Any] = []
        for event in events:
            if held or self._is_mart_output(context, event):
                held.append(event)
            else:
                yield event
        if not held:
            return

        # The previews go through dbt's own adapter: this process already holds the DuckDB
        # file through it (for the row counts), and DuckDB refuses a second, differently
        # configured connection to the same file.
        adapter = invocation.adapter

        def query(sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
            with chdir(invocation.project_dir), adapter.connection_named("ieta_preview"):
                _, table = adapter.execute(sql, fetch=True)
            return list(table.column_names), [tuple(row) for row in table.rows]

        for event in held:
            if self._is_mart_output(context, event):
                model = context.asset_key_for_output(event.output_name).path[-1]
                extra = mart_metadata(query, f"{MART_SCHEMA}.{model}")
                event = event.with_metadata({**event.metadata, **extra})
            yield event

    @staticmethod
    def _is_mart_output(context: dg.AssetExecutionContext, event: Any) -> bool:
        if not isinstance(event, dg.Output):
            return False
        key = context.asset_key_for_output(event.output_name)
        return context.assets_def.specs_by_key[key].group_name == MART_GROUP
