"""Document-level consolidation of the candidates of one text (_finish)."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from relations_data.extract.candidate import Candidate, DATE_COLUMNS
from relations_data.extract.text import _Doc
from relations_data.extract.lexicon import rx


# Document-level consolidation. Several sentences of one article often describe one event
# ("the U.S. recalled its top envoy, John McNamara, on July 3" ... "Washington's decision to
# recall McNamara" ... "the recall of the chargé d'affaires"). Candidates of the same table
# about the same pair of states are *co-referent* when no identifying value conflicts; each
# candidate keeps its own quote (so each sentence becomes a corroborating quote of one record)
# and takes the key values it lacks from its co-referents, when they agree on one value.

# Values that tell two events (or figures) apart: co-referent candidates must not disagree.
_IDENTIFYING: dict[str, tuple[str, ...]] = {
    "diplomatic_recalls": ("envoy_name", "event_date"),
    "tariff_threats": ("event_date", "rate_pct"),
    "decertifications": ("fiscal_year", "event_date", "status"),
    "coca_cultivation": ("year", "estimator", "hectares"),
    "trade_partner_ranks": ("year", "flow", "rank"),
}
# Values a candidate may take from its co-referents (key values and the required event date).
_FILLABLE: dict[str, tuple[str, ...]] = {
    "diplomatic_recalls": ("envoy_name", "event_date"),
    "tariff_threats": ("event_date",),
    "decertifications": ("fiscal_year", "event_date"),
    "coca_cultivation": ("year", "estimator"),
    "trade_partner_ranks": ("year",),
}
_PAIR: dict[str, tuple[str, str]] = {
    "diplomatic_recalls": ("actor", "target"), "tariff_threats": ("actor", "target"),
    "decertifications": ("actor", "target"), "coca_cultivation": ("country", "country"),
    "trade_partner_ranks": ("reporter", "partner"),
}
_PREC = {"year": 1, "month": 2, "day": 3}


def _norm_value(v: Any) -> Any:
    if isinstance(v, str):
        import unicodedata

        s = unicodedata.normalize("NFKD", v)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
        return " ".join(s.casefold().replace("-", " ").split())
    return v


def _agree(a: dict[str, Any], b: dict[str, Any], col: str) -> bool:
    """Whether two candidates' values of `col` can describe the same thing (empty agrees)."""
    x, y = a.get(col), b.get(col)
    if x is None or y is None:
        return True
    if col in DATE_COLUMNS:
        n = min(_PREC.get(a.get(f"{col}_precision") or "day", 3),
                _PREC.get(b.get(f"{col}_precision") or "day", 3))
        cut = (0, 4, 7, 10)[n]
        return x[:cut] == y[:cut]
    return _norm_value(x) == _norm_value(y)


