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

Statements of possibility ("could recall", "considering decertifying", "may impose"), negated or
denied ones ("no ha llamado a consultas", "reports that Ottawa threatened ... were denied") are
not records. Relative dates are resolved against ``published_date`` (or a leading date line in
the text) and left empty when they cannot be; a wire dateline ("BOGOTA, Sept 16 (Reuters) -")
does not date the events of the story.

Extraction is document-aware (see _finish): candidates of one text about the same pair of
states whose identifying values do not conflict are co-referent, and each takes the key values
it lacks (envoy name, date, fiscal year, estimator, year) from them when they agree on one, at
a lower confidence. A recall or threat presented as a response ("in a tit-for-tat response")
takes the date of the reverse one it answers. Each candidate keeps its own sentence as quote,
so several sentences about one event become several quotes of one record. Nothing is filled
from a conflicting candidate, and nothing is invented: a value no sentence gives stays empty.

Importing this module imports only the standard library (pycountry and pyyaml are imported
when first needed), so the command line stays fast.
"""

from __future__ import annotations

import contextlib
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
    "SchedulerUnreachable",
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
            dl = self.doc.dateline
            self._dates = [d for d in _find_dates(self.text, self.s, self.doc.published)
                           if not dl[0] <= d.s < dl[1]]  # "BOGOTA, Sept 16 (Reuters) -": not the event's
        return self._dates

    def rel(self, a: int, b: int) -> str:
        return self.doc.text[a:b]


@dataclass
class _Doc:
    text: str
    source: str
    published: dt.date | None
    out: list[Candidate] = field(default_factory=list)
    meta: list[dict[str, Any]] = field(default_factory=list)  # parallel to out: how each was found
    timed: set[int] = field(default_factory=set)
    rank_years: dict[int, int] = field(default_factory=dict)  # sentence start -> year of its rank
    dateline: tuple[int, int] = (0, 0)  # "WASHINGTON, May 31 (Reuters) -" opening the story
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
    rel = list(re.finditer(r"\b(?:whose|who|which|cuy[oa]s?)\b", window))
    if rel:  # a relative clause is its own predication ("for Ecuador, whose largest market")
        cut = max(cut, rel[-1].start() - 1)
    if cut >= 0:
        window = window[cut + 1:]
        a += cut + 1
    spans = [(d.s - a, d.e - a) for d in sent.dates if d.e > a and d.s < pos]
    spans.append((sent.doc.dateline[0] - a, sent.doc.dateline[1] - a))
    ms = [m for m in r.modal.finditer(window)  # "May 31" is a date, not a modal
          if not any(x <= m.start() < y for x, y in spans)]
    if not ms:
        return False
    last = ms[-1]
    asserting = list(r.asserting.finditer(window, 0, last.start()))
    return not asserting


# "the government of Peru", "el gobierno de Perú": the state is the head of the subject
_HEAD_OF = re.compile(
    r"\b(?:government|administration|president|presidency|foreign\s+ministry|ministry\s+of\s+"
    r"foreign\s+affairs|state\s+department|department\s+of\s+state|regime|cabinet|republic|"
    r"gobierno|presidente|presidenta|presidencia|cancillería|canciller|ministerio\s+de\s+"
    r"relaciones\s+exteriores|régimen|república)\s+(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?$", re.I)
# "... expelled the US ambassador and recalled ...": the trigger's subject is the first verb's
_COORD_PRED = re.compile(r"\s(?:and|y|e)\s+(?:then\s+|also\s+|later\s+|luego\s+|también\s+)?$",
                         re.I)


def _subject(sent: _Sent, pos: int) -> _Mention | None:
    """The state that is the grammatical subject of the clause ending at `pos`."""
    r = _res()
    ms = [m for m in sent.mentions if m.e <= pos]
    if not ms:
        return None
    text = sent.doc.text
    chunk_end = pos
    first = True
    coord = bool(_COORD_PRED.search(text, max(sent.s, pos - 20), pos))
    while chunk_end > sent.s:
        cut = max(text.rfind(",", sent.s, chunk_end), text.rfind(";", sent.s, chunk_end),
                  text.rfind("—", sent.s, chunk_end), text.rfind(":", sent.s, chunk_end))
        cstart = (cut + 1) if cut >= sent.s else sent.s
        chunk = text[cstart:chunk_end]
        in_chunk = [m for m in ms if cstart <= m.s < chunk_end]
        if in_chunk and not (not first and r.leading_prep.match(chunk)):
            heads = [m for m in in_chunk if m.poss or not r.prep_before.search(text[cstart:m.s])
                     or _HEAD_OF.search(text, max(cstart, m.s - 45), m.s)]
            if heads:
                if coord and len(heads) > 1 and first:
                    # "Chávez expelled US Ambassador Duddy and recalled his own ambassador":
                    # a later head is the object of the first verb
                    return heads[0]
                return heads[-1]
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


def _next_para(doc: _Doc, end: int) -> list[_Sent]:
    text = doc.text
    start = text.find("\n", end)
    while 0 <= start < len(text):
        le = text.find("\n", start + 1)
        le = len(text) if le < 0 else le
        if text[start + 1:le].strip():
            return _split_sentences(doc, start + 1, le)
        start = le if le < len(text) else -1
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


def _emit(doc: _Doc, table: str, values: dict[str, Any], sent: _Sent, conf: float,
          **meta: Any) -> None:
    """Record a candidate; `meta` (e.g. ``response=True``, ``anchored=False``) guides the
    document-level consolidation in _finish and is not part of the output."""
    vals = {c: values.get(c) for c in TABLE_COLUMNS[table]}
    for c in DATE_COLUMNS:
        if isinstance(vals.get(c), dt.date):
            vals[c] = vals[c].isoformat()
    doc.out.append(Candidate(table, vals, doc.source, sent.text, sent.s, sent.e,
                             round(max(0.05, min(0.99, conf)), 2)))
    doc.meta.append(meta)
    if sent.dates or _res().vague_time.search(sent.text):
        doc.timed.add(sent.s)  # its own (maybe unresolved) time: not to be dated from siblings


def _other_state(sent: _Sent, actor: str, start: int, end: int) -> _Mention | None:
    for m in sent.mentions:
        if start <= m.s < end and m.code != actor:
            return m
    return None


def _whole_list(sent: _Sent, m: _Mention) -> list[_Mention]:
    """The coordinated list `m` is part of, both ways ("the Philippines, Sri Lanka and Iraq")."""
    back = _list_around(sent, m, forward=False)
    return back[:-1] + _list_around(sent, m, forward=True)


_PARTICIPLE = re.compile(r",\s*$")
_OPENER = re.compile(r"^\W*[A-Za-zÁÉÍÓÚáéíóúñ]+(?:ing|ando|iendo)\b")  # "Citing ...,"


def _main_subject(sent: _Sent, pos: int) -> _Mention | None:
    """The subject of the sentence's main clause (for a participle: ", threatening ...")."""
    r = _res()
    text = sent.doc.text
    start = sent.s
    while start < pos:
        cut = text.find(",", start, pos)
        end = cut if cut >= 0 else pos
        chunk = text[start:end]
        if not (r.leading_prep.match(chunk) or _OPENER.match(chunk) or _RESPONSE.match(chunk)):
            for m in sent.mentions:
                if start <= m.s < end and (m.poss or not r.prep_before.search(text[start:m.s])
                                           or _HEAD_OF.search(text, max(start, m.s - 45), m.s)):
                    return m
            return None
        if cut < 0:
            break
        start = cut + 1
    return None


