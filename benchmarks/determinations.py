"""Precision and recall of the determination parser (relations_data/extract/determinations.py)
against the reviewed decertification records.

Corpus: every stored text registered in raw/sources/determinations.yaml that is a
determination's own text (press statements, whose wording is not the formula, are left out).
Gold: every reviewed record of the determination(s) the text is cited for, i.e. of the same
event_date, whatever source backs it. Scores, summed over texts:

* status -- (target, status) pairs: precision = right pairs / parsed pairs, recall = right
  pairs / reviewed pairs. An excerpt that stops before the designations costs recall (the
  parser then leaves the listed countries' status empty, and they are not counted as parsed);
* waiver -- of the decertified rows whose status is right and whose waiver the parser states
  (the text reaches the national-interest paragraph), how many agree with the reviewed waiver.

    python benchmarks/determinations.py [-v]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from relations_data.extract.determinations import parse_determination

RAW = Path(__file__).resolve().parent.parent / "raw"
_STATEMENT = re.compile(r"statement", re.I)


def score(verbose: bool = False) -> dict[str, int]:
    records = yaml.safe_load((RAW / "coded" / "decertifications.yaml").read_text(encoding="utf-8"))["records"]
    sources = yaml.safe_load((RAW / "sources" / "determinations.yaml").read_text(encoding="utf-8"))["sources"]
    states = {c["iso_alpha3"] for c in
              yaml.safe_load((RAW / "reference" / "countries.yaml").read_text(encoding="utf-8"))["rows"]}
    total = dict(texts=0, parsed=0, reviewed=0, right=0, waivers=0, waivers_right=0)
    for src in sources:
        if not src.get("file") or _STATEMENT.search(src["title"]):
            continue
        dates = {str(r["event_date"]) for r in records
                 if any(e["source"] == src["source_id"] for e in r["evidence"])}
        gold = {(r["target"], r["status"]): r["waiver"] for r in records if str(r["event_date"]) in dates}
        text = (RAW / "sources" / src["file"]).read_text(encoding="utf-8")
        parsed = parse_determination(text, states)
        pairs = {(r.target, r.status) for r in parsed if r.status is not None}
        right = pairs & gold.keys()
        stated = [r for r in parsed if (r.target, r.status) in right and r.waiver is not None]
        agree = [r for r in stated if gold[(r.target, r.status)] == r.waiver]
        total["texts"] += 1
        total["parsed"] += len(pairs)
        total["reviewed"] += len(gold)
        total["right"] += len(right)
        total["waivers"] += len(stated)
        total["waivers_right"] += len(agree)
        if verbose:
            print(f"{src['source_id']:36s} parsed {len(pairs):2d} reviewed {len(gold):2d} right {len(right):2d}"
                  f" waivers {len(agree)}/{len(stated)}"
                  f"  missed {sorted(gold.keys() - pairs)[:3]} wrong {sorted(pairs - gold.keys())[:3]}")
    return total


if __name__ == "__main__":
    t = score("-v" in sys.argv)
    print(f"{t['texts']} determination texts; status precision {t['right']}/{t['parsed']}"
          f" = {t['right'] / t['parsed']:.3f}, recall {t['right']}/{t['reviewed']}"
          f" = {t['right'] / t['reviewed']:.3f}; waivers stated agree {t['waivers_right']}/{t['waivers']}")
