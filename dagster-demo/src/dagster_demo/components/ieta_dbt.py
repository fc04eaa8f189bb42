"""The dbt project as Dagster assets: ``DbtProjectComponent`` with this project's asset keys.

A model's asset key is its name and its group its layer folder (staging, intermediate,
dimensions, facts, marts); sources keep the key of the extract asset named in their
``meta.dagster.asset_key``, which joins the two halves of the graph. Row counts and the marts'
previews are read from the warehouse once dbt has finished (``defs/warehouse_profile.py``).
"""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, DbtProjectComponent

from dagster_demo.resources.warehouse import dbt_environment, is_duckdb, warehouse_from_env

OWNERS = ["team:data-engineering"]


class IetaDbtProjectComponent(DbtProjectComponent):
    """``DbtProjectComponent`` whose assets are keyed by model name and grouped by layer."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = self.get_resource_props(manifest, unique_id)
        if node["resource_type"] == "source":
            return spec  # keyed by meta.dagster.asset_key: the extract asset's key
        fqn = node["fqn"]  # [project, layer folder, ..., model]
        return spec.replace_attributes(
            key=dg.AssetKey(node["name"]),  # model names are unique across layers
            group_name=fqn[1] if len(fqn) > 2 else "dbt",
            owners=OWNERS,
        )

    def execute(self, context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator:
        # dbt fails at once when another process (the DuckDB UI, a notebook) holds the DuckDB
        # file; wait for it the way the extract assets do, with the same bounded wait and message.
        if is_duckdb():
            with warehouse_from_env().connect(context.log):
                pass
        # profiles.yml reads the warehouse's location from the environment dbt starts with.
        with dbt_environment():
            yield from super().execute(context, dbt)