def _coreferent(table: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    x, y = _PAIR[table]
    if a.get(x) != b.get(x) or a.get(y) != b.get(y):
        return False
    return all(_agree(a, b, col) for col in _IDENTIFYING[table])


def _one_value(vals: list[dict[str, Any]], col: str) -> dict[str, Any] | None:
    """The candidate holding the one value of `col` its co-referents agree on (the most
    precise date when they differ only in precision), or None when they disagree."""
    have = [v for v in vals if v.get(col) is not None]
    if not have:
        return None
    best = max(have, key=lambda v: _PREC.get(v.get(f"{col}_precision") or "day", 3))
    if not all(_agree(best, v, col) for v in have):
        return None
    return best


def _latest_determination(dets: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Of the determinations a text reports for several fiscal years, the latest dated one:
    the story's own ("decidió ayer descertificar a Colombia ... repite la del 1 de marzo del
    año pasado"), which undated countries told after it belong to ("Bolivia también fue
    certificada"). None when its date is shared by another fiscal year's, or when another
    year's determination concerns a state the latest one does not."""
    dated = [v for v in dets if v.get("event_date") and v.get("fiscal_year") is not None
             and v.get("event_date_precision") == "day"]
    if not dated:
        return None
    best = max(dated, key=lambda v: v["event_date"])
    if any(v["event_date"] == best["event_date"] and v["fiscal_year"] != best["fiscal_year"]
           for v in dated):
        return None
    # only when the other years are the history of the story's own states (a list of several
    # years' determinations on other states leaves undated countries open)
    lead = {v.get("target") for v in dets if v.get("fiscal_year") == best["fiscal_year"]}
    if any(v.get("target") not in lead for v in dets
           if v.get("fiscal_year") not in (None, best["fiscal_year"])):
        return None
    return best


def _fill(new: dict[str, Any], src: dict[str, Any], col: str) -> None:
    new[col] = src[col]
    if col in DATE_COLUMNS:
        new[f"{col}_precision"] = src.get(f"{col}_precision")


_PRESENT = rx("consolidate._PRESENT")


def _headline_end(text: str) -> int:
    """End of the text's headline: a first line with no closing full stop, and a body after."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    line = text[start:end].rstrip() if end > 0 else ""
    if not line or len(line) > 200 or line[-1] in ".!?:;,\"”" or not text[end:].strip():
        return -1
    return start + len(line)


def _finish(doc: _Doc) -> list[Candidate]:
    cands = doc.out
    metas = doc.meta if len(doc.meta) == len(cands) else [{} for _ in cands]
    base = [dict(c.values) for c in cands]
    # (table, actor, target) -> the distinct value sets of its candidates (a long text may
    # repeat one statement many times: compare each distinct statement once)
    by_pair: dict[tuple, dict[tuple, dict[str, Any]]] = {}
    for j, c in enumerate(cands):
        x, y = _PAIR[c.table]
        cols = _IDENTIFYING[c.table] + ("event_date_precision", "status", "actor")
        sig = tuple(str(base[j].get(k)) for k in cols)
        by_pair.setdefault((c.table, base[j].get(x), base[j].get(y)), {}).setdefault(sig, base[j])
        if c.table == "decertifications":
            by_pair.setdefault((c.table, base[j].get("actor"), "*"), {}).setdefault(sig, base[j])
    # a rank stating no year of its own, told in the past tense, continues the dated rank
    # told just before it ("Mexico was the US's largest partner last year ... Canada remained
    # the No. 1 market for American goods"); in the present tense ("China is Honduras's
    # second-largest supplier") or with none before it, it takes the year of the text
    rank_year: dict[int, int] = {}
    last: tuple[int, int] | None = None
    for j, c in enumerate(cands):
        if c.table != "trade_partner_ranks":
            continue
        if base[j].get("year") is not None:
            last = (c.char_end, base[j]["year"])
        elif last is not None and c.char_start - last[0] < 1500 and not _PRESENT.search(c.quote):
            rank_year[j] = last[1]
    filled: list[dict[str, Any]] = []
    penalty: list[float] = []
    title_end = _headline_end(doc.text)
    for i, c in enumerate(cands):
        x, y = _PAIR[c.table]
        pair = by_pair[(c.table, base[i].get(x), base[i].get(y))].values()
        table, vals = c.table, base[i]
        new = dict(vals)
        pen = 0.0
        timed = c.char_start in doc.timed
        if c.char_end <= title_end:
            # a headline tells the story's lead: the first co-referent candidate of the body
            # completes it, even when background paragraphs report other events of the pair
            lead = next((base[j] for j in range(i + 1, len(cands)) if cands[j].table == table
                         and cands[j].char_start > title_end and _coreferent(table, new, base[j])),
                        None)
            for col in _FILLABLE[table] if lead is not None else ():
                if new.get(col) is None and lead.get(col) is not None:
                    _fill(new, lead, col)
                    pen += 0.05
        for col in _FILLABLE[table]:
            if new.get(col) is not None:
                continue
            if timed and col in ("event_date", "fiscal_year", "year"):
                continue  # the sentence has a time of its own we could not resolve
            # co-referents of the candidate as completed so far
            # (the candidate itself is among them, harmlessly: it lacks the value)
            peers = [v for v in pair if _coreferent(table, new, v)]
            if table == "decertifications" and col == "event_date" and new.get("fiscal_year"):
                # one determination per actor and fiscal year, whatever the target and
                # whichever its status ("... Colombia, Mexico and Peru were certified")
                peers += [v for v in by_pair[(table, new.get("actor"), "*")].values()
                          if v.get("fiscal_year") == new["fiscal_year"]]
            src = _one_value(peers, col)
            if src is None and table == "decertifications" and col == "fiscal_year" \
                    and new.get("event_date") is None:
                # "Burma, Iran and Syria were also decertified": an undated country of the
                # one determination the text reports (none when it reports several years)
                dets = list(by_pair[(table, new.get("actor"), "*")].values())
                src = _one_value(dets, col) or _latest_determination(dets)
                pen += 0.05 if src is not None else 0.0
            if src is not None:
                _fill(new, src, col)
                pen += 0.05
        # a response ("in a tit-for-tat response, Petro recalled his ambassador") dates from
        # the event it answers: the reverse recall or threat, when the text dates that one
        if (table in ("diplomatic_recalls", "tariff_threats") and new.get("event_date") is None
                and metas[i].get("response") and not timed):
            rev = list(by_pair.get((table, new.get("target"), new.get("actor")), {}).values())
            src = _one_value(rev, "event_date")
            if src is not None:
                _fill(new, src, "event_date")
                pen += 0.15
        if table == "trade_partner_ranks" and new.get("year") is None and \
                (rank_year.get(i) or doc.ref_year):
            new["year"] = rank_year.get(i) or doc.ref_year
            pen += 0.1
        filled.append(new)
        penalty.append(pen)
    seen: dict[tuple, int] = {}
    out: list[Candidate] = []
    for i, c in enumerate(cands):
        new = filled[i]
        if c.table == "coca_cultivation" and new.get("year") is None \
                and metas[i].get("anchored") is False:
            continue  # a figure tied to no year and no country: a region's, a limit, a total
        if penalty[i]:
            c = dataclasses.replace(c, values=new,
                                    confidence=round(max(0.05, c.confidence - penalty[i]), 2))
        key = (c.table, c.char_start, json.dumps(c.values, sort_keys=True, default=str))
        if key in seen:
            k = seen[key]
            if c.confidence > out[k].confidence:
                out[k] = c
            continue
        seen[key] = len(out)
        out.append(c)
    return out
