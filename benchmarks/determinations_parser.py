"""Precision and recall of the determination parser (relations_data/extract/determinations.py)
against the hand-coded decertifications rows.

Corpus: every stored determination text, i.e. every source registered in raw/sources/*.yaml
whose stored file is named det_*.txt (whatever texts are stored when it runs). Reference: the
rows of raw/coded/decertifications.yaml of the determination the source is quoted for (one
row per country the determination names, even where a row quotes another copy of it; a row's
values may rest on other sources too, e.g. a waiver taken from a press report when the stored
excerpt ends before the waiver paragraph).

Scores, per determination and overall (micro: summed over determinations):

* country  -- a proposal matches a row of its source's determination with the same target;
* triple   -- ... with the same (target, status, waiver); an empty waiver equals only an
  empty waiver.

precision = matching proposals / proposals; recall = matched rows / rows. For the countries
matched, it also counts how often event_date and fiscal_year agree. ``--baseline`` scores the
article extractor (``relations-data extract``, its decertifications candidates, deduplicated
by target with the first kept) on the same texts, for comparison. ``-v`` lists every error.

    python benchmarks/determinations_parser.py [--raw raw] [-v] [--baseline]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from relations_data.extract.determinations import parse_determination  # noqa: E402
from relations_data.sources import read_sources  # noqa: E402


@dataclass
class Score:
    """Counts of one determination (or of all): proposals, rows and their matches."""

    proposed: int = 0
    rows: int = 0
    country_hits: int = 0
    triple_hits: int = 0
    dates: int = 0  # event_date agrees, among country hits
    fiscal: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("proposed", "rows", "country_hits", "triple_hits", "dates", "fiscal"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def ratio(n: int, d: int) -> str:
    return f"{n / d:.2f} ({n}/{d})" if d else "   - (0/0)"


def reference_rows(raw: Path) -> dict[str, dict[str, dict]]:
    """source_id -> target -> the hand-coded row of the determination that source is quoted
    for. A second copy of a determination (a White House page beside the Federal Register
    text) may be quoted only for a waiver or two, the other rows quoting the first copy: its
    reference is still every row of that determination (same fiscal year and date)."""
    doc = yaml.safe_load((raw / "coded" / "decertifications.yaml").read_text(encoding="utf-8"))
    by_determination: dict[tuple, dict[str, dict]] = {}
    quoted_for: dict[str, set[tuple]] = {}
    for record in doc["records"]:
        determination = (record["fiscal_year"], _date(record.get("event_date")))
        by_determination.setdefault(determination, {})[record["target"]] = record
        for ev in record.get("evidence") or ():
            quoted_for.setdefault(ev["source"], set()).add(determination)
    out: dict[str, dict[str, dict]] = {}
    for source, determinations in quoted_for.items():
        for determination in sorted(determinations, key=str):
            out.setdefault(source, {}).update(by_determination[determination])
    return out


def determination_texts(raw: Path) -> dict[str, str]:
    sources, _ = read_sources(raw)
    return {s.source_id: s.text for s in sorted(sources.values(), key=lambda s: s.source_id)
            if s.stored and Path(s.path).name.startswith("det_") and s.text is not None}


def _date(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def score(proposals: list[dict], rows: dict[str, dict]) -> Score:
    """`proposals`: candidate values (one per target); `rows`: target -> hand-coded row."""
    sc = Score(proposed=len(proposals), rows=len(rows))
    for p in proposals:
        row = rows.get(p["target"])
        if row is None:
            sc.errors.append(f"{p['target']}: proposed {p['status']}/waiver={p['waiver']}, no row codes it")
            continue
        sc.country_hits += 1
        sc.dates += _date(row["event_date"]) == p["event_date"]
        sc.fiscal += row["fiscal_year"] == p["fiscal_year"]
        if (row["status"], row["waiver"]) == (p["status"], p["waiver"]):
            sc.triple_hits += 1
        else:
            sc.errors.append(f"{p['target']}: proposed {p['status']}/waiver={p['waiver']}, "
                             f"coded {row['status']}/waiver={row['waiver']}")
        if _date(row["event_date"]) != p["event_date"] or row["fiscal_year"] != p["fiscal_year"]:
            sc.errors.append(f"{p['target']}: date {p['event_date']} FY{p['fiscal_year']}, "
                             f"coded {_date(row['event_date'])} FY{row['fiscal_year']}")
    missed = sorted(set(rows) - {p["target"] for p in proposals})
    if missed:
        sc.errors.append(f"not proposed: {', '.join(missed)}")
    return sc


def parser_proposals(text: str, source_id: str) -> list[dict]:
    return [c.values for c in parse_determination(text, source_id).candidates]


def extractor_proposals(text: str, source_id: str) -> list[dict]:
    from relations_data.extract import extract_text

    first: dict[str, dict] = {}
    for c in extract_text(text, source_id):
        if c.table == "decertifications":
            first.setdefault(c.values["target"], c.values)
    return list(first.values())


def run(raw: Path, propose, verbose: bool, title: str) -> Score:
    rows = reference_rows(raw)
    texts = determination_texts(raw)
    total = Score()
    print(f"{title}: {len(texts)} stored determination texts of {raw}")
    print(f"{'determination':<34} {'country P':>12} {'country R':>12} {'triple P':>12} {'triple R':>12}")
    for sid, text in texts.items():
        sc = score(propose(text, sid), rows.get(sid, {}))
        total.add(sc)
        total.errors += [f"{sid}: {e}" for e in sc.errors]
        print(f"{sid:<34} {ratio(sc.country_hits, sc.proposed):>12} {ratio(sc.country_hits, sc.rows):>12} "
              f"{ratio(sc.triple_hits, sc.proposed):>12} {ratio(sc.triple_hits, sc.rows):>12}")
    print(f"{'overall':<34} {ratio(total.country_hits, total.proposed):>12} {ratio(total.country_hits, total.rows):>12} "
          f"{ratio(total.triple_hits, total.proposed):>12} {ratio(total.triple_hits, total.rows):>12}")
    print(f"of the countries matched: event_date agrees {ratio(total.dates, total.country_hits)}, "
          f"fiscal_year agrees {ratio(total.fiscal, total.country_hits)}")
    if verbose:
        print("errors:")
        for e in total.errors:
            print(f"  {e}")
    print()
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", type=Path, default=REPO / "raw")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every error")
    ap.add_argument("--baseline", action="store_true", help="also score the article extractor on the same texts")
    args = ap.parse_args(argv)
    run(args.raw, parser_proposals, args.verbose, "determination parser")
    if args.baseline:
        run(args.raw, extractor_proposals, args.verbose, "article extractor (baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
