"""The release with every pair of states (issue 14): build, load and filtered-load speed, and
the Parquet compression level, each against a floor measured in the same run.

1. build: `write_release` (Parquet, CSV, gzip for large tables, DuckDB file, manifest) of the
   validated dataset, against DuckDB writing the same Arrow tables itself: COPY to zstd
   Parquet, COPY to CSV (gzip where the release gzips), CREATE TABLE in a database file.
   The whole build (validation, imports, panel, writing) is reported beside it.
2. load: rd.load("trade_partner_ranks") against pd.read_parquet of the same file (median of
   --repeat warm calls each, interleaved; rd.load's sha256 check runs once per process and is
   reported as "first call").
3. filtered load: one reporter, rd.load(..., where={"reporter": "COL"}) and SQL through
   rd.connect(), against the full load.
4. Parquet zstd level: size, write and read time of the three large tables per level.

Run from the repository after `relations-data build` (needs the imports' data directory):

    RELATIONS_DATA_IMPORTS=../shared/imports .venv/bin/python benchmarks/trade_release.py

A benchmark, not a test: it prints figures and ratios and asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

import relations_data as rd
from relations_data.loader import get_release
from relations_data import release
from relations_data.validate import check

LARGE = ("trade_partner_ranks", "evidence", "dyad_years")


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def median(func, repeat: int) -> float:
    return statistics.median(timed(func) for _ in range(repeat))


def duckdb_floor(arrows: dict, folder: Path) -> float:
    """DuckDB writing the same Arrow tables: Parquet (zstd), CSV (gzip where the release
    gzips), and one database file."""
    con = duckdb.connect(str(folder / "floor.duckdb"))
    start = time.perf_counter()
    for name, arrow in arrows.items():
        con.register("incoming", arrow)
        con.execute(f"COPY incoming TO '{folder / name}.parquet' (FORMAT parquet, COMPRESSION zstd)")
        gz = arrow.num_rows > release.LARGE_TABLE_ROWS
        con.execute(f"COPY incoming TO '{folder / name}.csv{'.gz' if gz else ''}' (FORMAT csv, HEADER"
                    f"{', COMPRESSION gzip' if gz else ''})")
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        con.unregister("incoming")
    con.execute("CHECKPOINT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def build_figures(raw: Path, scratch: Path) -> None:
    start = time.perf_counter()
    dataset = check(raw)
    checked = time.perf_counter() - start
    arrows = {name: release.to_arrow(dataset.frames[name], table, dataset.version)
              for name, table in dataset.schemas.items()}
    floor = duckdb_floor(arrows, scratch)
    del arrows
    ours = timed(lambda: release.write_release(dataset, scratch / "release"))
    print(f"build: validate+import+panel {checked:.1f} s; write_release {ours:.1f} s; "
          f"DuckDB writing the same tables {floor:.1f} s")
    print(f"  write_release / DuckDB floor = {ours / floor:.2f}x (target <= 3x)")
    print(f"  whole build / DuckDB floor   = {(checked + ours) / floor:.2f}x")


def load_figures(repeat: int) -> None:
    path = get_release().file("parquet/trade_partner_ranks.parquet")
    first = timed(lambda: rd.load("trade_partner_ranks"))
    ours, floor = [], []
    for _ in range(repeat):  # interleaved, so that drift in the machine hits both alike
        ours.append(timed(lambda: rd.load("trade_partner_ranks")))
        floor.append(timed(lambda: pd.read_parquet(path)))
    o, f = statistics.median(ours), statistics.median(floor)
    print(f"load trade_partner_ranks ({pq.ParquetFile(path).metadata.num_rows:,} rows): rd.load {o:.3f} s, "
          f"pd.read_parquet {f:.3f} s, ratio {o / f:.2f} (target <= 1.10); first call with sha256 {first:.3f} s")
    where = median(lambda: rd.load("trade_partner_ranks", where={"reporter": "COL"}), repeat)
    con = rd.connect()
    sql = median(lambda: con.execute("SELECT * FROM trade_partner_ranks WHERE reporter = 'COL'").df(), repeat)
    con.close()
    print(f"one reporter (COL): rd.load(where=) {where:.3f} s ({o / where:.0f}x faster than the full load), "
          f"SQL {sql:.3f} s ({o / sql:.0f}x faster)")


def compression_figures(scratch: Path, repeat: int) -> None:
    current = get_release()
    tables = {name: pq.read_table(current.file(f"parquet/{name}.parquet")) for name in LARGE}
    print("Parquet zstd level (the three large tables together): level, MB, write s, read s")
    for level in (1, 3, 6, 9, 12, 15):
        paths = {name: scratch / f"{name}-{level}.parquet" for name in tables}

        def write() -> None:
            for name, table in tables.items():
                pq.write_table(table, paths[name], compression="zstd", compression_level=level, use_dictionary=True,
                               write_statistics=True, data_page_version="2.0", row_group_size=release.ROW_GROUP_ROWS)

        written = timed(write)
        read = median(lambda: [pq.ParquetFile(p).read() for p in paths.values()], repeat)
        size = sum(p.stat().st_size for p in paths.values()) / 1e6
        mark = "  <- release" if level == release.PARQUET_ZSTD_LEVEL else ""
        print(f"  {level:>2}  {size:6.1f}  {written:5.2f}  {read:.3f}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=Path("raw"))
    parser.add_argument("--repeat", type=int, default=7, help="timed calls per reader")
    parser.add_argument("--skip-build", action="store_true", help="only the load and compression figures")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="rd-bench-"))
    try:
        if not args.skip_build:
            build_figures(args.raw, scratch)
        load_figures(args.repeat)
        compression_figures(scratch, args.repeat)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
