"""Load a generated district's parquet files into a warehouse's ``raw`` tables, without Dagster
or the APIs, the way the extract assets do: each file is written as API-style JSON pages
(``{"total": ..., "data": [rows]}``) and loaded by the
warehouse resource's own ``load_json_pages``, so the raw tables get the same column types.

For profiling dbt on its own (``bench/profile_dbt.py``) and for comparing builds
(``bench/compare_marts.py``). Run with dagster-demo's Python:

    dagster-demo/.venv/bin/python bench/load_raw.py --data DIR --warehouse FILE.duckdb
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb
from dagster_demo.resources.warehouse import load_json_pages, sql_string

TABLES = {  # raw table -> parquet file the API serves
    "students": "students.parquet",
    "attendance": "attendance.parquet",
    "assignments": "assignments.parquet",
    "gradebook": "gradebook.parquet",
    "isat": "isat_data.parquet",
}
# Bigger pages than the APIs' 1000 rows: the loader reads any page size the same way.
PAGE_ROWS = 10_000


def write_pages(con: duckdb.DuckDBPyConnection, parquet: Path, folder: Path) -> list[Path]:
    """The file's rows as JSON page files like the API's (a ``data`` array per page)."""
    con.execute(
        f"create or replace temp table rows_with_page as select *, "
        f"(row_number() over () - 1) // {PAGE_ROWS} as page_number__ "
        f"from read_parquet({sql_string(str(parquet))})"
    )
    total, pages = con.execute(
        "select count(*), coalesce(max(page_number__) + 1, 0) from rows_with_page"
    ).fetchone()
    files = []
    for page in range(pages):
        array = folder / f"array_{page:08d}.json"
        con.execute(
            "copy (select * exclude (page_number__) from rows_with_page "
            f"where page_number__ = {page}) "
            f"to {sql_string(str(array))} (format json, array true)"
        )
        path = folder / f"page_{page:08d}.json"
        path.write_bytes(b'{"total": %d, "data": ' % total + array.read_bytes() + b"}")
        array.unlink()
        files.append(path)
    return files


def load(data_dir: Path, warehouse: Path) -> dict[str, int]:
    counts = {}
    with duckdb.connect(str(warehouse)) as con:
        for table, file_name in TABLES.items():
            with tempfile.TemporaryDirectory(prefix=f"load_raw_{table}_") as tmp:
                scratch = duckdb.connect()
                files = write_pages(scratch, data_dir / file_name, Path(tmp))
                scratch.close()
                parquet = sql_string(str(data_dir / file_name))
                total = con.execute(f"select count(*) from read_parquet({parquet})").fetchone()[0]
                rows, _ = load_json_pages(con, "raw", table, files, total, source=file_name)
                counts[table] = rows
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of the parquet files")
    parser.add_argument("--warehouse", type=Path, required=True, help="DuckDB file to write")
    args = parser.parse_args()
    for table, rows in load(args.data, args.warehouse).items():
        print(f"raw.{table}: {rows:,} rows")


if __name__ == "__main__":
    main()
