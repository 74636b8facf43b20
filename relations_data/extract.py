"""Propose candidate records for the indicator tables from plain-text articles.

Rule-based: compiled regular expressions over sentences, no models. The text is scanned once
for cheap keywords; only the paragraphs that contain one are split into sentences, and only
sentences with a keyword are run through the table extractors:

* ``diplomatic_recalls`` -- a state recalling / withdrawing / calling home for consultations
  its envoy ("llamó a consultas a su embajador").
* ``tariff_threats`` -- a state threatening (or announcing) tariffs on another's goods.
* ``decertifications`` -- counter-narcotics (de)certification determinations, one record per
  country named.
* ``coca_cultivation`` -- hectares under coca (not eradicated area, not other crops).
* ``trade_partner_ranks`` -- "China is Colombia's second-largest trading partner" (global
  ranks only, not ranks "in Latin America").

Statements of possibility ("could recall", "considering decertifying", "may impose") are not
records. Relative dates are resolved against ``published_date`` (or a leading date line in the
text) and left empty when they cannot be.

Importing this module imports only the standard library (pycountry and pyyaml are imported
when first needed), so the command line stays fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from relations_data import extract_patterns as P
from relations_data.extract_patterns import _KEYWORDS, _STOP_NAME_WORDS, _TITLE_WORDS, KEYWORDS  # noqa: F401
from relations_data.extract_patterns import patterns as _res

__all__ = [
    "Candidate",
    "TABLE_COLUMNS",
    "extract_text",
    "extract_paths",
    "to_jsonl",
    "to_yaml",
]

TABLE_COLUMNS = P.TABLE_COLUMNS
DATE_COLUMNS = frozenset({"event_date", "return_date"})


@dataclass(frozen=True)
class Candidate:
    """One proposed record, with the verbatim quote that asserts it.

    ``values`` maps the table's columns to JSON-friendly values (dates as ISO strings, None
    where the text does not give the value). ``text[char_start:char_end] == quote``.
    """

    table: str
    values: dict[str, Any] = field(hash=False)
    source: str
    quote: str
    char_start: int
    char_end: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table": self.table}
        for col in TABLE_COLUMNS[self.table]:
            out[col] = self.values.get(col)
        out.update(source=self.source, quote=self.quote, char_start=self.char_start,
                   char_end=self.char_end, confidence=self.confidence)
        return out


# --------------------------------------------------------------------------------------------
# Small data types


class _Mention(NamedTuple):
    s: int  # absolute offsets
    e: int
    code: str
    kind: str
    poss: bool  # followed by 's


class _Date(NamedTuple):
    s: int
    e: int
    date: dt.date | None
    precision: str
    relative: bool


class _Sent:
    __slots__ = ("doc", "s", "e", "text", "_mentions", "_dates")

    def __init__(self, doc: _Doc, s: int, e: int) -> None:
        self.doc, self.s, self.e = doc, s, e
        self.text = doc.text[s:e]
        self._mentions: list[_Mention] | None = None
        self._dates: list[_Date] | None = None

    @property
    def mentions(self) -> list[_Mention]:
        if self._mentions is None:
            self._mentions = _find_mentions(self.text, self.s)
        return self._mentions

    @property
    def dates(self) -> list[_Date]:
        if self._dates is None:
            self._dates = _find_dates(self.text, self.s, self.doc.published)
        return self._dates

    def rel(self, a: int, b: int) -> str:
        return self.doc.text[a:b]


@dataclass
class _Doc:
    text: str
    source: str
    published: dt.date | None
    out: list[Candidate] = field(default_factory=list)
    timed: set[int] = field(default_factory=set)
    _ref_year: int | None | bool = False

    @property
    def ref_year(self) -> int | None:
        """Publication year, or else the year of the latest full date the text mentions."""
        if self._ref_year is False:
            if self.published:
                self._ref_year = self.published.year
            else:
                r, t = _res(), self.text
                years = [int(m.group("y")) for m in r.bare_year.finditer(t)
                         if r.month_before.search(t, max(0, m.start() - 24), m.start())
                         or re.match(r"-[01]\d-[0-3]\d", t[m.end():m.end() + 6])]
                self._ref_year = max(years) if years else None
        return self._ref_year  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Recognisers


_TITLE_GAP = re.compile(r"(?:['’]s)?\s*(?:(?:[A-Z][\w.’'-]*|of|de|del|the|la|el|president|"
                        r"foreign\s+minister|minister|secretary|leader|presidente|canciller|"
                        r"mandatario|government|gobierno|administration)\s+)*")


def _find_mentions(text: str, offset: int) -> list[_Mention]:
    r = _res()
    out: list[_Mention] = []
    for m in r.country.finditer(text):
        code, kind = r.forms[m.group()]
        if code is None:
            continue
        nxt = text[m.end():m.end() + 2]
        poss = nxt in ("'s", "’s") or (nxt[:1] in ("'", "’") and m.group().endswith("s"))
        mention = _Mention(m.start() + offset, m.end() + offset, code, kind, poss)
        if out and out[-1].code == code:
            gap = text[out[-1].e - offset:m.start()]
            if len(gap) <= 40 and _TITLE_GAP.fullmatch(gap):
                out[-1] = mention._replace(s=out[-1].s)  # "Colombian President Gustavo Petro"
                continue
        out.append(mention)
    return out


def _parse_number(s: str, mult: str | None = None) -> float | int | None:
    s = s.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        if "," in s and "." in s:
            k = max(s.rfind(","), s.rfind("."))
            val: float = float(re.sub(r"[.,]", "", s[:k]) + "." + s[k + 1:])
        elif "," in s or "." in s:
            sep = "," if "," in s else "."
            parts = s.split(sep)
            if len(parts) > 2 or (len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
                val = float("".join(parts))
            else:
                val = float(s.replace(",", "."))
        else:
            val = float(s)
    except ValueError:
        return None
    if mult:
        ml = mult.lower()
        val *= 1_000_000 if ml.startswith("mill") else 1000
    return int(val) if val == int(val) else val


def _month(name: str) -> int:
    return P.MONTHS[name.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _recent(pd: dt.date | None, month: int, day: int | None) -> dt.date | None:
    """The most recent month/day on or before the published date."""
    if pd is None:
        return None
    d = _safe_date(pd.year, month, day or 1)
    if d is None or d > pd:
        d = _safe_date(pd.year - 1, month, day or 1)
    return d


def _find_dates(text: str, offset: int, pd: dt.date | None) -> list[_Date]:
    r = _res()
    out: list[_Date] = []
    for m in r.date.finditer(text):
        g = m.groupdict()
        date: dt.date | None = None
        prec, rel = "day", False
        if g["iso"]:
            date = _safe_date(int(g["iy"]), int(g["im"]), int(g["id"]))
        elif g["mdy"] or g["dmy"] or g["sdmy"]:
            mon = _month(g["m1"] or g["m2"] or g["m3"])
            day = int(g["d1"] or g["d2"] or g["d3"])
            year = g["y1"] or g["y2"] or g["y3"]
            if year:
                date = _safe_date(int(year), mon, day)
            else:
                rel, date = True, _recent(pd, mon, day)
        elif g["my"] or g["smy"]:
            prec = "month"
            date = _safe_date(int(g["y4"] or g["y5"]), _month(g["m4"] or g["m5"]), 1)
        elif g["inmon"]:
            prec, rel = "month", True
            date = _recent(pd, _month(g["m6"]), None)
        elif g["rwd"]:
            rel = True
            if pd is not None:
                back = (pd.weekday() - P.WEEKDAYS[g["wd"].lower()]) % 7
                date = pd - dt.timedelta(days=back)
        elif g["rel"]:
            rel = True
            low = re.sub(r"\s+", " ", g["rel"].lower())
            if pd is not None:
                date, prec = _relative(low, g, pd)
        elif g["yr"]:
            prec = "year"
            date = dt.date(int(g["y6"]), 1, 1)
        out.append(_Date(m.start() + offset, m.end() + offset, date, prec, rel))
    return out


def _relative(low: str, g: dict, pd: dt.date) -> tuple[dt.date | None, str]:
    if low in ("yesterday", "ayer"):
        return pd - dt.timedelta(days=1), "day"
    if low in ("today", "hoy"):
        return pd, "day"
    if low.endswith("year") or low.endswith("año") or low.endswith("año pasado"):
        past = "last" in low or "pasado" in low
        return dt.date(pd.year - 1 if past else pd.year, 1, 1), "year"
    if low.endswith("month") or "mes" in low:
        if "last" in low or "pasado" in low:
            y, mth = (pd.year, pd.month - 1) if pd.month > 1 else (pd.year - 1, 12)
            return dt.date(y, mth, 1), "month"
        return dt.date(pd.year, pd.month, 1), "month"
    if g.get("unit"):
        n = {"a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5}.get(g["nago"].lower())
        n = n if n is not None else int(g["nago"])
        days = n * (7 if g["unit"].lower().startswith("week") else 1)
        return pd - dt.timedelta(days=days), "day"
    if g.get("season"):
        start = {"spring": 3, "primavera": 3, "summer": 6, "verano": 6, "fall": 9, "autumn": 9,
                 "otoño": 9, "winter": 12, "invierno": 12}[g["season"].lower()]
        lt = g["lt"].lower()
        if lt in ("this", "este"):
            return dt.date(pd.year, 1, 1), "year"
        year = pd.year if pd.month >= start + 3 else pd.year - 1
        return dt.date(year, 1, 1), "year"
    return None, "day"


_LEAD_PREFIX = re.compile(r"^\s*(?:(?P<kw>date|dated|published|publicado|fecha|posted|updated)"
                          r"\s*(?:on\s*)?[:\-]?\s*|[A-ZÁÉÍÓÚ][\w.’' -]{1,30},\s+)?", re.I)
_LEAD_REST = re.compile(r"\s*(?:$|[.\-–—:|(])")


def _leading_date(text: str) -> tuple[dt.date | None, int]:
    """A date the text opens with (" date 2025-07-07 ...", "6 July, 2025"), and its end."""
    r = _res()
    pos, lines = 0, 0
    while pos < len(text) and lines < 5 and pos < 600:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            lines += 1
            p = _LEAD_PREFIX.match(line)
            m = r.date.match(line, p.end() if p else 0)
            if m and not (p and p.group("kw")) and not _LEAD_REST.match(line, m.end()):
                m = None  # "On Thursday, July 3, 2025, the U.S. recalled ..." is no date line
            if m and not (m.group("rwd") or m.group("rel") or m.group("yr")):
                for d in _find_dates(m.group(), 0, None):
                    if d.date and d.precision == "day" and not d.relative:
                        return d.date, pos + m.end()
        pos = end + 1
    return None, 0


# --------------------------------------------------------------------------------------------
# Sentences

_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“‘«(\[¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
_STARTERS = frozenset("The In It He She They This That But And A An On At As Its His Their "
                      "Both After Meanwhile However El La Los Las En".split())


def _split_sentences(doc: _Doc, ps: int, pe: int) -> list[_Sent]:
    text = doc.text
    ends: list[int] = []
    for m in _BOUNDARY.finditer(text, ps, pe):
        tok_start = max(text.rfind(" ", ps, m.start()), text.rfind("(", ps, m.start())) + 1
        token = text[tok_start:m.start()].lower().strip("\"“(")
        if token in P.ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            if token not in ("u.s", "u.k", "ee.uu", "d.c"):
                continue
            nxt = text[m.end():m.end() + 16].split()
            if not nxt or nxt[0] not in _STARTERS:
                continue
        ends.append(m.end())
    ends.append(pe)
    sents: list[_Sent] = []
    s = ps
    for e in ends:
        a, b = s, e
        while a < b and (text[a].isspace() or text[a] in "-•*–·"):
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            sents.append(_Sent(doc, a, b))
        s = e
    return sents


# --------------------------------------------------------------------------------------------
# Shared helpers


def _is_modal(sent: _Sent, pos: int, back: int = 70) -> bool:
    """Whether the words leading up to a trigger make it hypothetical, intended or denied."""
    r = _res()
    a = max(sent.s, pos - back)
    window = sent.rel(a, pos)
    cut = max(window.rfind(";"), window.rfind(":"), window.rfind("—"), window.rfind(". "))
    if cut >= 0:
        window = window[cut + 1:]
    ms = list(r.modal.finditer(window))
    if not ms:
        return False
    last = ms[-1]
    asserting = list(r.asserting.finditer(window, 0, last.start()))
    return not asserting


def _subject(sent: _Sent, pos: int) -> _Mention | None:
    """The state that is the grammatical subject of the clause ending at `pos`."""
    r = _res()
    ms = [m for m in sent.mentions if m.e <= pos]
    if not ms:
        return None
    text = sent.doc.text
    chunk_end = pos
    first = True
    while chunk_end > sent.s:
        cut = max(text.rfind(",", sent.s, chunk_end), text.rfind(";", sent.s, chunk_end),
                  text.rfind("—", sent.s, chunk_end), text.rfind(":", sent.s, chunk_end))
        cstart = (cut + 1) if cut >= sent.s else sent.s
        chunk = text[cstart:chunk_end]
        in_chunk = [m for m in ms if cstart <= m.s < chunk_end]
        if in_chunk and not (not first and r.leading_prep.match(chunk)):
            for m in reversed(in_chunk):
                if m.poss or not r.prep_before.search(text[cstart:m.s]):
                    return m
        first = False
        chunk_end = cstart - 1
    return None


def _pronoun_antecedent(para: list[_Sent], idx: int, pos: int) -> _Mention | None:
    """Resolve "The latter / He / It ..." opening the sentence to the previous sentence."""
    r = _res()
    sent = para[idx]
    m = r.pronoun_start.match(sent.rel(sent.s, pos))
    if not m or idx == 0:
        return None
    prev = para[idx - 1].mentions
    if not prev:
        return None
    return prev[-1] if m.group("latter") else prev[0]


_FIRST_PERSON = re.compile(r"\b(?:I|we|We|yo|nosotros)\s+(?:\w+\s+){0,3}$")
_SPEAKER_AFTER = re.compile(r"[”\"]\s*,?\s*(?:said|says|stated|wrote|tweeted|posted|added|declared|"
                            r"dijo|afirmó|escribió|declaró|señaló|trinó)\s+(?P<who>[^.;“\"]{0,80})")
_SPEAKER_AFTER2 = re.compile(r"[”\"]\s*(?P<who>[^.;“”\"]{0,60}?)\s+(?:said|says|stated|wrote|tweeted|"
                             r"posted|added|declared|dijo|afirmó|escribió|declaró|señaló)\b")
_SPEAKER_BEFORE = re.compile(r"(?P<who>[^.;“”\"]{0,80}?)\s+(?:said|says|stated|wrote|tweeted|posted|"
                             r"declared|dijo|afirmó|escribió|declaró|señaló)\s*:?\s*[“\"]")
_RESPONSE = re.compile(r"^\W*(?:in\s+(?:a\s+)?(?:[\w-]+\s+){0,2}(?:response|retaliation|reply)|"
                       r"in\s+turn|reciprocating|en\s+respuesta|en\s+reciprocidad|como\s+respuesta|"
                       r"en\s+represalia)\b", re.I)


def _fallback_actor(para: list[_Sent], idx: int, pos: int) -> _Mention | None:
    """Actor of a clause whose subject is "I"/"we" (the quoted speaker) or a pronoun."""
    sent = para[idx]
    if _FIRST_PERSON.search(sent.rel(max(sent.s, pos - 30), pos)):
        for rx in (_SPEAKER_AFTER, _SPEAKER_AFTER2, _SPEAKER_BEFORE):
            for m in rx.finditer(sent.text):
                a, b = sent.s + m.start("who"), sent.s + m.end("who")
                who = [x for x in sent.mentions if a <= x.s < b]
                if who:
                    return who[0]
    return _pronoun_antecedent(para, idx, pos)


def _prev_para(doc: _Doc, start: int) -> list[_Sent]:
    text = doc.text
    end = text.rfind("\n", 0, start)
    while end > 0:
        ls = text.rfind("\n", 0, end) + 1
        if text[ls:end].strip():
            return _split_sentences(doc, ls, end)
        end = ls - 1
    return []


def _list_around(sent: _Sent, m: _Mention, forward: bool) -> list[_Mention]:
    """The coordinated list of states that `m` belongs to ("Bolivia, Venezuela and Burma")."""
    r = _res()
    ms = sent.mentions
    if m not in ms:  # an antecedent from another sentence
        return [m]
    i = ms.index(m)
    out = [m]
    step = 1 if forward else -1
    j = i + step
    while 0 <= j < len(ms):
        a, b = (ms[j - 1], ms[j]) if forward else (ms[j], ms[j + 1])
        gap = sent.rel(a.e, b.s)
        if a.poss:
            gap = gap[2:] if gap[:2] in ("'s", "’s") else gap[1:]
        if not r.list_sep.match(gap):
            break
        out.append(ms[j])
        j += step
    return out if forward else out[::-1]


def _event_date(para: list[_Sent], idx: int, pos: int,
                exclude: tuple[tuple[int, int], ...] = ()) -> tuple[_Date | None, bool]:
    """The date nearest the trigger at `pos`; else one carried from the previous sentences."""
    r = _res()
    sent = para[idx]
    best, best_score = None, None
    for d in sent.dates:
        if any(a <= d.s < b for a, b in exclude):
            continue
        if d.date is None:
            if d.relative:  # a relative date we cannot resolve: no carrying over either
                best_score = best_score if best is not None else -1
            continue
        between = sent.rel(min(pos, d.e), max(pos, d.s))
        score = abs(pos - d.s) + (200 if re.search(
            r"\b(?:after|when|following|because|since|which|who|before|while|that|tras|"
            r"cuando|después|que)\b", between, re.I) else 0)
        if best_score is None or best_score == -1 or score < best_score:
            best, best_score = d, score
    if best is not None:
        return best, False
    if best_score == -1 or r.vague_time.search(sent.text):
        return None, False
    prior = para[max(0, idx - 2):idx]
    if idx < 2 and _RESPONSE.match(sent.text):
        prior = _prev_para(sent.doc, para[0].s)[-2:] + prior
    for s in reversed(prior):
        ds = [d for d in s.dates if d.date is not None and d.precision != "year"]
        if ds:
            return ds[-1], True
    return None, False


def _emit(doc: _Doc, table: str, values: dict[str, Any], sent: _Sent, conf: float) -> None:
    vals = {c: values.get(c) for c in TABLE_COLUMNS[table]}
    for c in DATE_COLUMNS:
        if isinstance(vals.get(c), dt.date):
            vals[c] = vals[c].isoformat()
    doc.out.append(Candidate(table, vals, doc.source, sent.text, sent.s, sent.e,
                             round(max(0.05, min(0.99, conf)), 2)))
    if sent.dates or _res().vague_time.search(sent.text):
        doc.timed.add(sent.s)  # its own (maybe unresolved) time: not to be dated from siblings


def _other_state(sent: _Sent, actor: str, start: int, end: int) -> _Mention | None:
    for m in sent.mentions:
        if start <= m.s < end and m.code != actor:
            return m
    return None


def _clean_phrase(s: str, limit: int = 200) -> str | None:
    s = s.strip().strip(",;:—-").strip()
    if s.startswith(("“", '"')) and s.count("“") + s.count('"') == 1:
        s = s[1:]
    if len(s) < 3:
        return None
    return s[:limit].rstrip()


# --------------------------------------------------------------------------------------------
# Diplomatic recalls

_RANKS = (("cda", "charge_d_affaires"), ("amb", "ambassador"), ("min", "minister"))


def _envoy_rank(m: re.Match) -> str | None:
    if m.group("acting") and m.group("amb"):
        return "other"  # "acting ambassador" is no formal rank
    if m.group("acting") and m.group("cda"):
        return "charge_d_affaires"
    for grp, rank in _RANKS:
        if m.group(grp):
            return rank
    return None


def _find_name(sent: _Sent, start: int, end: int) -> str | None:
    r = _res()
    text = sent.doc.text
    m = r.name.match(text, start, end)
    if not m:
        return None
    name = _TITLE_WORDS.sub("", m.group())
    parts = name.split()
    if len(parts) < 2 or parts[0] in _STOP_NAME_WORDS or parts[-1] in _STOP_NAME_WORDS:
        return None
    s = m.end() - len(name)
    for mm in sent.mentions:
        if mm.s < m.end() and mm.e > s and mm.kind != "leader":
            return None
    return name


_NAME_GAP = re.compile(
    r"[\s,]*(?:(?:in|to|at|from|en|ante|de|a)\s+(?:the\s+)?[\w.’'\- ]{1,40}?\s*,\s*)?"
    r"(?:(?:Mr\.|Ms\.|Mrs\.|Dr\.|Sr\.|Sra\.|Ambassador|Embajador|Embajadora)\s*)?", re.I)


def _recalls(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    trigs = list(r.recall.finditer(text, sent.s, sent.e))
    for k, t in enumerate(trigs):
        verb = t.group("verb").lower()
        passive = bool(t.group("pass"))
        nxt = trigs[k + 1].start() if k + 1 < len(trigs) else sent.e
        win_end = min(nxt, t.end() + 140, sent.e)
        after = text[t.end():win_end]
        if verb.startswith("summon") and not re.match(r"\s+(?:its|his|her|their|home|back)\b",
                                                      after, re.I):
            continue
        if _is_modal(sent, t.start()):
            continue
        conf = 0.85
        # the envoy: after the trigger (active) or before it (passive)
        envs = list(r.envoy.finditer(text, t.end(), min(win_end, t.end() + 70)))
        if not passive and envs and not re.match(r"[\s\w'’,.\-]*$", text[t.end():envs[0].start()]):
            envs = []
        env_before = None
        if passive:
            eb = list(r.envoy.finditer(text, max(sent.s, t.start() - 70), t.start()))
            env_before = eb[-1] if eb else None
        name = None
        if not envs and env_before is None:
            if not verb.startswith("recall"):
                continue
            name = _find_name(sent, t.end() + 1, win_end)
            if not name:
                continue
            conf -= 0.15
        # consecutive envoy nouns: "its top envoy, Chargé d'Affaires John McNamara"
        rank, env_end = None, None
        if envs:
            rank, env_end = _envoy_rank(envs[0]), envs[0].end()
            for e2 in envs[1:]:
                if re.fullmatch(r"[\s,]*", text[env_end:e2.start()]):
                    rank, env_end = _envoy_rank(e2) or rank, e2.end()
                else:
                    break
        elif env_before is not None:
            rank = _envoy_rank(env_before)
        if name is None and env_end is not None:
            g = _NAME_GAP.match(text, env_end, win_end)
            name = _find_name(sent, g.end() if g else env_end, win_end)
            if name is None:  # "recalled John McNamara, the chargé d'affaires"
                name = _find_name(sent, t.end() + 1, envs[0].start())
        elif name is None and env_before is not None:
            g = _NAME_GAP.match(text, env_before.end(), t.start())
            name = _find_name(sent, g.end() if g else env_before.end(), t.start())
        # the recalling state
        actor_m = None
        if passive:
            by = re.match(r"\s+by\s+", after)
            if by:
                actor_m = next((m for m in sent.mentions if m.s >= t.end() + by.end()), None)
            if actor_m is None and env_before is not None:
                near = [m for m in sent.mentions if env_before.start() - 30 <= m.s < env_before.start()]
                actor_m = near[-1] if near else None
        else:
            actor_m = _subject(sent, t.start())
        if actor_m is None:
            actor_m = _fallback_actor(para, idx, t.start())
            conf -= 0.15
        if actor_m is None:
            continue
        actor = actor_m.code
        date, carried = _event_date(para, idx, t.start())
        values: dict[str, Any] = {
            "envoy_name": name, "envoy_rank": rank,
            "event_date": date.date if date else None,
            "event_date_precision": date.precision if date else None,
            "reason": _recall_reason(sent, env_end or t.end()),
        }
        if carried:
            conf -= 0.1
        # reciprocal recalls: "The U.S. and Colombia have withdrawn their ambassadors"
        group = _list_around(sent, actor_m, forward=False) if not passive else [actor_m]
        codes = list(dict.fromkeys(m.code for m in group))
        if len(codes) == 2 and (r.reciprocal.search(after) or re.match(r"\s+(?:their|sus)\b", after)):
            for a, b in ((codes[0], codes[1]), (codes[1], codes[0])):
                _emit(doc, "diplomatic_recalls",
                      {**values, "actor": a, "target": b, "envoy_name": None}, sent, conf - 0.1)
            continue
        # the host state
        target_m = None
        tstart = env_end or (env_before.end() if env_before is not None else t.end())
        for m in sent.mentions:
            if tstart <= m.s < win_end and m.code != actor:
                target_m = m
                break
        if target_m is None:
            cands = [m for m in sent.mentions if m.code != actor]
            if cands:
                target_m = min(cands, key=lambda m: abs(m.s - t.start()))
                conf -= 0.1
        if target_m is None and idx > 0:
            cands = [m for m in para[idx - 1].mentions if m.code != actor]
            target_m = cands[-1] if cands else None
            conf -= 0.2
        if target_m is None:
            continue
        if date is None:
            conf -= 0.15
        _emit(doc, "diplomatic_recalls", {**values, "actor": actor, "target": target_m.code},
              sent, conf)


def _recall_reason(sent: _Sent, pos: int) -> str | None:
    r = _res()
    best = None
    for m in r.reason.finditer(sent.doc.text, pos, sent.e):
        phrase = m.group("r")
        if re.match(r"(?:urgent\s+)?[“\"]?consultations?\b", phrase, re.I):
            continue
        cue = m.group("cue").lower()
        rank = 0 if cue.startswith(("citing", "in response", "in protest", "en respuesta",
                                    "due", "because", "debido", "en protesta")) else 1
        if best is None or rank < best[0]:
            best = (rank, phrase)
        if rank == 0:
            break
    return _clean_phrase(best[1]) if best else None


# --------------------------------------------------------------------------------------------
# Tariff threats


def _tariffs(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    done: set[tuple[str, str]] = set()
    for tw in r.tariff_word.finditer(text, sent.s, sent.e):
        # a threat verb before the tariff word in the same clause, or "tariff threat" after it
        verbs = [v for v in r.tariff_verb.finditer(text, max(sent.s, tw.start() - 90), tw.start())
                 if not re.search(r"[.;]\s", text[v.end():tw.start()])]
        nominal_after = re.match(r"\s+(?:threats?|warnings?|ultimatum)\b|\s*(?:amenazas?)\b",
                                 text[tw.end():tw.end() + 12], re.I)
        conf = 0.85
        trig: re.Match | None = verbs[-1] if verbs else None
        actor_m: _Mention | None = None
        if trig is not None and trig.group("noun") is None:
            if _is_modal(sent, trig.start()):
                continue
            if trig.group("ann"):
                conf -= 0.25
            actor_m = _subject(sent, trig.start())
            trig_pos = trig.start()
        elif trig is not None or nominal_after:
            # "threats of tariffs ... from President Trump", "a reciprocal tariff warning from Petro"
            anchor_s = trig.start() if trig is not None else tw.start()
            anchor_e = tw.end() + (nominal_after.end() if nominal_after else 0)
            if _is_modal(sent, anchor_s, back=40):
                continue
            tail = text[anchor_e:min(sent.e, anchor_e + 60)]
            fm = re.search(r"\b(?:from|by|de|por\s+parte\s+de)\s+", tail, re.I)
            if fm:
                actor_m = next((m for m in sent.mentions if m.s >= anchor_e + fm.end()), None)
            if actor_m is None:
                poss = [m for m in sent.mentions if m.poss and anchor_s - 25 <= m.e <= anchor_s]
                actor_m = poss[-1] if poss else None
            trig_pos = anchor_s
            conf -= 0.05
        else:
            continue
        if actor_m is None:
            actor_m = _fallback_actor(para, idx, trig_pos)
            conf -= 0.15
        if actor_m is None:
            continue
        actor = actor_m.code
        clause_end = _clause_end(sent, tw.end())
        target_m = _other_state(sent, actor, trig_pos, clause_end)
        if target_m is None:
            cands = [m for m in sent.mentions if m.code != actor]
            target_m = min(cands, key=lambda m: abs(m.s - trig_pos)) if cands else None
            conf -= 0.05
        if target_m is None and idx > 0:
            cands = [m for m in para[idx - 1].mentions if m.code != actor]
            target_m = cands[-1] if cands else None
            conf -= 0.15
        if target_m is None or (actor, target_m.code) in done:
            continue
        done.add((actor, target_m.code))
        rates = [_parse_number(p.group("n")) for p in r.percent.finditer(text, trig_pos, clause_end)]
        rates = [x for x in rates if x is not None and 0 < x <= 1000]
        rate = rates[0] if rates else None
        esc = next((x for x in rates[1:] if rate is not None and x > rate), None)
        date, carried = _event_date(para, idx, trig_pos)
        if carried:
            conf -= 0.1
        if date is None:
            conf -= 0.15
        _emit(doc, "tariff_threats", {
            "actor": actor, "target": target_m.code,
            "event_date": date.date if date else None,
            "event_date_precision": date.precision if date else None,
            "rate_pct": rate, "escalation_rate_pct": esc,
            "scope": _tariff_scope(text, tw.end(), clause_end),
            "trigger": _tariff_trigger(sent, trig_pos, tw.end()),
            "outcome": _tariff_outcome(para, idx, tw.end()),
        }, sent, conf)


def _clause_end(sent: _Sent, pos: int) -> int:
    m = re.compile(r"[;—]|\.\s|\s[-–]\s|,\s+(?:but|while|which|and\s+(?:the|he|she|it))\b").search(
        sent.doc.text, pos, sent.e)
    return m.start() if m else sent.e


_GOODS = re.compile(r"(?:on\s+|a\s+|sobre\s+)(?P<p>(?:all\s+|todos?\s+los\s+|las?\s+|los\s+|the\s+)?"
                    r"(?:[\w’'\-]+\s+){0,4}?(?:goods|exports|imports|products|merchandise|"
                    r"productos|bienes|importaciones|exportaciones|mercancías)(?:\s+from\s+\S+)?|"
                    r"[\w\-]+(?:\s+and\s+[\w\-]+)?)", re.I)


def _tariff_scope(text: str, pos: int, end: int) -> str | None:
    seg = text[pos:end]
    m = re.search(r"\b(?:on|a|sobre)\s+", seg)
    if not m or m.start() > 40:
        return None
    g = _GOODS.match(seg, m.start())
    if not g:
        return None
    phrase = g.group("p").strip()
    words = re.findall(r"[\w’'\-]+", phrase.lower())
    generic = {"all", "the", "goods", "exports", "imports", "products", "merchandise", "from",
               "todos", "los", "las", "la", "productos", "bienes", "importaciones",
               "exportaciones", "mercancías", "their", "its"}
    rest = [w for w in words if w not in generic]
    r = _res()
    if not rest or all(r.country.fullmatch(w) or r.country.fullmatch(w.capitalize()) or
                       r.country.fullmatch(w.upper()) for w in rest):
        if any(w in words for w in ("goods", "exports", "imports", "products", "merchandise",
                                    "productos", "bienes", "importaciones", "exportaciones",
                                    "mercancías")):
            return "all goods"
        return None
    if r.country.fullmatch(phrase):
        return None
    return phrase


def _tariff_trigger(sent: _Sent, trig_pos: int, pos: int) -> str | None:
    r = _res()
    m = r.tariff_trigger.search(sent.doc.text, pos, sent.e)
    if m:
        return _clean_phrase(m.group("r"))
    pre = sent.rel(sent.s, trig_pos)
    m2 = re.search(r"(?:\bby\s+)?(?P<r>[^,]{10,200}),\s+(?:prompting|triggering|sparking|"
                   r"leading\s+to|provoking|lo\s+que\s+(?:provocó|desató))\s*$", pre, re.I)
    if m2:
        phrase = re.sub(r"^.*\bby\s+", "", m2.group("r"))
        return _clean_phrase(phrase)
    return None


def _tariff_outcome(para: list[_Sent], idx: int, pos: int) -> str | None:
    r = _res()
    spans = [(pos, para[idx].e)] + [(s.s, s.e) for s in para[idx + 1:idx + 3]]
    text = para[idx].doc.text
    for a, b in spans:
        if r.tariff_outcome_imposed.search(text, a, b):
            return "imposed"
        if r.tariff_outcome_withdrawn.search(text, a, b):
            return "withdrawn"
    return None


# --------------------------------------------------------------------------------------------
# Decertifications


def _fiscal_year(para: list[_Sent], idx: int, date: _Date | None) -> tuple[int | None, bool]:
    r = _res()
    for s in [para[idx]] + para[max(0, idx - 1):idx] + para[idx + 1:idx + 2]:
        m = r.fiscal.search(s.text)
        if m:
            return int(m.group("y")), False
    # US determinations made from August on (due by 15 September) apply to the next fiscal
    # year; the pre-2002 March determinations applied to the current one.
    if date is not None and date.date is not None and date.precision in ("day", "month"):
        if date.date.month >= 8:
            return date.date.year + 1, True
        if date.date.month <= 4:
            return date.date.year, True
    return None, False


def _decertifications(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    for t in r.decert.finditer(text, sent.s, sent.e):
        status = "certified" if t.group("cert") else "decertified"
        if _is_modal(sent, t.start()):
            continue
        conf = 0.7 if "cooperate" in t.group().lower() else 0.85
        passive = bool(t.group("pass")) or bool(re.search(r"failed\s+(?:demonstrably|to)", t.group(), re.I))
        nominal = bool(t.group("nom"))
        ms = sent.mentions
        end = _clause_end(sent, t.end())
        stop = re.compile(r"\b(?:on|in|for|as|with|after|because|citing|over|since|en|el|por|"
                          r"tras|y\s+la|despite|amid|while|which|who|that|but)\b|[,;:—]\s*"
                          r"(?:the|a|an|which|who|marking|its|his|despite|la|el|lo)\b")
        targets: list[_Mention] = []
        actor_m: _Mention | None = None
        if passive or (nominal and t.group().lower().startswith(("'", "’"))):
            before = [m for m in ms if m.e <= t.start() and not r.prep_before.search(
                text[max(sent.s, m.s - 12):m.s])]
            if before:
                targets = _list_around(sent, before[-1], forward=False)
            by = re.match(r"\s+(?:by|por)\s+(?:the\s+)?", text[t.end():t.end() + 12], re.I)
            if by:
                actor_m = next((m for m in ms if m.s >= t.end() + by.end() - 1), None)
            elif targets:
                pre = [m for m in ms if m.e <= targets[0].s and m not in targets]
                if pre and re.search(r"\b(?:designat\w*|determin\w*|found|identif\w*|declar\w*)\b",
                                     sent.rel(pre[-1].e, targets[0].s), re.I):
                    actor_m = pre[-1]
        else:
            sm = stop.search(text, t.end(), end)
            region_end = sm.start() if sm else end
            after = [m for m in ms if t.end() <= m.s < region_end]
            gap = text[t.end():after[0].s] if after else ""
            for d in sent.dates:  # "descertificó este lunes a Colombia"
                if t.end() <= d.s and d.e <= t.end() + len(gap):
                    gap = gap[:d.s - t.end()] + " " * (d.e - d.s) + gap[d.e - t.end():]
            if after and re.fullmatch(r"(?:\s|\[[^\]]{1,8}\]|\(\w{1,6}\)|the|a|al|to|as|este|esta|"
                                      r"formally|officially|again|formalmente|oficialmente|"
                                      r"nuevamente|late|early)*", gap, re.I):
                targets = _list_around(sent, after[0], forward=True)
            actor_m = _subject(sent, t.start()) if not nominal else None
            if nominal:
                pre = [m for m in ms if m.e <= t.start() and m.poss]
                actor_m = pre[-1] if pre else _subject(sent, t.start())
                conf -= 0.1
        if actor_m is not None and any(m.code == actor_m.code for m in targets):
            actor_m = None
        actor = actor_m.code if actor_m else "USA"
        if actor_m is None:
            conf -= 0.1
        if not targets:
            continue
        fiscal = tuple((m.start(), m.end()) for m in r.fiscal.finditer(text, sent.s, sent.e))
        date, carried = _event_date(para, idx, t.start(), exclude=fiscal)
        if carried:
            conf -= 0.1
        fy, inferred = _fiscal_year(para, idx, date)
        if inferred:
            conf -= 0.05
        waiver = None
        if status == "decertified":
            if r.waiver_no.search(sent.text):
                waiver = False
            elif r.waiver_yes.search(sent.text):
                waiver = True
        for code in dict.fromkeys(m.code for m in targets):
            if code == actor:
                continue
            _emit(doc, "decertifications", {
                "actor": actor, "target": code,
                "event_date": date.date if date else None,
                "event_date_precision": date.precision if date else None,
                "fiscal_year": fy, "status": status, "waiver": waiver,
            }, sent, conf - (0.15 if fy is None else 0))


# --------------------------------------------------------------------------------------------
# Coca cultivation


def _estimator(doc: _Doc, para: list[_Sent], idx: int) -> tuple[str | None, float]:
    r = _res()
    scopes = ((para[idx].text, 0.0), (" ".join(s.text for s in para), 0.05))
    for txt, pen in scopes:
        found = [name for name, rx in (("UNODC", r.est_unodc), ("ONDCP", r.est_ondcp),
                                       ("national_government", r.est_national)) if rx.search(txt)]
        if len(found) == 1:
            return found[0], pen
        if len(found) > 1:
            return None, 0.1
    found = [name for name, rx in (("UNODC", r.est_unodc_strong), ("ONDCP", r.est_ondcp_strong))
             if rx.search(doc.text)]
    if len(found) == 1:
        return found[0], 0.1
    return None, 0.1


_PRODUCER_NAMES = {"COL": ("Colombia", "Colombian", "colombian"), "PER": ("Peru", "Perú", "Peruvian", "peruan"),
                   "BOL": ("Bolivia", "Bolivian", "bolivian")}


def _doc_producer(doc: _Doc) -> str | None:
    """The coca-producing country a text mentions most (by a clear margin), if any."""
    counts = sorted(((sum(doc.text.count(n) for n in names), code)
                     for code, names in _PRODUCER_NAMES.items()), reverse=True)
    if counts[0][0] and counts[0][0] >= 2 * counts[1][0]:
        return counts[0][1]
    return None


def _coca(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    cocas = [m.start() for m in r.coca.finditer(text, sent.s, sent.e)]
    if not cocas:
        return
    hects = list(r.hectares.finditer(text, sent.s, sent.e))
    tonnes = [m for m in r.tonnes.finditer(text, sent.s, sent.e)
              if m.group("coc") or re.search(r"cocaine|cocaína", text[max(sent.s, m.start() - 60):m.start()], re.I)]
    years = [(m.start(), int(m.group("y"))) for m in r.year4.finditer(text, sent.s, sent.e)]
    for d in sent.dates:
        if d.relative and d.date is not None and d.precision == "year":
            years.append((d.s, d.date.year))
    records = []
    for h in hects:
        hs, he = h.start(), h.end()
        if any(t.start() <= hs < t.end() for t in tonnes):
            continue
        clause_s = max(text.rfind(",", sent.s, hs), text.rfind(";", sent.s, hs), sent.s)
        near = text[max(clause_s, hs - 50):min(sent.e, he + 40)]
        if r.erad.search(near):
            continue
        if r.hypothetical_num.search(text[max(sent.s, hs - 30):hs]):
            continue
        tail = re.match(r"\s+(?:of|de|under|bajo|planted\s+with|sembradas?\s+con|sown\s+with|"
                        r"cultivated\s+with|con)\s+(?:\w+\s+){0,2}?(?P<w>[\w-]+)", text[he:he + 50], re.I)
        if tail and not re.match(r"coca|illicit|il[ií]cit|narco", tail.group("w"), re.I):
            if r.other_crop.match(tail.group("w")) or not r.coca.search(text[he:he + 50]):
                continue
        prev_coca = [c for c in cocas if c < hs]
        if prev_coca:
            between = text[prev_coca[-1]:hs]
            if r.other_crop.search(between) and not (tail and r.coca.search(text[he:he + 50])):
                continue
        elif not (tail and r.coca.search(text[he:he + 50])) and not any(c - he < 60 for c in cocas):
            continue
        hectares = _parse_number(h.group("n"), h.group("mult"))
        if hectares is None or hectares <= 0:
            continue
        # year: the nearest year to the figure, not crossing another figure
        others = [x.start() for x in hects if x is not h]
        best = None
        for ypos, y in years:
            if any(min(ypos, hs) < o < max(ypos, hs) for o in others):
                continue
            dist = ypos - he if ypos >= he else hs - ypos + 1
            if best is None or dist < best[0]:
                best = (dist, y)
        records.append((h, hectares, best[1] if best else None))
    if not records:
        return
    # country: a producing state named in the sentence, nearest the figure
    est, pen = _estimator(doc, para, idx)
    for h, hectares, year in records:
        states = [m for m in sent.mentions if m.code in P.COCA_PRODUCERS] or \
            [m for m in sent.mentions if m.code != "USA"]
        conf = 0.85 - pen
        if not states and idx > 0:
            states = [m for m in para[idx - 1].mentions if m.code in P.COCA_PRODUCERS]
            conf -= 0.15
        if states:
            country = min(states, key=lambda m: abs(m.s - h.start())).code
        else:  # the one producing country the whole text is about
            country = _doc_producer(doc)
            conf -= 0.25
        if country is None:
            continue
        tonne = None
        if not tonnes and len(records) == 1 and idx + 1 < len(para):
            nxt = para[idx + 1]
            if not r.hectares.search(nxt.text):
                tonnes = [m for m in r.tonnes.finditer(text, nxt.s, nxt.e) if m.group("coc") or
                          re.search(r"cocaine|cocaína", text[max(nxt.s, m.start() - 60):m.start()], re.I)]
        if tonnes:
            nearest = min(tonnes, key=lambda t: abs(t.start() - h.start()))
            others = [x for x, _, _ in records if x is not h]
            if not any(abs(o.start() - nearest.start()) < abs(h.start() - nearest.start()) for o in others):
                tonne = _parse_number(nearest.group("n"), nearest.group("mult"))
        if year is None:
            conf -= 0.15
        _emit(doc, "coca_cultivation", {"country": country, "year": year, "hectares": hectares,
                                         "estimator": est, "cocaine_tonnes": tonne}, sent, conf)


# --------------------------------------------------------------------------------------------
# Trade partner ranks

_FLOW = {"export": "exports", "import": "imports", "buyer": "exports", "customer": "exports",
         "supplier": "imports", "source": "imports", "destination": "exports", "market": "exports"}


def _trade(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    found = [(m, False) for m in r.rank.finditer(text, sent.s, sent.e)]
    found += [(m, True) for m in r.rank_es.finditer(text, sent.s, sent.e)]
    for m, spanish in found:
        if m.group("oneof"):
            continue
        ordw = (m.group("ord") or "").lower()
        sup = (m.group("sup") or "").lower()
        noun = m.group("noun").lower()
        kind = (m.group("kind") or "").lower()
        if not ordw and not sup:
            continue
        if noun.endswith(("partners", "markets", "destinations", "suppliers", "buyers",
                          "customers", "socios")):
            continue  # "its main trading partners, the US and China"
        if spanish:
            if ordw in ("principal", "mayor"):
                rank = 1
            else:
                rank = P.ORDINALS.get(ordw)
            flow = "exports" if "export" in kind or noun in ("comprador", "destino", "mercado") else \
                "imports" if "import" in kind or noun == "proveedor" else "total"
            if noun.startswith("socio") and not kind:
                continue
        else:
            if ordw:
                num = re.search(r"\d+", ordw)
                rank = int(num.group()) if num else P.ORDINALS.get(ordw.split()[-1])
            else:
                rank = 1
            if noun.startswith("partner"):
                if kind not in ("trading", "trade", "commercial", "economic", "export", "import"):
                    continue
                flow = _FLOW.get(kind, "total")
            else:
                key = noun.split()[0].rstrip("s")
                if noun.startswith(("market", "destination")) and kind not in ("export", ""):
                    continue
                if noun.startswith("source") and "import" not in noun:
                    continue
                flow = _FLOW.get(kind) or _FLOW.get(key, "total")
                if noun.startswith("market") and kind != "export":
                    continue
        if not rank:
            continue
        clause_e = _clause_end(sent, m.end())
        clause_s = max(text.rfind(";", sent.s, m.start()), sent.s)
        if r.regional.search(text, m.end(), min(clause_e, m.end() + 60)) or \
                r.regional.search(text, max(clause_s, m.start() - 40), m.start()):
            continue
        if _is_modal(sent, m.start(), back=40):
            continue
        conf = 0.85
        ms = sent.mentions
        reporter_m = None
        before = [x for x in ms if x.e <= m.start()]
        if before and before[-1].poss and m.start() - before[-1].e <= 4:
            reporter_m = before[-1]
        tail = re.match(r"\s*(?:of|for|de|del|para)\s+(?:the\s+|la\s+|el\s+)?", text[m.end():m.end() + 12],
                        re.I)
        if reporter_m is None and tail:
            reporter_m = next((x for x in ms if x.s == m.end() + tail.end()), None)
        pron = re.search(r"\b(?:its|their|his|her|sus?)\s+(?:\w+\s+)?$", text[max(sent.s, m.start() - 20):m.start()],
                         re.I)
        # partner: the subject, not the state it "surpassed ... as"
        cands = [x for x in before if x is not reporter_m and not r.overtake.search(
            text[max(sent.s, x.s - 30):x.s])]
        partner_m = None
        for x in reversed(cands):
            if reporter_m is None or x.code != reporter_m.code:
                partner_m = x
                break
        if partner_m is None:
            after = [x for x in ms if x.s >= m.end() and x is not reporter_m and
                     (reporter_m is None or x.code != reporter_m.code) and x.s < clause_e]
            partner_m = after[0] if after else None
        if partner_m is None:
            continue
        if reporter_m is None and pron:
            prior = [x for x in ms if x.e <= partner_m.s and x.code != partner_m.code]
            reporter_m = prior[-1] if prior else None
            conf -= 0.1
        if reporter_m is None or reporter_m.code == partner_m.code:
            continue
        year = None
        for d in sent.dates:
            if d.date is not None and (d.precision == "year" or d.relative):
                year = d.date.year
        for ym in r.year4.finditer(text, sent.s, sent.e):
            if re.search(r"\b(?:in|en|as\s+of|for|during)\s+$", text[max(sent.s, ym.start() - 8):ym.start()]):
                year = int(ym.group("y"))
        _emit(doc, "trade_partner_ranks", {"reporter": reporter_m.code, "partner": partner_m.code,
                                            "year": year, "rank": rank, "flow": flow}, sent, conf)
        # "..., although China has become its second-largest"
        for el in r.rank_elliptic.finditer(text, m.end(), sent.e):
            prior = [x for x in ms if m.end() <= x.e <= el.start() and x.code != reporter_m.code]
            if prior:
                _emit(doc, "trade_partner_ranks", {
                    "reporter": reporter_m.code, "partner": prior[-1].code, "year": year,
                    "rank": P.ORDINALS[el.group("ord").lower()], "flow": flow}, sent, conf - 0.1)


# --------------------------------------------------------------------------------------------
# Driver

# Which extractor a sentence goes to: any of these (lower-case) words in it.
_TABLE_TESTS: tuple[tuple[tuple[str, ...], Callable[[_Doc, list[_Sent], int], None]], ...] = (
    (("tariff", "arancel"), _tariffs),
    (("certif", "failed demonstrably", "failed to cooperate"), _decertifications),
    (("hect", "coca"), _coca),
    (("partner", "socio", "supplier", "proveedor", "export market", "export destination"), _trade),
    (("ambassador", "embajador", "envoy", "charg", "encargad", "diplomat", "consultas",
      "representative", "representante"), _recalls),
)


def _coerce_date(d: dt.date | str | None) -> dt.date | None:
    if d is None or isinstance(d, dt.date):
        return d
    return dt.date.fromisoformat(str(d))


def extract_text(text: str, source: str = "<text>",
                 published_date: dt.date | None = None) -> list[Candidate]:
    """Candidate records asserted by `text`, in text order.

    Relative dates resolve against `published_date`, else against a date line the text opens
    with; without either they are left empty.
    """
    lead, lead_end = _leading_date(text)
    pd = _coerce_date(published_date) or lead
    doc = _Doc(text, source, pd)
    for ps, para_end in _keyword_paragraphs(text):
        ps = max(ps, lead_end)
        para = _split_sentences(doc, ps, para_end)
        for i, sent in enumerate(para):
            low = sent.text.lower()
            for words, fn in _TABLE_TESTS:
                if any(w in low for w in words):
                    fn(doc, para, i)
    return _finish(doc)


def _keyword_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (line) containing a keyword, in text order."""
    low = text.lower()
    n = len(text)
    if len(low) != n:  # a character whose lower case is longer: fall back to the regex
        hits = [m.start() for m in _res().keywords.finditer(text)]
    else:
        hits = []
        for kw in KEYWORDS:
            i = low.find(kw)
            while i >= 0:
                hits.append(i)
                i = low.find(kw, i + 1)
        hits.sort()
    out: list[tuple[int, int]] = []
    para_end = -1
    for h in hits:
        if h < para_end:
            continue
        ps = text.rfind("\n", 0, h) + 1
        pe = text.find("\n", h)
        para_end = n if pe < 0 else pe
        out.append((ps, para_end))
    return out