_HEARSAY = re.compile(r"\b(?:reports?|rumou?rs?|claims?|speculation|allegations?|suggestions?|"
                      r"informes?|versiones|rumores|especulaciones)\s+(?:that|de\s+que|que)\b", re.I)
_DENIAL = re.compile(r"\b(?:den(?:y|ied|ies)|dismiss(?:ed|es)?|rejected|refuted|debunked|"
                     r"desment\w+|desmint\w+|neg(?:ó|aron)|rechaz(?:ó|aron))\b", re.I)


def _denied_report(sent: _Sent, pos: int) -> bool:
    """ "Reports that Ottawa had threatened tariffs ... were denied": no assertion."""
    return bool(_HEARSAY.search(sent.doc.text, sent.s, pos) and _DENIAL.search(sent.text))


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
        passive = bool(t.group("pass")) and not verb.endswith("ing")  # "was withdrawing"
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
        response = _responds(para, idx)
        tstart = env_end or (env_before.end() if env_before is not None else t.end())
        # several recalling states: "The U.S. and Colombia have withdrawn their ambassadors"
        # (from each other), "Chile and Colombia recalled their ambassadors from Tel Aviv"
        group = _list_around(sent, actor_m, forward=False) if not passive else [actor_m]
        codes = list(dict.fromkeys(m.code for m in group))
        if len(codes) >= 2:
            host = next((m for m in sent.mentions if tstart <= m.s < win_end and m.code not in codes),
                        None)
            mutual = len(codes) == 2 and (r.reciprocal.search(after) or (
                host is None and re.match(r"\s+(?:their|sus)\b", after)))
            if mutual:
                for a, b in ((codes[0], codes[1]), (codes[1], codes[0])):
                    _emit(doc, "diplomatic_recalls", {**values, "actor": a, "target": b,
                                                      "envoy_name": None}, sent, conf - 0.1,
                          response=response)
                continue
            if host is not None and re.match(r"\s+(?:their|sus)\b", after):
                for a in codes:
                    _emit(doc, "diplomatic_recalls", {**values, "actor": a, "target": host.code,
                                                      "envoy_name": None}, sent, conf - 0.1,
                          response=response)
                continue
        # the host state (or states: "its ambassadors in Argentina, Chile and Uruguay")
        target_m = None
        for m in sent.mentions:
            if tstart <= m.s < win_end and m.code != actor:
                target_m = m
                break
        targets = [target_m] if target_m is not None else []
        if target_m is not None:
            targets = [m for m in _list_around(sent, target_m, forward=True) if m.code != actor]
        if target_m is None:
            cands = [m for m in sent.mentions if m.code != actor]
            if cands:
                target_m = min(cands, key=lambda m: abs(m.s - t.start()))
                targets = [target_m]
                conf -= 0.1
        if target_m is None and idx > 0:
            cands = [m for m in para[idx - 1].mentions if m.code != actor]
            target_m = cands[-1] if cands else None
            targets = [target_m] if target_m is not None else []
            conf -= 0.2
        if target_m is None:
            continue
        if date is None:
            conf -= 0.15
        codes = list(dict.fromkeys(m.code for m in targets))
        for code in codes:
            _emit(doc, "diplomatic_recalls", {
                **values, "actor": actor, "target": code,
                "envoy_name": values["envoy_name"] if len(codes) == 1 else None,
            }, sent, conf - (0.05 if len(codes) > 1 else 0), response=response)


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
                 if not re.search(r";\s|(?<![A-Z])\.\s", text[v.end():tw.start()])]  # not "U.S. "
        nominal_after = re.match(r"\s+(?:threats?|warnings?|ultimatum)\b|\s*(?:amenazas?)\b",
                                 text[tw.end():tw.end() + 12], re.I)
        conf = 0.85
        trig: re.Match | None = verbs[-1] if verbs else None
        actor_m: _Mention | None = None
        if trig is not None and trig.group("noun") is None:
            if _is_modal(sent, trig.start()) or _denied_report(sent, trig.start()):
                continue
            if trig.group("ann"):
                conf -= 0.25
            if _PARTICIPLE.search(text, max(sent.s, trig.start() - 3), trig.start()) and \
                    re.match(r"(?:threatening|warning|amenazando|advirtiendo)\b", trig.group(), re.I):
                # "Trump sent letters to A, B and C, threatening tariffs": the main subject
                actor_m = _main_subject(sent, trig.start())
            else:
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
        if target_m is None and _PRODUCT_TARIFF.match(text, tw.end(), clause_end):
            continue  # "tariffs of 50% on imports of copper": on a product, from everywhere
        if target_m is None:  # not from a later clause ("..., a measure that hits Chilean mining")
            cands = [m for m in sent.mentions if m.code != actor and m.s < clause_end]
            target_m = min(cands, key=lambda m: abs(m.s - trig_pos)) if cands else None
            conf -= 0.05
        if target_m is None and idx > 0:
            cands = [m for m in para[idx - 1].mentions if m.code != actor]
            target_m = cands[-1] if cands else None
            conf -= 0.15
        if target_m is None:
            continue
        # "on all products from Canada and Mexico", "to the Philippines, Sri Lanka and Iraq"
        targets = [code for code in dict.fromkeys(m.code for m in _whole_list(sent, target_m))
                   if code != actor and (actor, code) not in done]
        if not targets:
            continue
        done.update((actor, code) for code in targets)
        rates = [_parse_number(p.group("n")) for p in r.percent.finditer(text, trig_pos, clause_end)]
        rates = [x for x in rates if x is not None and 0 < x <= 1000]
        rate = rates[0] if rates else None
        esc = next((x for x in rates[1:] if rate is not None and x > rate), None)
        date, carried = _event_date(para, idx, trig_pos)
        if carried:
            conf -= 0.1
        if date is None:
            conf -= 0.15
        values = {
            "event_date": date.date if date else None,
            "event_date_precision": date.precision if date else None,
            "rate_pct": rate, "escalation_rate_pct": esc,
            "scope": _tariff_scope(text, tw.end(), clause_end),
            "trigger": _tariff_trigger(sent, trig_pos, tw.end()),
            "outcome": _tariff_outcome(para, idx, tw.end()),
        }
        response = _responds(para, idx)
        for code in targets:
            _emit(doc, "tariff_threats", {**values, "actor": actor, "target": code}, sent,
                  conf - (0.05 if len(targets) > 1 else 0), response=response)


