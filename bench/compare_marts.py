"""Compare two builds of the warehouse table by table: every table of the dimensions, facts and
marts schemas must hold the same rows (``EXCEPT ALL`` both ways, so duplicates count), and the
marts that are read in order (their models end with ORDER BY) must list them in the same order.

    dagster-demo/.venv/bin/python bench/compare_marts.py BEFORE.duckdb AFTER.duckdb

Prints one line per table and exits 1 when any table differs. Used to prove that a change made
for speed changes no figure (docs/performance.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
from dagster_demo.resources.warehouse import sql_string

SCHEMAS = ("dimensions", "facts", "marts")
# Marts whose rows are read in the order the model wrote them; their ORDER BY keys.
ORDERED = {
    "mart_student_dashboard": "risk_rank, current_grade, student_name, course_id, section_id",
    "mart_class_summary": "course_id, section_id",
}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compare(before: Path, after: Path) -> list[tuple[str, int, int, int, int, str]]:
    """(table, rows before, rows after, only before, only after, order) per table."""
    con = duckdb.connect()
    con.execute(f"attach {sql_string(str(before))} as before_build (read_only)")
    con.execute(f"attach {sql_string(str(after))} as after_build (read_only)")
    schemas = ", ".join(sql_string(s) for s in SCHEMAS)
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = 'before_build' "
        f"and schema_name in ({schemas}) order by all"
    ).fetchall()
    results = []
    for schema, table in tables:
        columns = [
            name
            for (name,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'before_build' "
                "and schema_name = ? and table_name = ? order by column_index",
                [schema, table],
            ).fetchall()
        ]
        column_list = ", ".join(quoted(c) for c in columns)
        left = f"select {column_list} from before_build.{quoted(schema)}.{quoted(table)}"
        right = f"select {column_list} from after_build.{quoted(schema)}.{quoted(table)}"
        try:
            rows_before = con.execute(f"select count(*) from ({left})").fetchone()[0]
            rows_after = con.execute(f"select count(*) from ({right})").fetchone()[0]
            only_before = con.execute(
                f"select count(*) from ({left} except all {right})"
            ).fetchone()[0]
            only_after = con.execute(
                f"select count(*) from ({right} except all {left})"
            ).fetchone()[0]
        except duckdb.Error as exc:
            results.append((f"{schema}.{table}", -1, -1, -1, -1, f"cannot compare: {exc}"))
            continue
        order = ""
        if table in ORDERED:
            # The scan order of each table, compared row by row on its ORDER BY keys.
            keys = ORDERED[table]
            mismatches = con.execute(
                f"select count(*) from (select row_number() over () as position, {keys} from "
                f"before_build.{quoted(schema)}.{quoted(table)}) as b full join (select "
                f"row_number() over () as position, {keys} from after_build.{quoted(schema)}."
                f"{quoted(table)}) as a using (position) where "
                + " or ".join(
                    f"b.{k.strip()} is distinct from a.{k.strip()}" for k in keys.split(",")
                )
            ).fetchone()[0]
            order = "same order" if mismatches == 0 else f"{mismatches} rows in another order"
        results.append(
            (f"{schema}.{table}", rows_before, rows_after, only_before, only_after, order)
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    results = compare(args.before, args.after)
    print("| table | rows before | rows after | only before | only after | order |")
    print("|---|---:|---:|---:|---:|---|")
    differs = False
    for table, rows_before, rows_after, only_before, only_after, order in results:
        print(
            f"| {table} | {rows_before:,} | {rows_after:,} | {only_before:,} | {only_after:,} "
            f"| {order} |"
        )
        differs |= only_before != 0 or only_after != 0 or rows_before != rows_after
        differs |= bool(order) and order != "same order"
    print("identical" if not differs else "DIFFERENT")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
