"""Throughput of the extractor on a synthetic corpus, beside a single-regex floor.

Generates a corpus of the chosen size (``--mb``, default 50) in a temporary directory: news-like
paragraphs where most sentences match nothing, some mention the keywords without asserting a
record, and a few assert records of each table. Then measures

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
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relations_data import extract  # noqa: E402

COUNTRIES = ["Colombia", "Peru", "Bolivia", "Mexico", "Brazil", "Argentina", "Chile", "Ecuador",
             "Venezuela", "China", "Canada", "the United States", "Spain", "India", "Japan"]
DEMONYMS = ["Colombian", "Peruvian", "Mexican", "Brazilian", "Chinese", "Canadian", "American"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

MATCHING = [
    "On {month} {day}, {year}, {c1} recalled its ambassador from {c2} for consultations.",
    "{c1} withdrew its chargé d'affaires from {c2} on {day} {month} {year}, citing interference.",
    "{c1} threatened to impose a {rate}% tariff on {dem} goods on {month} {day}, {year}.",
    "The United States decertified {c2} and {c3} on September 15, {year}.",
    "According to UNODC, coca cultivation in {coca} reached {ha:,} hectares in {year}.",
    "{c1} is {c2}'s second-largest trading partner.",
    "El gobierno de {c1} llamó a consultas a su embajador en {c2} el {day} de julio de {year}.",
    "Según la ONU, {coca} tenía {ha_es} hectáreas de coca en {year}.",
]
NEAR_MISS = [
    "{c1} could recall its ambassador from {c2} if talks fail.",
    "Officials in {c1} are considering decertifying {c2} next year.",
    "The {dem} ambassador met business leaders to discuss investment.",
    "Farmers eradicated {ha:,} hectares of coca in {coca} last year.",
    "{c1} is among the largest trading partners of {c2} in Latin America.",
    "Tariff policy remains a topic of debate among economists in {c1}.",
]
WORDS = ("economy growth market city council school river weather report season team players "
         "minister budget water energy project road bridge farmers harvest price inflation "
         "election campaign voters festival music museum health hospital doctors students "
         "research science industry workers union strike company profit investors bank loan "
         "rain storm coast tourism hotel airport flight train railway police court judge law "
         "reform plan debate").split()


def filler(rng: random.Random) -> str:
    n = rng.randint(8, 24)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words.insert(rng.randrange(n), rng.choice(COUNTRIES))
    if rng.random() < 0.2:
        words.insert(rng.randrange(n), f"{rng.randint(1, 28)} {rng.choice(MONTHS)}")
    s = " ".join(words)
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?"])


def sentence(rng: random.Random) -> str:
    x = rng.random()
    if x < 0.02:
        tpl = rng.choice(MATCHING)
    elif x < 0.05:
        tpl = rng.choice(NEAR_MISS)
    else:
        return filler(rng)
    c1, c2, c3 = rng.sample(COUNTRIES, 3)
    ha = rng.randint(10, 300) * 1000
    return tpl.format(c1=c1, c2=c2, c3=c3, dem=rng.choice(DEMONYMS), rate=rng.choice([10, 25, 50]),
                      month=rng.choice(MONTHS), day=rng.randint(1, 28), year=rng.randint(2015, 2025),
                      coca=rng.choice(["Colombia", "Peru", "Bolivia"]), ha=ha,
                      ha_es=f"{ha:,}".replace(",", "."))


def make_corpus(root: Path, mb: float, file_kb: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    target = int(mb * 1_000_000)
    paths, written, i = [], 0, 0
    while written < target:
        parts, size = [], 0
        while size < file_kb * 1000:
            para = " ".join(sentence(rng) for _ in range(rng.randint(2, 7)))
            parts.append(para)
            size += len(para) + 2
        data = "\n\n".join(parts).encode("utf-8")
        p = root / f"doc_{i:05d}.txt"
        p.write_bytes(data)
        paths.append(p)
        written += len(data)
        i += 1
    return paths


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
        paths = make_corpus(Path(tmp), args.mb, args.file_kb, args.seed)
        total = sum(p.stat().st_size for p in paths)
        mb = total / 1e6
        print(f"corpus: {len(paths)} files, {mb:.1f} MB (generated in {time.perf_counter() - t0:.1f} s)")

        # floor: one pass of one compiled regex (the extractor's keywords as a single
        # case-sensitive alternation) over the same text, one process, reading included
        floor_rx = re.compile(extract._KEYWORDS)
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
