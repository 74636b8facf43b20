"""Precision and recall of the extractor against the hand-coded records.

Runs ``extract_text`` over every stored source text (raw/sources/*.txt, with the published
dates of raw/sources/sources.yaml) and matches each candidate to the hand-coded records of
raw/coded/<table>.yaml by table and natural key (schemas/<table>.yaml ``natural_key``).

A key value matches when it equals the record's value, or the value that an evidence row from
the *same source* claims (``evidence[].claims``: the source says something else, and the
extractor is right to report what the source says). Strings compare without case, accents or
hyphens ("García Peña" = "García-Peña"). Two scores:

* strict  -- every natural-key column of the candidate equals the record's;
* partial -- key columns the candidate leaves empty (the text does not give them, e.g. an
  undated "has recalled") are not compared: the candidate is right as far as it goes and a
  coder completes it.

precision = matched candidates / candidates; recall = records matched by at least one
candidate / records that cite a stored source. Tables without a hand-coded file are reported
and skipped.

    python benchmarks/extraction_quality.py [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from relations_data.extract import TABLE_COLUMNS, extract_text  # noqa: E402


def norm(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        return v  # ISO date
    s = unicodedata.normalize("NFKD", str(v))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.casefold().replace("-", " ").split())


def load_sources() -> list[tuple[str, Path, dt.date | None]]:
    meta = yaml.safe_load((ROOT / "raw/sources/sources.yaml").read_text(encoding="utf-8")) or {}
    out = []
    for s in meta.get("sources") or []:
        pd = s.get("published_date")
        if isinstance(pd, str):
            pd = dt.date.fromisoformat(pd)
        out.append((s["source_id"], ROOT / "raw/sources" / s["file"], pd))
    return out


def load_records(table: str) -> list[dict] | None:
    path = ROOT / "raw/coded" / f"{table}.yaml"
    if not path.exists():
        return None
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        print(f"raw/coded/{table}.yaml cannot be read ({type(exc).__name__}) -- skipped")
        return None
    if isinstance(doc, dict) and table in doc and isinstance(doc[table], dict):
        doc = doc[table]
    return list(doc.get("records") or []) if isinstance(doc, dict) else []


def natural_key(table: str) -> list[str]:
    schema = yaml.safe_load((ROOT / "schemas" / f"{table}.yaml").read_text(encoding="utf-8"))
    return list(schema["natural_key"])


def matches(cand: dict, source_id: str, rec: dict, key: list[str], partial: bool) -> bool:
    for k in key:
        cv = norm(cand.get(k))
        if cv is None:
            if partial:
                continue
            return False
        ok = {norm(rec.get(k))}
        for ev in rec.get("evidence") or []:
            claims = ev.get("claims") or {}
            if ev.get("source") == source_id and k in claims:
                ok.add(norm(claims[k]))
        if cv not in ok:
            return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="list unmatched candidates and missed records")
    args = ap.parse_args()

    sources = load_sources()
    stored = {sid for sid, _, _ in sources}
    cands: dict[str, list[tuple[str, dict]]] = {t: [] for t in TABLE_COLUMNS}
    for sid, path, pd in sources:
        text = path.read_bytes().decode("utf-8")
        for c in extract_text(text, source=str(path.relative_to(ROOT)), published_date=pd):
            cands[c.table].append((sid, c.to_dict()))

    totals = {m: [0, 0, 0, 0] for m in ("strict", "partial")}  # matched cands, cands, found recs, recs
    rows, missing = [], []
    for table in TABLE_COLUMNS:
        recs = load_records(table)
        if recs is None:
            missing.append(table)
            continue
        recs = [r for r in recs if any(ev.get("source") in stored for ev in r.get("evidence") or [])]
        key = natural_key(table)
        row = [table]
        for mode in ("strict", "partial"):
            partial = mode == "partial"
            ok = [any(matches(c, sid, r, key, partial) for r in recs) for sid, c in cands[table]]
            found = [any(matches(c, sid, r, key, partial) for sid, c in cands[table]) for r in recs]
            t = totals[mode]
            t[0] += sum(ok); t[1] += len(ok); t[2] += sum(found); t[3] += len(found)
            p = sum(ok) / len(ok) if ok else float("nan")
            rc = sum(found) / len(found) if found else float("nan")
            row += [f"{p:.2f} ({sum(ok)}/{len(ok)})", f"{rc:.2f} ({sum(found)}/{len(found)})"]
            if args.verbose and mode == "partial":
                for (sid, c), good in zip(cands[table], ok):
                    if not good:
                        print(f"  unmatched {table} [{sid}]: " + ", ".join(f"{k}={c[k]}" for k in key)
                              + f"  | {c['quote'][:90]}")
            if args.verbose and mode == "strict":
                for r, good in zip(recs, found):
                    if not good:
                        print(f"  missed (strict) {table}: " + ", ".join(f"{k}={r.get(k)}" for k in key))
        rows.append(row)

    if missing:
        print(f"no usable hand-coded records for: {', '.join(missing)} (raw/coded/<table>.yaml) -- skipped")
    if not rows:
        print("nothing to score: raw/coded/ has none of the five tables yet")
        return 0
    head = ["table", "strict P", "strict R", "partial P", "partial R"]
    rows.append(["overall"] + [f"{(t[0] / t[1] if t[1] else float('nan')):.2f} ({t[0]}/{t[1]})" if i == 0 else
                               f"{(t[2] / t[3] if t[3] else float('nan')):.2f} ({t[2]}/{t[3]})"
                               for t in totals.values() for i in (0, 1)])
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
