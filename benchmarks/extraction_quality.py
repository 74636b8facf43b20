"""Precision and recall of the extractor, scored on distinct records.

Two corpora, scored separately:

(a) stored   -- every stored source text (raw/sources/*.txt, with the published dates of
    raw/sources/sources.yaml) against the hand-coded records of raw/coded/<table>.yaml;
(b) held-out -- the articles of benchmarks/heldout/NN_slug.txt (written for evaluation, in the
    styles of other outlets, about other dyads and years) against NN_slug.expected.yaml
    (``published_date`` and ``records: [{table, <columns>}]``; a text may instead open with a
    ``date YYYY-MM-DD`` line). A held-out record only matches candidates from its own article.

Candidates are deduplicated by table + natural key (schemas/<table>.yaml ``natural_key``, dates
with their precision) before scoring: several sentences asserting the same record are one
record, as they are in the build. Expected records are deduplicated the same way.

A key value matches when it equals the record's value, or the value that an evidence row from
the *same source* claims (``evidence[].claims``: the source says something else, and the
extractor is right to report what the source says). Strings compare without case, accents or
hyphens ("García Peña" = "García-Peña"). Scores:

* strict  -- every natural-key value of the candidate equals the record's (an empty value equals
  only an empty value: a held-out record may leave e.g. envoy_name empty when the text never
  names the envoy);
* partial -- key values the candidate leaves empty are not compared, and dates compare at the
  coarser of the two precisions (as the build matches candidates to records): the candidate is
  right as far as it goes and a coder completes it;
* complete P -- strict precision over the candidates whose key values are all filled (the ones
  the build can publish as they stand; the others are held back or only corroborate).

precision = matched distinct candidates / distinct candidates; recall = distinct records
matched by at least one candidate / distinct records. For (b) the script also prints how many
of the non-key values an expected record states the best strictly-matching candidate gets right.

    python benchmarks/extraction_quality.py [-v] [--only stored|heldout]

Each subfolder of benchmarks/heldout (round2, round3, ...) is scored as a further corpus: sets
written *after* the patterns had been tuned on the sets before them, so that their first score
measures how the extractor does on text it has never seen (see benchmarks/heldout/README.md).

Baseline (the extractor of commit 78eddb4, before document-level consolidation and the
held-out work), as this script computes it -- strict P / R, partial P / R, complete P:
    (a) stored   0.46 (6/13)  0.75 (6/8)    1.00 (13/13) 1.00 (8/8)    1.00 (6/6)
    (b) held-out 0.67 (28/42) 0.49 (28/57)  0.79 (33/42) 0.58 (33/57)  0.87 (27/31)
    (c) round2   0.73 (8/11)  0.38 (8/21)   0.82 (9/11)  0.38 (8/21)   0.89 (8/9)
    (d) round3   0.44 (4/9)   0.36 (4/11)   0.56 (5/9)   0.45 (5/11)   0.57 (4/7)
First score of the improved extractor on each round before it was tuned on that round:
    (c) round2   0.73 (8/11)  0.38 (8/21)   0.82 (9/11)  0.38 (8/21)   0.89 (8/9)
    (d) round3   0.60 (6/10)  0.55 (6/11)   0.60 (6/10)  0.55 (6/11)   0.60 (6/10)
    (e) round4   0.57 (27/47) 0.43 (27/63)  0.74 (35/47) 0.56 (35/63)  0.79 (27/34)
    (f) round5   0.63 (22/35) 0.40 (22/55)  0.89 (31/35) 0.56 (31/55)  0.84 (21/25)
    (g) round6   0.87 (20/23) 0.43 (20/46)  0.96 (22/23) 0.48 (22/46)  0.95 (19/20)
    (h) round7   0.66 (23/35) 0.47 (23/49)  0.80 (28/35) 0.57 (28/49)  0.85 (22/26)
    (i) round8   0.60 (18/30) 0.36 (18/50)  0.77 (23/30) 0.46 (23/50)  0.75 (12/16)
(round5 was written blind too, by someone who read neither the extractor nor round4, while
the extractor was tuned on round4's failures; scored once after that tuning. round6 likewise,
written while the extractor was tuned on round5, scored once after.)
(round4 was written blind -- by someone who never saw the extractor's code -- before the
generalisation round below was finished, and scored once, 2026-11-22.)
(Before deduplication, the brief counted sentences: strict P 0.41 (11/27), R 0.75 (6/8).)
After the generalisation round (clause-scoped modality, world gazetteer, anaphoric and week
dates, more recall/tariff wordings), scores here are unchanged or better: (a) as above,
(b) 1.00 / 1.00, (c) 0.90 / 0.90, (d) 1.00 / 1.00 strict P / R. On three private development
sets written for that round (not kept: 25 articles, EN and ES), the first, untuned strict
scores were P 0.85 R 0.68 (12 texts), then P 0.44 R 0.39 (7 texts, written after tuning on the
first), then P 1.00 R 0.92 (4 texts, written after tuning on the second). The blind round4
score above (and round5's after it) are the ones to quote.
Round 4 was then used for development (the "round-4 generalisation", no label changed):
estimators carried from the text before a figure or named last before it, report years and
regions' shares of a national total left out; places stated after a rank ("in second place",
"se ubicó tercero"), ranks "of/for <country's> goods" vs commodities, Spanish regional
qualifiers, yearless past-tense ranks continuing the dated one; a tariff's start date is not
the threat's date, a rate "from Aug. 1" is an announcement, rates in words, live-blog
timestamps; the host named after an envoy, reasons and suggestions in recalls, surnames;
decertification in other words. Round4 after this tuning (TUNED, not unseen): strict P 0.97
(58/60), R 0.92 (58/63); partial 1.00 / 0.94; (a)-(d) unchanged.
Round 5 was then used for development (no label changed): recall actors outside the
subject (the place recalled to, the envoy's nationality, a relative clause's antecedent, a
nameless ministry continuing a reported recall), quoted asides and clitics ("la llamara"),
statement and "simultaneous" dates, "last <month>"; co-listed decertifications take the
text's one determination; coca "the same year/period/report"; bloc and commodity ranks left
out. Round5 after this tuning (TUNED, not unseen): strict P 0.98 (40/41), R 0.73 (40/55);
partial 1.00 / 0.75; (a)-(e) unchanged. Tariff threats (R 0.33) were not worked on.
Round 6 was then used for development (no label changed): progressive recall verbs, lists
that repeat the preposition, envoys named in a nearby sentence (envoys.py), "called him
home", "ordenó el regreso", statement datelines, "late last night"/"anoche"; tariff doubling,
"would face/pay", surtaxes, rates assigned in lists (tariff_lists.py); decertification by
pronoun, relative clause and "junto con", per-state waivers; coca figures in words
(numwords.py) and "from N the year before"; "the country's" as reporter, ranks among
suppliers, one-commodity ranks left out (trade_context.py). Round6 after this tuning (TUNED,
not unseen): strict P 1.00, R 0.98 (45/46); (a)-(d) unchanged, round4 0.98 / 0.92, round5
0.98 / 0.75. Round 7, written blind meanwhile, then scored 0.66 / 0.47 on first sight (h):
each round of tuning fixes the set it is tuned on, and unseen-text recall stays near 0.45.
Round 7 was then used for development (no label changed): dates from section headings and
statement lines, "the same Saturday", a date announced in the next sentence, dates inside
another event's clause skipped, "in September last year"; first-person recalls, the host
shared by an article's other recalls, regions as posts, envoys named up to four sentences
later or as the subject of their return; negated and participle certifications, purpose
clauses ("a resolution to decertify") not determinations, waivers stated after the
designation; proposed tariffs as threats. Round7 after this tuning (TUNED, not unseen):
strict P 0.83 (35/42), R 0.71 (35/49); partial 0.90 / 0.78; (a)-(g) unchanged. Round 8,
written blind meanwhile, then scored 0.60 / 0.36 on first sight (i).
Precision first (issue 12; no label changed, no pattern tuned to a sentence): the extractor
is no longer tuned round by round. Four general rules were added after reading round 8's
wrong candidates -- questions assert nothing, an indefinite "a recall of" names no recall,
ranks within or outside a named area are not global, Spanish "contempla" is a modal -- and
checked to lose no match on any set: partial P round8 0.77 -> 0.92 (23/25), round7 0.90 ->
0.93, all others unchanged at 0.95-1.00; strict R unchanged everywhere (round8 0.36).
Round 8 is therefore no longer unseen text.
On (a) strict scores are capped by the texts themselves: 001 gives no year at all, 002 and 004
date none of their recalls, 002 names no coca estimator, and García-Peña's recall is named in
001 but dated only in 000; those candidates stay incomplete (partial matches) by design.
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

HELDOUT = ROOT / "benchmarks" / "heldout"
DATE_KEYS = ("event_date",)
PREC_RANK = {"year": 0, "month": 1, "day": 2}


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


def natural_key(table: str) -> list[str]:
    schema = yaml.safe_load((ROOT / "schemas" / f"{table}.yaml").read_text(encoding="utf-8"))
    return list(schema["natural_key"])


KEYS = {t: natural_key(t) for t in TABLE_COLUMNS}


# --------------------------------------------------------------------------------------------
# Loading


def load_stored() -> tuple[list[tuple[str, str, dt.date | None]], dict[str, list[dict]], list[str]]:
    meta = yaml.safe_load((ROOT / "raw/sources/sources.yaml").read_text(encoding="utf-8")) or {}
    docs = []
    for s in meta.get("sources") or []:
        pd = s.get("published_date")
        if isinstance(pd, str):
            pd = dt.date.fromisoformat(pd)
        docs.append((s["source_id"], (ROOT / "raw/sources" / s["file"]).read_bytes().decode("utf-8"), pd))
    stored = {sid for sid, _, _ in docs}
    records: dict[str, list[dict]] = {}
    missing = []
    for table in TABLE_COLUMNS:
        path = ROOT / "raw/coded" / f"{table}.yaml"
        if not path.exists():
            missing.append(table)
            continue
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            print(f"raw/coded/{table}.yaml cannot be read ({type(exc).__name__}) -- skipped")
            missing.append(table)
            continue
        if isinstance(doc, dict) and table in doc and isinstance(doc[table], dict):
            doc = doc[table]
        recs = list(doc.get("records") or []) if isinstance(doc, dict) else []
        records[table] = [dict(r, _sources=None) for r in recs
                          if any(ev.get("source") in stored for ev in r.get("evidence") or [])]
    return docs, records, missing


def load_heldout(folder: Path = HELDOUT) -> tuple[list[tuple[str, str, dt.date | None]],
                                                  dict[str, list[dict]]]:
    docs = []
    records: dict[str, list[dict]] = {t: [] for t in TABLE_COLUMNS}
    for txt in sorted(folder.glob("*.txt")):
        exp_path = txt.with_name(txt.stem + ".expected.yaml")
        exp = yaml.safe_load(exp_path.read_text(encoding="utf-8")) if exp_path.exists() else {}
        exp = exp or {}
        pd = exp.get("published_date")
        if isinstance(pd, str):
            pd = dt.date.fromisoformat(pd)
        docs.append((txt.stem, txt.read_bytes().decode("utf-8"), pd))
        for r in exp.get("records") or []:
            r = dict(r)
            table = r.pop("table")
            records[table].append(dict(r, _sources={txt.stem}))
    return docs, records


# --------------------------------------------------------------------------------------------
# Matching


def _prec(d: dict, k: str) -> str:
    return d.get(f"{k}_precision") or "day"


def key_of(table: str, d: dict) -> tuple:
    out = []
    for k in KEYS[table]:
        v = norm(d.get(k))
        out.append((v, _prec(d, k)) if k in DATE_KEYS and v is not None else v)
    return tuple(out)


def matches(cand: dict, sids: set[str], rec: dict, table: str, partial: bool) -> bool:
    if rec["_sources"] is not None and not (rec["_sources"] & sids):
        return False
    for k in KEYS[table]:
        cv = norm(cand.get(k))
        if cv is None and partial:
            continue
        ok = {norm(rec.get(k))}
        for ev in rec.get("evidence") or []:
            claims = ev.get("claims") or {}
            if ev.get("source") in sids and k in claims:
                ok.add(norm(claims[k]))
        if cv is None or k not in DATE_KEYS:
            if cv not in ok:
                return False
            continue
        if partial:  # dates at the coarser precision
            n = min(PREC_RANK.get(_prec(cand, k), 2), PREC_RANK.get(_prec(rec, k), 2))
            cut = (4, 7, 10)[n]
            if not any(o is not None and o[:cut] == cv[:cut] for o in ok):
                return False
        elif cv not in ok or _prec(cand, k) != _prec(rec, k):
            return False
    return True


def score(docs, records, verbose: bool, label: str) -> list[list[str]]:
    groups: dict[str, dict[tuple, list]] = {t: {} for t in TABLE_COLUMNS}  # key -> [cand, sids, all]
    for sid, text, pd in docs:
        for c in extract_text(text, source=sid, published_date=pd):
            d = c.to_dict()
            g = groups[c.table].setdefault(key_of(c.table, d), [d, set(), []])
            g[1].add(sid)
            g[2].append(d)
            if d["confidence"] > g[0]["confidence"]:
                g[0] = d
    totals = {m: [0, 0, 0, 0] for m in ("strict", "partial", "complete")}
    values = [0, 0]
    rows = []
    for table in TABLE_COLUMNS:
        if table not in records:
            continue
        recs_all = records[table]
        seen: dict[tuple, dict] = {}
        for r in recs_all:  # dedupe expected records too
            k = key_of(table, r)
            if k in seen and seen[k]["_sources"] is not None:
                seen[k]["_sources"] |= r["_sources"] or set()
            else:
                seen.setdefault(k, r)
        recs = list(seen.values())
        cands = list(groups[table].values())
        row = [table]
        for mode in ("strict", "partial", "complete"):
            partial = mode == "partial"
            pool = cands if mode != "complete" else [
                g for g in cands if all(g[0].get(k) is not None for k in KEYS[table])]
            ok = [any(matches(g[0], g[1], r, table, partial) for r in recs) for g in pool]
            t = totals[mode]
            t[0] += sum(ok)
            t[1] += len(ok)
            row.append(_ratio(sum(ok), len(ok)))
            if mode == "complete":
                continue
            found = [any(matches(g[0], g[1], r, table, partial) for g in cands) for r in recs]
            t[2] += sum(found)
            t[3] += len(found)
            row.append(_ratio(sum(found), len(found)))
            if verbose and mode == "strict":
                for g, good in zip(cands, ok):
                    if not good:
                        print(f"  [{label}] unmatched (strict) {table} [{','.join(sorted(g[1]))}]: "
                              + ", ".join(f"{k}={g[0][k]}" for k in KEYS[table])
                              + f"  | {g[0]['quote'][:80]}")
                for r, good in zip(recs, found):
                    if not good:
                        src = ",".join(sorted(r["_sources"])) if r["_sources"] else ""
                        print(f"  [{label}] missed (strict) {table} [{src}]: "
                              + ", ".join(f"{k}={r.get(k)}" for k in KEYS[table]))
        if label != "stored":  # non-key values of strictly matched records
            for r in recs:
                hits = [g for g in cands if matches(g[0], g[1], r, table, False)]
                if not hits:
                    continue
                best = max(hits, key=lambda g: g[0]["confidence"])[0]
                for col in TABLE_COLUMNS[table]:
                    if col in KEYS[table] or col.endswith("_precision") or col not in r \
                            or r[col] is None:
                        continue
                    values[1] += 1
                    good = norm(best.get(col)) == norm(r[col])
                    values[0] += good
                    if verbose and not good:
                        print(f"  [{label}] wrong value {table}.{col}: {best.get(col)!r} "
                              f"(expected {r[col]!r})")
        rows.append(row)
    overall = ["overall"]
    for mode in ("strict", "partial", "complete"):
        t = totals[mode]
        overall.append(_ratio(t[0], t[1]))
        if mode != "complete":
            overall.append(_ratio(t[2], t[3]))
    rows.append(overall)
    if label != "stored":
        print(f"{label} non-key values right (strict matches): {_ratio(*values)}")
    return rows


def _ratio(a: int, b: int) -> str:
    return f"{(a / b if b else float('nan')):.2f} ({a}/{b})"


def show(title: str, rows: list[list[str]]) -> None:
    head = ["table", "strict P", "strict R", "partial P", "partial R", "complete P"]
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    print(title)
    for r in [head] + rows:
        print("  " + "  ".join(str(x).ljust(w) for x, w in zip(r, widths)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list unmatched candidates, missed records and wrong values")
    ap.add_argument("--only", choices=("stored", "heldout"), help="score one corpus only")
    args = ap.parse_args()

    if args.only != "heldout":
        docs, records, missing = load_stored()
        if missing:
            print(f"no usable hand-coded records for: {', '.join(missing)} (raw/coded/<table>.yaml) -- skipped")
        if records:
            show(f"(a) stored sources ({len(docs)} texts) vs raw/coded",
                 score(docs, records, args.verbose, "stored"))
        else:
            print("nothing to score: raw/coded/ has none of the five tables yet")
    if args.only != "stored":
        docs, records = load_heldout()
        if docs:
            show(f"(b) held-out articles ({len(docs)} texts) vs benchmarks/heldout/*.expected.yaml",
                 score(docs, records, args.verbose, "held-out"))
        else:
            print("no held-out articles in benchmarks/heldout/")
        for n, folder in enumerate(sorted(p for p in HELDOUT.iterdir() if p.is_dir())):
            docs, records = load_heldout(folder)
            if docs:
                show(f"({chr(ord('c') + n)}) held-out {folder.name} ({len(docs)} texts; the extractor has "
                     f"since been tuned on them too, so this overstates unseen-text quality: the first, "
                     f"untuned score of each round is in this script's docstring) vs "
                     f"benchmarks/heldout/{folder.name}/*.expected.yaml",
                     score(docs, records, args.verbose, folder.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