_PRODUCT_TARIFF = re.compile(
    r"\s+(?:of\s+\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent)\s+|del?\s+\d+(?:[.,]\d+)?\s*%\s+)?"
    r"(?:on|a|sobre)\s+(?:all\s+|las\s+|los\s+|todas\s+las\s+)?(?:(?:imports|importaciones)\s+"
    r"(?:of|de)\s+(?:[a-záéíóúñ]+)|(?:foreign\s+|imported\s+)?[a-z]+\s+imports\b)", re.I)
_CLAUSE_END = re.compile(r"[;—]|\.\s|\s[-–]\s|,\s+(?:but|while|which|and\s+(?:the|he|she|it)|"
                         r"a\s+(?:move|measure|step|decision)|pero|mientras|lo\s+que|"
                         r"una\s+(?:medida|decisión))\b")


def _clause_end(sent: _Sent, pos: int) -> int:
    m = _CLAUSE_END.search(sent.doc.text, pos, sent.e)
    return m.start() if m else sent.e


_GOODS = re.compile(r"(?:on\s+|a\s+|sobre\s+)(?P<p>(?:all\s+|todos?\s+los\s+|las?\s+|los\s+|the\s+)?"
                    r"(?:[\w’'\-]+\s+){0,4}?(?:goods|exports|imports|products|merchandise|"
                    r"productos|bienes|importaciones|exportaciones|mercancías)(?:\s+from\s+\S+)?|"
                    r"[\w\-]+(?:\s+and\s+[\w\-]+)?)", re.I)


