"""How much the loader costs on top of reading the files.

1. rd.load(table) against pd.read_parquet(the same file), per table: median of --repeat
   warm calls each, interleaved (rd.load's sha256 check runs once per process and is
   reported separately as "first call").
2. `relations-data --help` against `python -c "import click"`: median wall time of
   --runs fresh processes each.

Run from the repository (uses build/ unless RELATIONS_DATA_RELEASES is set):

    .venv/bin/python benchmarks/load_speed.py [--version V] [--repeat 200] [--runs 15]

A benchmark, not a test: it prints figures and ratios and asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_time(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=None, help="release to load (default: the newest)")
    parser.add_argument("--repeat", type=int, default=200, help="timed calls per table and reader")
    parser.add_argument("--runs", type=int, default=15, help="processes timed per command")
    args = parser.parse_args()

    import pandas as pd

    import relations_data as rd
    from relations_data import loader

    release = loader.get_release(args.version)
    print(f"release {release.version} in {release.path}")
    print(f"{'table':<22}{'rows':>7}{'first call':>12}{'rd.load':>11}{'read_parquet':>14}{'ratio':>8}")
    ratios = []
    for table in release.table_names:
        path = release.path / release.table_entry(table)["parquet"]
        loader._VERIFIED.clear()
        start = time.perf_counter()
        frame = rd.load(table, version=release.version)
        first = time.perf_counter() - start
        pd.read_parquet(path)
        ours, theirs = [], []
        for _ in range(args.repeat):  # interleaved, so drift affects both alike
            start = time.perf_counter()
            rd.load(table, version=release.version)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            pd.read_parquet(path)
            theirs.append(time.perf_counter() - start)
        a, b = statistics.median(ours), statistics.median(theirs)
        ratios.append(a / b)
        print(f"{table:<22}{len(frame):>7}{first * 1e3:>10.2f}ms{a * 1e3:>9.2f}ms{b * 1e3:>12.2f}ms{a / b:>8.2f}")
    print(f"median ratio rd.load / pd.read_parquet: {statistics.median(ratios):.2f} "
          f"(max {max(ratios):.2f}); target <= 1.10")

    script = Path(sys.executable).with_name("relations-data")
    help_time = process_time([str(script), "--help"], args.runs)
    click_time = process_time([sys.executable, "-c", "import click"], args.runs)
    print(f"relations-data --help: {help_time * 1e3:.0f} ms; python -c 'import click': {click_time * 1e3:.0f} ms; "
          f"ratio {help_time / click_time:.2f}")


if __name__ == "__main__":
    main()
