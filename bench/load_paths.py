"""One way of loading the /gradebook pages into DuckDB, run in a process of its own.

``python bench/load_paths.py VARIANT PAGES_DIR WORK_DIR`` (run by ``choices.py``, one fresh
process per measurement so that peak memory of one variant never shows up in another). The
pages are the raw response bodies ``choices.py`` saved, decoded one at a time with orjson, as
``PaginatedApiClient.iter_pages`` yields them; the variant turns them into the table
``raw.gradebook`` of a fresh DuckDB file. Prints one JSON line: seconds (decode + load + commit),
peak resident memory growth over the process's state after its imports, rows and columns of the
table, or the error that stopped the variant.

Variants:

* ``decode``: decode the pages, load nothing (the cost every variant shares);
* ``json_files``: each page written as a JSON file (orjson), then one ``create table as select *
  from read_json([...], format='array', sample_size=-1)``: what the pipeline does;
* ``arrow_append``: each page to a pyarrow Table, appended to the DuckDB table (the first page
  creates it, so it decides the column types);
* ``pandas``: every row in one pandas DataFrame, then ``create table as select * from df``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pandas as pd
import pyarrow as pa

TABLE = "raw.gradebook"
Rows = list[dict[str, Any]]


def pages(pages_dir: Path) -> Iterator[Rows]:
    """The rows of each saved page, decoded as the client decodes them, one page at a time."""
    for path in sorted(pages_dir.glob("page_*.json")):
        yield orjson.loads(path.read_bytes())["data"]


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS, so the imports' own peak is not counted (Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def load_decode(con: duckdb.DuckDBPyConnection, source: Iterator[Rows], tmp: Path) -> None:
    for _ in source:
        pass


def load_json_files(con: duckdb.DuckDBPyConnection, source: Iterator[Rows], tmp: Path) -> None:
    files = []
    for number, rows in enumerate(source):
        path = tmp / f"page_{number:06d}.json"
        path.write_bytes(orjson.dumps(rows))
        files.append(path)
    file_list = "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"
    con.execute(
        f"create table {TABLE} as "
        f"select * from read_json({file_list}, format = 'array', sample_size = -1)"
    )


def load_arrow_append(con: duckdb.DuckDBPyConnection, source: Iterator[Rows], tmp: Path) -> None:
    con.execute("begin transaction")
    for number, rows in enumerate(source):
        con.register("page", pa.Table.from_pylist(rows))
        if number == 0:
            con.execute(f"create table {TABLE} as select * from page")
        else:
            # By name: a page whose rows lack a key, or order keys differently, still lines up.
            con.execute(f"insert into {TABLE} by name select * from page")
        con.unregister("page")
    con.execute("commit")


def load_pandas(con: duckdb.DuckDBPyConnection, source: Iterator[Rows], tmp: Path) -> None:
    all_rows: Rows = []
    for rows in source:
        all_rows.extend(rows)
    df = pd.DataFrame(all_rows)
    del all_rows
    con.register("df", df)
    con.execute(f"create table {TABLE} as select * from df")


VARIANTS: dict[str, Callable[[duckdb.DuckDBPyConnection, Iterator[Rows], Path], None]] = {
    "decode": load_decode,
    "json_files": load_json_files,
    "arrow_append": load_arrow_append,
    "pandas": load_pandas,
}


def main(argv: list[str]) -> int:
    variant, pages_dir, work = argv[0], Path(argv[1]), Path(argv[2])
    result: dict[str, Any] = {"variant": variant}
    with tempfile.TemporaryDirectory(dir=work, prefix=f"load-{variant}-") as tmp:
        con = duckdb.connect(f"{tmp}/warehouse.duckdb")
        con.execute("create schema raw")
        result["peak_reset"] = reset_peak()
        baseline = status_kib("VmRSS")
        started = time.perf_counter()
        try:
            VARIANTS[variant](con, pages(pages_dir), Path(tmp))
        except Exception as exc:  # a variant that cannot load the data is a result, not a crash
            result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
            traceback.print_exc(file=sys.stderr)
        result["seconds"] = time.perf_counter() - started
        result["peak_growth_mib"] = (status_kib("VmHWM") - baseline) / 1024
        if variant != "decode" and "error" not in result:
            result["rows"] = con.execute(f"select count(*) from {TABLE}").fetchone()[0]
            result["columns"] = len(con.execute(f"describe {TABLE}").fetchall())
            result["types"] = dict(
                con.execute(
                    f"select column_type, count(*) from (describe {TABLE}) group by all order by 1"
                ).fetchall()
            )
        con.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
