"""Time the cow_trade importer beside DuckDB computing the same ranks from the same data.

Stages, each the best of --repeat runs in this one process:

  read        rdata reading cow_trade_ndy.rda into pandas (the importer's first step)
  importer    cow_trade.read(): read + directed rows + ranks + shares + country codes + sort
              + the per-row selection text (the whole importer, as the build will call it)
  compute     importer - read: what the importer adds to reading the file
  duckdb      one DuckDB query over the same pandas frame (already read): both directions,
              the three flows, RANK() and the share as window functions, fetched as Arrow;
              with DuckDB's default threads and with one thread

Ratios printed: compute / duckdb, and importer / (read + duckdb). DuckDB ranks by COW state
number and does not code countries, sort or write selections, so it is a floor, not a twin.

    python benchmarks/import_cow.py [--data DIR] [--repeat 3]

DIR defaults to RELATIONS_DATA_IMPORTS, else ../shared/imports/peacesciencer-3db24a5 beside
the repository.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import duckdb

from relations_data.inputs.imports import cow_trade
from relations_data.inputs.imports.cow_states import read_rda

REPO = Path(__file__).resolve().parents[1]

SQL = """
WITH dyads AS (
    SELECT ccode1 AS reporter, ccode2 AS partner, year, flow2 AS exports, flow1 AS imports FROM trade
    UNION ALL
    SELECT ccode2, ccode1, year, flow1, flow2 FROM trade
), long AS (
    SELECT reporter, partner, year, 'exports' AS flow, exports AS value FROM dyads
    UNION ALL SELECT reporter, partner, year, 'imports', imports FROM dyads
    UNION ALL SELECT reporter, partner, year, 'total', imports + exports FROM dyads
)
SELECT reporter::BIGINT AS reporter, partner::BIGINT AS partner, year::BIGINT AS year, flow,
       RANK() OVER (PARTITION BY reporter, year, flow ORDER BY value DESC) AS rank,
       (value * 1000000)::BIGINT AS value_usd,
       value / SUM(value) OVER (PARTITION BY reporter, year, flow) AS share
FROM long WHERE value > 0
"""


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get(
        "RELATIONS_DATA_IMPORTS", REPO.parent / "shared" / "imports" / "peacesciencer-3db24a5")))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = {name: args.data / name for name in (cow_trade.TRADE_FILE, "cow_states.rda")}

    t_read, frame = best(lambda: read_rda(files[cow_trade.TRADE_FILE], cow_trade.TRADE_ROWS), args.repeat)
    t_import, imported = best(lambda: next(cow_trade.read(files)), args.repeat)
    t_compute = t_import - t_read

    results = {}
    for threads in ("default", 1):
        con = duckdb.connect()
        if threads == 1:
            con.execute("SET threads = 1")
        con.register("trade", frame)
        results[threads] = best(lambda: con.sql(SQL).to_arrow_table(), args.repeat)
        con.close()
    t_duck, table = results["default"]
    assert table.num_rows == imported.rows.num_rows, (table.num_rows, imported.rows.num_rows)

    print(f"rows: {frame.shape[0]:,} dyad-years in, {imported.rows.num_rows:,} ranked rows out; best of {args.repeat}")
    print(f"read (rdata)               {t_read:7.2f} s")
    print(f"importer (read + compute)  {t_import:7.2f} s")
    print(f"compute (importer - read)  {t_compute:7.2f} s")
    for threads, (t, _) in results.items():
        label = f"duckdb ({threads} threads)" if threads == "default" else "duckdb (1 thread)"
        print(f"{label:<26} {t:7.2f} s   compute / duckdb = {t_compute / t:4.1f}x   "
              f"importer / (read + duckdb) = {t_import / (t_read + t):4.1f}x")


if __name__ == "__main__":
    main()