def _finish(doc: _Doc) -> list[Candidate]:
    cands = doc.out
    # complete records from their siblings in the same text: a sentence that names the
    # envoy and the date, and another that only says "the U.S. recalled its envoy"
    groups: dict[tuple, list[Candidate]] = {}
    for c in cands:
        k2 = P.NATURAL_KEYS[c.table][:2]
        groups.setdefault((c.table,) + tuple(c.values.get(k) for k in k2), []).append(c)
    filled: list[Candidate] = []
    for c in cands:
        keys = P.NATURAL_KEYS[c.table]
        fillable = P.NATURAL_KEYS[c.table] + (("event_date",) if "event_date" in c.values else ())
        missing = [k for k in dict.fromkeys(fillable) if c.values.get(k) is None
                   and not (c.char_start in doc.timed and k in ("event_date", "fiscal_year", "year"))]
        if not missing:
            filled.append(c)
            continue
        group = groups[(c.table,) + tuple(c.values.get(k) for k in keys[:2])]
        sibs = [o for o in group if o is not c and all(
            c.values.get(k) is None or o.values.get(k) is None or c.values[k] == o.values[k]
            for k in keys)]
        new = dict(c.values)
        changed = False
        for k in missing:
            if k == "event_date_precision":
                continue
            vals = {json.dumps(o.values.get(k)) for o in sibs if o.values.get(k) is not None}
            if len(vals) == 1:
                src = next(o for o in sibs if o.values.get(k) is not None)
                new[k] = src.values[k]
                if k == "event_date":
                    new["event_date_precision"] = src.values.get("event_date_precision")
                changed = True
        if c.table == "trade_partner_ranks" and new.get("year") is None and doc.ref_year:
            new["year"] = doc.ref_year
            changed = True
        if changed:
            c = dataclasses.replace(c, values=new, confidence=round(max(0.05, c.confidence - 0.1), 2))
        filled.append(c)
    seen: dict[tuple, int] = {}
    out: list[Candidate] = []
    for c in filled:
        key = (c.table, c.char_start, json.dumps(c.values, sort_keys=True, default=str))
        if key in seen:
            i = seen[key]
            if c.confidence > out[i].confidence:
                out[i] = c
            continue
        seen[key] = len(out)
        out.append(c)
    return out