_NAMED_GOODS = re.compile(r"(?:on|a|sobre)\s+(?P<dem>[A-ZÁÉÍÓÚ][\w\-]+)\s+(?P<p>[a-záéíóúñ][\w\-]*"
                          r"(?:\s+(?:and|y|e)\s+[a-záéíóúñ][\w\-]*)?)")
_NOT_GOODS = frozenset("if unless from to over after by in and or that which who as at for with "
                       "goods exports imports products merchandise si a de en con por".split())


def _tariff_scope(text: str, pos: int, end: int) -> str | None:
    seg = text[pos:end]
    m = re.search(r"\b(?:on|a|sobre)\s+", seg)
    if not m or m.start() > 40:
        return None
    r = _res()
    d = _NAMED_GOODS.match(seg, m.start())  # "on Canadian steel and aluminium"
    if d and r.country.fullmatch(d.group("dem")) and \
            d.group("p").split()[0].lower() not in _NOT_GOODS:
        return d.group("p")
    g = _GOODS.match(seg, m.start())
    if not g:
        return None
    phrase = g.group("p").strip()
    words = re.findall(r"[\w’'\-]+", phrase.lower())
    generic = {"all", "the", "goods", "exports", "imports", "products", "merchandise", "from",
               "todos", "los", "las", "la", "productos", "bienes", "importaciones",
               "exportaciones", "mercancías", "their", "its"}
    rest = [w for w in words if w not in generic]
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
    if idx + 3 > len(para):  # the story goes on in the next paragraph ("That night the White
        # House said the tariffs would be held in reserve"), if it speaks of tariffs
        spans += [(s.s, s.e) for s in _next_para(para[idx].doc, para[-1].e)[:2]
                  if r.tariff_word.search(s.text)]
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


_ALONGSIDE = re.compile(r"\b(?:alongside|along\s+with|together\s+with|joining|as\s+did|"
                        r"junto\s+(?:a|con)|al\s+igual\s+que)\s+(?:the\s+|la\s+|el\s+)?", re.I)


