"""Throughput of the extractor on a synthetic corpus, beside a single-regex floor.

Generates a corpus of the chosen size (``--mb``, default 50) in a temporary directory with
``generate.generate_corpus`` (the corpus of ``scale.py --corpus-mb``): news-like paragraphs
where most sentences match nothing, some mention the keywords without asserting a record, and
a few assert records of each table. Then measures

* ``extract_paths`` over all files using ``--workers`` processes (default: all cores), in MB/s
  overall and per core;
* the floor: one pass of a single compiled regular expression (the extractor's keywords as
  one alternation) over the same text, files read and decoded as the extractor does, in one
  process, in MB/s;

and prints the ratio of the extractor's per-core rate to the floor.

    python benchmarks/extraction_throughput.py --mb 50
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_corpus  # noqa: E402

from relations_data import extract  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    ap.add_argument("--file-kb", type=int, default=200, help="size of each file in kB (default 200)")
    ap.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    workers = args.workers or os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="extract-bench-") as tmp:
        t0 = time.perf_counter()
        paths = generate_corpus(Path(tmp), args.mb, seed=args.seed, file_mb=args.file_kb / 1000)
        total = sum(p.stat().st_size for p in paths)
        mb = total / 1e6
        print(f"corpus: {len(paths)} files, {mb:.1f} MB (generated in {time.perf_counter() - t0:.1f} s)")

        # floor: one pass of one compiled regex (the extractor's keywords as a single
        # case-sensitive alternation) over the same text, one process, reading included
        floor_rx = re.compile(extract.patterns._KEYWORDS)
        t0 = time.perf_counter()
        hits = 0
        for p in paths:
            text = p.read_bytes().decode("utf-8")
            hits += sum(1 for _ in floor_rx.finditer(text))
        floor_s = time.perf_counter() - t0
        floor_rate = mb / floor_s

        errors: list = []
        t0 = time.perf_counter()
        n = 0
        by_table: dict[str, int] = {}
        for c in extract.extract_paths(paths, workers=workers, on_error=lambda p, m: errors.append((p, m))):
            n += 1
            by_table[c.table] = by_table.get(c.table, 0) + 1
        ext_s = time.perf_counter() - t0
        rate = mb / ext_s
        per_core = rate / workers

    print(f"extract_paths: {n} candidates {dict(sorted(by_table.items()))}, {len(errors)} errors")
    print(f"extract_paths: {ext_s:.2f} s, {rate:.2f} MB/s with {workers} workers = {per_core:.2f} MB/s per core")
    print(f"floor (one compiled-regex pass, 1 process): {floor_s:.2f} s, {floor_rate:.2f} MB/s ({hits} keyword hits)")
    print(f"ratio extractor per core / floor: {per_core / floor_rate:.3f}")
    print(f"target >= 5 MB/s per core: {'met' if per_core >= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