# --------------------------------------------------------------------------------------------
# Files


def _extract_batch(paths: list[str], published_date: dt.date | None) -> list[tuple[str, list[Candidate] | None, str | None]]:
    results = []
    for p in paths:
        try:
            with open(p, "rb") as fh:
                data = fh.read()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            results.append((p, None, f"{type(exc).__name__}: {exc}"))
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        try:
            results.append((p, extract_text(text, source=p, published_date=published_date), None))
        except Exception as exc:  # noqa: BLE001 - one bad text must not stop a corpus
            results.append((p, None, f"extraction failed: {type(exc).__name__}: {exc}"))
    return results


def _batches(paths: list[Path], max_bytes: int = 1_000_000, max_files: int = 64) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for p in paths:
        try:
            sz = os.stat(p).st_size
        except OSError:
            sz = 0
        if batch and (size + sz > max_bytes or len(batch) >= max_files):
            yield batch
            batch, size = [], 0
        batch.append(str(p))
        size += sz
    if batch:
        yield batch


def extract_paths(paths: Iterable[Path | str], published_date: dt.date | None = None,
                  workers: int | None = None,
                  on_error: Callable[[Path, str], None] | None = None,
                  on_progress: Callable[[Path, int, int], None] | None = None) -> Iterator[Candidate]:
    """Extract from each file, spreading files over `workers` processes (default: all cores).

    Files are read one at a time in the workers (UTF-8; a file that cannot be read or
    decoded is reported through ``on_error(path, message)`` and skipped). Candidates are
    yielded in the order of `paths`; ``source`` is the path as given.
    ``on_progress(path, files_done, files_total)`` is called after each file.
    """
    paths = [Path(p) for p in paths]
    original = {str(p): p for p in paths}
    total = len(paths)
    pd = _coerce_date(published_date)
    workers = workers or os.cpu_count() or 1
    done = 0

    def handle(results):
        nonlocal done
        for p, cands, err in results:
            done += 1
            if err is not None:
                if on_error is not None:
                    on_error(original.get(p, Path(p)), err)
            else:
                yield from cands
            if on_progress is not None:
                on_progress(original.get(p, Path(p)), done, total)

    batches = _batches(paths)
    if workers <= 1 or total <= 1:
        for b in batches:
            yield from handle(_extract_batch(b, pd))
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for b in batches:
            pending.append(pool.submit(_extract_batch, b, pd))
            if len(pending) >= workers * 3:
                yield from handle(pending.popleft().result())
        while pending:
            yield from handle(pending.popleft().result())