def _decertifications(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    for t in r.decert.finditer(text, sent.s, sent.e):
        status = "certified" if t.group("cert") else "decertified"
        if _is_modal(sent, t.start()):
            continue
        conf = 0.7 if "cooperate" in t.group().lower() else 0.85
        passive = bool(t.group("pass")) or bool(re.search(
            r"failed\s+(?:demonstrably|to)|fall(?:ó|aron|a|an|ado)\s", t.group(), re.I))
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
                if pre and re.search(r"\b(?:designat\w*|determin\w*|found|identif\w*|declar\w*|named|"
                                     r"listed|design\w*|calific\w*|incluy\w*|nombr\w*)\b",
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
        if targets and status == "decertified":
            # "... had failed demonstrably, placing it alongside Venezuela and Burma"
            for al in _ALONGSIDE.finditer(text, t.end(), sent.e):
                nxt = next((m for m in ms if m.s >= al.end()), None)
                if nxt is not None and nxt.s - al.end() <= 1:
                    targets += [m for m in _list_around(sent, nxt, forward=True) if m not in targets]
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
        # "... En el caso de Colombia, el gobierno otorgó una exención": the next sentence
        # grants a waiver to one of the states named
        waived: set[str] = set()
        if status == "decertified" and waiver is None and idx + 1 < len(para):
            nxt = para[idx + 1]
            named = {m.code for m in nxt.mentions} & {m.code for m in targets}
            if len(named) == 1 and r.waiver_yes.search(nxt.text) and not r.waiver_no.search(nxt.text) \
                    and not r.decert.search(nxt.text):
                waived = named
        for code in dict.fromkeys(m.code for m in targets):
            if code == actor:
                continue
            _emit(doc, "decertifications", {
                "actor": actor, "target": code,
                "event_date": date.date if date else None,
                "event_date_precision": date.precision if date else None,
                "fiscal_year": fy, "status": status, "waiver": True if code in waived else waiver,
            }, sent, conf - (0.15 if fy is None else 0))


# --------------------------------------------------------------------------------------------
# Coca cultivation


# Who a sentence attributes its figure to ("..., the government said"), which outweighs an
# organisation merely named in it ("... before the United Nations publishes its survey").
_SAY = r"(?:said|says|reported|reports|announced|estimated|estimates|counted|found|put|calculated)"
_ATTRIBUTION = (
    ("national_government", re.compile(
        rf"(?<!U\.S\.\s)(?<!US\s)(?<!American\s)(?<!U\.S\.-)\bgovernment\s+{_SAY}\b|"
        r"\baccording\s+to\s+the\s+(?:(?:Colombian|Peruvian|Bolivian|national)\s+)?government\b|"
        r"\bgobierno\s+(?:dijo|informó|reportó|anunció|estimó|calculó)\b|\bsegún\s+el\s+gobierno\b")),
    ("UNODC", re.compile(
        rf"\b(?:UN|UNODC|United\s+Nations|SIMCI|ONU)\s+{_SAY}\b|\bU\.N\.\s+{_SAY}\b|"
        r"\baccording\s+to\s+(?:the\s+)?(?:UN|UNODC|United\s+Nations)\b|"
        r"\bsegún\s+(?:la\s+)?(?:ONU|UNODC)\b")),
    ("ONDCP", re.compile(
        rf"\b(?:ONDCP|White\s+House|U\.?S\.?\s+government)\s+{_SAY}\b")),
)


def _estimator(doc: _Doc, para: list[_Sent], idx: int) -> tuple[str | None, float]:
    r = _res()
    said = [name for name, rx in _ATTRIBUTION if rx.search(para[idx].text)]
    if len(said) == 1:
        return said[0], 0.0
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
    hects = list(r.hectares.finditer(text, sent.s, sent.e))
    context = 0.0
    if not cocas:
        # "The US government's estimate for 2008 was higher, at 32,000 hectares." after a
        # sentence about coca: the coca of the paragraph (or of the one before) is meant
        if not hects or r.other_crop.search(sent.text) or not _coca_context(doc, para, idx):
            return
        cocas, context = [sent.s], 0.15
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
        near = text[sent.s if context else max(clause_s, hs - 50):min(sent.e, he + 40)]
        if r.erad.search(near):
            continue
        if r.hypothetical_num.search(text[max(sent.s, hs - 30):hs]):
            continue
        sub = _SUBNATIONAL.search(text, max(clause_s if not context else sent.s, hs - 60), hs)
        if sub and not any(mm.s <= sub.start("place") < mm.e for mm in sent.mentions) \
                and sub.group("place") not in _NOT_PLACES:
            continue  # "In Putumayo, 48,000 hectares", "en los Yungas de La Paz, 19.500 hectáreas"
        if r.legal_limit.search(text, max(clause_s, hs - 40), hs) or \
                r.legal_after.match(text, he, min(sent.e, he + 60)):
            continue  # "the law permits 12,000 hectares of coca for traditional use"
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
        year = best[1] if best else None
        if year is None:  # "... at 234,000 hectares that year": the year last named before
            that = _THAT_YEAR.search(text, he, sent.e) or _THAT_YEAR.search(text, sent.s, hs)
            if that:
                prior = list(r.year4.finditer(text, max(0, that.start() - 600), that.start()))
                year = int(prior[-1].group("y")) if prior else None
        records.append((h, hectares, year))
    if not records:
        return
    # country: a producing state named in the sentence, nearest the figure
    est, pen = _estimator(doc, para, idx)
    for h, hectares, year in records:
        states = [m for m in sent.mentions if m.code in P.COCA_PRODUCERS] or \
            [m for m in sent.mentions if m.code != "USA"]
        anchored = bool(states) or year is not None
        conf = 0.85 - pen - context
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
                                         "estimator": est, "cocaine_tonnes": tonne}, sent, conf,
              anchored=anchored)


