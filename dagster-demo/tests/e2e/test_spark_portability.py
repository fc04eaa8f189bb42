"""The same dbt project on Apache Spark: every dimension, fact and mart equals DuckDB's.

A generated 2,000-student district runs through the whole pipeline twice, with the DuckDB
warehouse (the default) and with ``DBT_TARGET=spark`` (Spark 4 in local session mode, through
dbt-spark): the extract assets write the raw tables as Parquet folders, dbt builds the same
models on Spark, and each table Spark wrote is compared with DuckDB's row for row (EXCEPT ALL
both ways) and column for column, types included.

Marked ``spark``: ./test.sh runs it as its own stage, after ``./install.sh --spark``. About five
minutes here: dbt-spark spends about 1.3 s per node in local mode whatever the size.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Apis, Pipeline, generate_data, prepare_dbt_project

from dagster_demo.resources.warehouse import SparkLakeWarehouse

pytestmark = pytest.mark.spark

STUDENTS, SEED = 2000, 11
COMPARED_SCHEMAS = ("dimensions", "facts", "marts")


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pipeline, Path]]:
    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        pytest.skip("Spark is not installed: run ./install.sh --spark (needs Java 17)")
    root = tmp_path_factory.mktemp("spark")
    data = generate_data(root / "data", STUDENTS, SEED)
    duckdb_run = Pipeline(root / "duckdb")
    spark_dir = root / "spark"
    spark_run = Pipeline(
        root / "spark_run", extra_env={"DBT_TARGET": "spark", "IETA_SPARK_DIR": str(spark_dir)}
    )
    with Apis(data) as apis:
        duckdb_run.launch(apis)
        prepare_dbt_project(target="spark")
        try:
            spark_run.launch(apis, timeout=1500)
        finally:
            prepare_dbt_project()
    yield duckdb_run, spark_dir


def test_every_table_equals_duckdbs_types_included(both_engines: tuple[Pipeline, Path]) -> None:
    duckdb_run, spark_dir = both_engines
    with SparkLakeWarehouse(spark_dir=str(spark_dir)).connect() as spark:
        spark.execute(f"attach '{duckdb_run.database}' as local (read_only)")
        tables = spark.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_catalog = 'local' and table_schema in {COMPARED_SCHEMAS} order by 1, 2"
        ).fetchall()
        assert len(tables) == 19  # 5 dimensions, 4 facts, 10 marts
        problems = []
        for schema, table in tables:
            relation = f"{schema}.{table}"
            local_columns, spark_columns = (
                [(name, dtype) for name, dtype, *_ in spark.execute(f"describe {r}").fetchall()]
                for r in (f"local.{relation}", relation)
            )
            if local_columns != spark_columns:
                differing = [
                    pair for pair in zip(local_columns, spark_columns, strict=False)
                    if pair[0] != pair[1]
                ]  # fmt: skip
                problems.append(f"{relation}: columns differ, e.g. {differing[:3]}")
                continue
            rows = spark.execute(f"select count(*) from {relation}").fetchone()[0]
            only_local, only_spark = (
                spark.execute(
                    f"select count(*) from (select * from {a} except all select * from {b})"
                ).fetchone()[0]
                for a, b in ((f"local.{relation}", relation), (relation, f"local.{relation}"))
            )
            if rows == 0 or only_local or only_spark:
                problems.append(
                    f"{relation}: {rows} rows on Spark; {only_local} only on DuckDB, "
                    f"{only_spark} only on Spark"
                )
    assert not problems, "Spark and DuckDB differ:\n" + "\n".join(problems)
