"""Publish two warehouses' marts in turn, as fast as it goes, until a stop file appears.

Run by the dashboard's live test with dagster-demo's interpreter (the publish step is the
pipeline's own ``publish_marts``):
``python republish.py ROOT WAREHOUSE_A WAREHOUSE_B KEEP_SECONDS STOP_FILE [ROUNDS]``.
Run ids start with ``aaaaaaaa`` or ``bbbbbbbb``, so a set's id tells which warehouse it holds.
Prints the number of sets published.
"""

import sys
from pathlib import Path

import duckdb
from dagster_demo.defs.publish import publish_marts


def main() -> None:
    root, first, second, keep, stop = sys.argv[1:6]
    rounds = int(sys.argv[6]) if len(sys.argv) > 6 else None
    published = 0
    while not Path(stop).exists() and (rounds is None or published < rounds):
        tag, warehouse = (("aaaaaaaa", first), ("bbbbbbbb", second))[published % 2]
        with duckdb.connect(warehouse, read_only=True) as con:
            publish_marts(con, Path(root), f"{tag}-{published}", float(keep))
        published += 1
    print(published)


if __name__ == "__main__":
    main()