_SUBNATIONAL = re.compile(
    r"\b(?:[Ii]n|[Ee]n|within|inside|across)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?"
    r"(?:(?:department|province|region|state|valley|district|departamento|provincia|región|estado|"
    r"valle|trópico|zona|municipio)\s+(?:of|de|del)\s+)?(?P<place>[A-ZÁÉÍÓÚÑ][\w'’-]+)")
_NOT_PLACES = frozenset(
    "UN UNODC ONU SIMCI DEVIDA ONDCP US U.S. USA EU INCSR UNODC's The El La Los Las Its Their "
    "January February March April May June July August September October November December "
    "Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre "
    "Washington Bogotá Lima".split())


_THAT_YEAR = re.compile(r"\b(?:that|the\s+same)\s+year\b|\b(?:ese|aquel|el\s+mismo)\s+(?:mismo\s+)?año\b",
                        re.I)


def _coca_context(doc: _Doc, para: list[_Sent], idx: int) -> bool:
    """Whether coca is the topic: named earlier in the paragraph or in the text just before."""
    r = _res()
    if any(r.coca.search(s.text) for s in para[:idx]):
        return True
    start = para[idx].s
    return bool(r.coca.search(doc.text, max(0, start - 1200), start))


# --------------------------------------------------------------------------------------------
# Trade partner ranks

_CLAUSE_CUT = re.compile(r";|—|,\s+(?:and|but|while|whereas|y|pero|mientras)\s", re.I)
_PLACES = re.compile(
    r"(?:,?\s+with|,?\s+and|,|\s+y|\s+con)\s+(?:the\s+|el\s+|la\s+)?"
    r"(?P<who>[A-ZÁÉÍÓÚ][\w.'’ -]{1,30}?)"
    r"\s+(?:in\s+|at\s+|en\s+|as\s+)?(?:the\s+|el\s+)?(?P<ord>second|third|fourth|fifth|segundo|tercero|"
    r"cuarto|quinto)(?:\s+place|\s+lugar|\s+puesto)?\b")