# --------------------------------------------------------------------------------------------
# Output


def to_jsonl(candidates: Iterable[Candidate]) -> str:
    """One JSON object per line (Candidate.to_dict())."""
    return "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in candidates)


def _source_id(source: str) -> str:
    return Path(source).stem if source and not source.startswith("<") else source


def to_yaml(candidates: Iterable[Candidate]) -> str:
    """Records in the shape of raw/coded/<table>.yaml, grouped by table.

    ``{table: {records: [{<columns>, method: extracted, confidence, evidence: [{source,
    quote}]}]}}``; candidates with identical values become one record with several quotes.
    """
    import yaml

    tables: dict[str, dict[str, dict]] = {}
    for c in candidates:
        recs = tables.setdefault(c.table, {})
        key = json.dumps(c.values, sort_keys=True, default=str)
        rec = recs.get(key)
        if rec is None:
            rec = {}
            for col in TABLE_COLUMNS[c.table]:
                v = c.values.get(col)
                if col in DATE_COLUMNS and isinstance(v, str):
                    v = dt.date.fromisoformat(v)
                rec[col] = v
            rec.update(method="extracted", confidence=c.confidence, evidence=[])
            recs[key] = rec
        rec["confidence"] = max(rec["confidence"], c.confidence)
        ev = {"source": _source_id(c.source), "quote": c.quote}
        if ev not in rec["evidence"]:
            rec["evidence"].append(ev)
    doc = {t: {"records": list(recs.values())} for t, recs in tables.items()}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100_000)