_NEIGHBOUR = re.compile(
    r"(?:,\s*|\s+)(?:(?P<next>followed\s+(?:closely\s+)?by|ahead\s+of|seguid[oa]\s+(?:de|por)|"
    r"por\s+delante\s+de)|(?P<after>after|behind|trailing|detrás\s+de|después\s+de|tras))\s+"
    r"(?:only\s+|solo\s+)?(?:the\s+|la\s+|el\s+)?", re.I)

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
        if reporter_m is None and before and re.fullmatch(
                r"[\s,]*(?:whose|cuy[oa]s?)\s+(?:the\s+)?", text[before[-1].e:m.start()], re.I):
            reporter_m = before[-1]  # "Ecuador, whose largest export market is the United States"
        if reporter_m is None:  # "el décimo destino de las exportaciones peruanas"
            reporter_m = next((x for x in ms if x.kind == "demonym" and 0 < x.s - m.end() <= 2
                               and text[m.end():x.s].isspace()), None)
        pron = re.search(r"\b(?:its|their|his|her|sus?)\s+(?:\w+\s+)?$", text[max(sent.s, m.start() - 20):m.start()],
                         re.I)
        # partner: the subject, not the state it "surpassed ... as"
        overtaken: list[_Mention] = []  # "overtook Canada and China to become ..."
        for x in before:
            if x not in overtaken and r.overtake.search(text[max(sent.s, x.s - 30):x.s]):
                overtaken += _list_around(sent, x, forward=True)
        cands = [x for x in before if x is not reporter_m and x not in overtaken]
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
        # the year of the rank's own clause ("Venezuela, which bought a fifth of Colombia's
        # exports in 2008, had fallen ..., and the US remained its main partner": not 2008)
        cs = max([sent.s] + [x.end() for x in _CLAUSE_CUT.finditer(text, sent.s, m.start())])
        ce = clause_e if clause_e > m.end() else sent.e
        explicit = [(abs(d.s - m.start()), d.date.year) for d in sent.dates
                    if d.date is not None and d.precision == "year" and cs <= d.s < ce]
        explicit += [(abs(ym.start() - m.start()), int(ym.group("y")))
                     for ym in r.year4.finditer(text, cs, ce)
                     if re.search(r"\b(?:in|en|as\s+of|for|during)\s+$",
                                  text[max(sent.s, ym.start() - 8):ym.start()], re.I)]
        if explicit:
            year = min(explicit)[1]
        else:  # "last year"; a weekday ("figures published on Monday") only as a last resort
            rel = [d for d in sent.dates if d.date is not None and d.relative and cs <= d.s < ce]
            rel.sort(key=lambda d: d.precision != "year")
            year = rel[0].date.year if rel else None
        if year is None and idx > 0 and not sent.dates and not r.vague_time.search(sent.text):
            # "China was Brazil's largest partner in 2023. The US remained its second-largest."
            year = doc.rank_years.get(para[idx - 1].s)
            conf -= 0.1 if year else 0
        if year is not None and any(ym for ym in r.year4.finditer(text, sent.s, sent.e)):
            doc.rank_years[sent.s] = year
        _emit(doc, "trade_partner_ranks", {"reporter": reporter_m.code, "partner": partner_m.code,
                                            "year": year, "rank": rank, "flow": flow}, sent, conf)
        # "Brazil remains Argentina's top partner, with China in second place and the US third"
        for pl in _PLACES.finditer(text, m.end(), ce):
            who = next((x for x in ms if x.s >= pl.start("who") and x.s < pl.end("who")), None)
            place = P.ORDINALS.get(pl.group("ord").lower())
            if who is not None and place and who.code not in (reporter_m.code, partner_m.code):
                _emit(doc, "trade_partner_ranks", {
                    "reporter": reporter_m.code, "partner": who.code, "year": year,
                    "rank": place, "flow": flow}, sent, conf - 0.1)
        # "second-largest trading partner after China", "..., followed by Argentina"
        nb = _NEIGHBOUR.search(text, m.end(), min(clause_e if clause_e > m.end() else sent.e,
                                                  m.end() + 60))
        if nb is not None:
            nxt = next((x for x in ms if x.s >= nb.end()), None)
            between = [x for x in ms if m.end() <= x.s < nb.start()
                       and x is not reporter_m and x is not partner_m]
            step = 1 if nb.group("after") is None else -1
            if nxt is not None and nxt.s - nb.end() <= 1 and not between and \
                    nxt.code not in (reporter_m.code, partner_m.code) and rank + step >= 1:
                _emit(doc, "trade_partner_ranks", {
                    "reporter": reporter_m.code, "partner": nxt.code, "year": year,
                    "rank": rank + step, "flow": flow}, sent, conf - 0.1)
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
    (("certif", "failed demonstrably", "failed to cooperate", "demostrable"), _decertifications),
    (("hect", "coca"), _coca),
    (("partner", "socio", "supplier", "proveedor", "export market", "destination", "destino"),
     _trade),
    (("ambassador", "embajador", "envoy", "charg", "encargad", "diplomat", "diplomátic",
      "consultas", "representative", "representante"), _recalls),
)


_DATELINE = re.compile(
    r"^[ \t]*[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'’/-]{1,60}(?:,\s*[A-Z][\w.]+)?,\s+"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?|"
    r"\d{1,2}\s+(?:de\s+)?[A-Za-z]+(?:\s+de\s+\d{4})?)\s*(?:\([^)\n]{1,40}\))?\s*[-–—]+", re.M)


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
    dl = _DATELINE.search(text, lead_end, lead_end + 1500)
    if dl:
        doc.dateline = (dl.start(), dl.end())
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


def _fill(new: dict[str, Any], src: dict[str, Any], col: str) -> None:
    new[col] = src[col]
    if col in DATE_COLUMNS:
        new[f"{col}_precision"] = src.get(f"{col}_precision")


_RESPONSE_CUE = re.compile(
    r"\b(?:in\s+(?:a\s+)?(?:[\w-]+\s+){0,2}(?:response|retaliation|reply|reprisal)|tit[- ]for[- ]tat|"
    r"reciprocal|reciprocat\w*|retaliat\w*|respond(?:ed|s)|hit\s+back|in\s+kind|in\s+turn|"
    r"en\s+respuesta|como\s+respuesta|en\s+reciprocidad|en\s+represalia|respondi[óo]|"
    r"respondieron|recíproc\w*|reciproc\w*)\b", re.I)


def _responds(para: list[_Sent], idx: int) -> bool:
    """Whether the sentence (or the one before it) presents its event as a response."""
    return any(_RESPONSE_CUE.search(s.text) for s in para[max(0, idx - 1):idx + 1])


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
    filled: list[dict[str, Any]] = []
    penalty: list[float] = []
    for i, c in enumerate(cands):
        x, y = _PAIR[c.table]
        pair = by_pair[(c.table, base[i].get(x), base[i].get(y))].values()
        table, vals = c.table, base[i]
        new = dict(vals)
        pen = 0.0
        timed = c.char_start in doc.timed
        for col in _FILLABLE[table]:
            if new.get(col) is not None:
                continue
            if timed and col in ("event_date", "fiscal_year", "year"):
                continue  # the sentence has a time of its own we could not resolve
            # co-referents of the candidate as completed so far
            # (the candidate itself is among them, harmlessly: it lacks the value)
            peers = [v for v in pair if _coreferent(table, new, v)]
            if table == "decertifications" and col == "event_date" and new.get("fiscal_year"):
                # one determination per actor and fiscal year, whatever the target
                peers += [v for v in by_pair[(table, new.get("actor"), "*")].values()
                          if v.get("fiscal_year") == new["fiscal_year"]
                          and v.get("status") == new.get("status")]
            src = _one_value(peers, col)
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
        if table == "trade_partner_ranks" and new.get("year") is None and doc.ref_year:
            new["year"] = doc.ref_year
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
                  on_progress: Callable[[Path, int, int], None] | None = None,
                  scheduler: str | None = None) -> Iterator[Candidate]:
    """Extract from each file, spreading files over `workers` processes (default: all cores),
    or over the workers of the Dask cluster whose scheduler is at `scheduler`.

    Files are read one at a time in the workers (UTF-8; a file that cannot be read or
    decoded is reported through ``on_error(path, message)`` and skipped). Candidates are
    yielded in the order of `paths`; ``source`` is the path as given. On a cluster, every
    worker must see the files at the same paths (a shared file system) and have
    relations-data installed. ``on_progress(path, files_done, files_total)`` is called after
    each file.
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
    if scheduler is None and (workers <= 1 or total <= 1):
        for b in batches:
            yield from handle(_extract_batch(b, pd))
        return
    with _executor(workers, scheduler) as (pool, slots):
        # A bounded number of batches in flight: a corpus larger than memory streams through.
        pending: deque = deque()
        for b in batches:
            pending.append(pool.submit(_extract_batch, b, pd))
            if len(pending) >= slots * 3:
                yield from handle(pending.popleft().result())
        while pending:
            yield from handle(pending.popleft().result())


class SchedulerUnreachable(ConnectionError):
    """The Dask scheduler named by --scheduler could not be reached."""


@contextlib.contextmanager
def _executor(workers: int, scheduler: str | None):
    """A concurrent.futures executor and its number of parallel slots: local processes, or a
    Dask cluster's workers (Dask's Client.get_executor() speaks the same protocol)."""
    if scheduler is None:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool, workers
        return
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerUnreachable("running on a Dask cluster needs the dask extra: "
                                   "pip install 'relations-data[dask]'") from None
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {scheduler} ({exc}); "
                                   "check the address and that the scheduler is running") from None
    try:
        slots = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        yield client.get_executor(pure=False), slots
    finally:
        client.close()


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
