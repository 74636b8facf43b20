"""Documents, sentences, dates and mentions: the recognisers the table extractors share.

A :class:`_Doc` is one text; its keyword paragraphs are split into :class:`_Sent` sentences,
which find their state mentions and dates lazily."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from relations_data.extract import vocab as P
from relations_data.extract.candidate import Candidate
from relations_data.extract.patterns import patterns as _res
from relations_data.extract.lexicon import rx, words


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
            self._dates = [d for d in _find_dates(self.text, self.s, self.doc.published, self.doc)
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


_TITLE_GAP = rx("text._TITLE_GAP")


# Names left out of the gazetteer as too ambiguous ("Chad" is also a first name) are the
# state where an institution of a state follows or heads them ("Chad's government said",
# "the government of Chad", "el gobierno de Chad")
_AMBIGUOUS_STATE = rx("text._AMBIGUOUS_STATE")
_AMBIGUOUS_CODES = words("ambiguous_states")


def _find_mentions(text: str, offset: int) -> list[_Mention]:
    r = _res()
    out: list[_Mention] = []
    if any(name in text for name in _AMBIGUOUS_CODES):
        extra = [m for m in _AMBIGUOUS_STATE.finditer(text)]
        if extra:
            hidden = text
            for name in _AMBIGUOUS_CODES:  # the recogniser must not see them a second time
                hidden = hidden.replace(name, "\0" * len(name))
            out = _find_mentions(hidden, offset)
            for m in extra:
                g = "a" if m.group("a") else "b"
                nxt = text[m.end(g):m.end(g) + 2]
                out.append(_Mention(m.start(g) + offset, m.end(g) + offset,
                                    _AMBIGUOUS_CODES[m.group(g)], "name", nxt in ("'s", "’s")))
            return sorted(out)
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


def _find_dates(text: str, offset: int, pd: dt.date | None, doc: _Doc | None = None) -> list[_Date]:
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
            elif g["dlast"] and pd is not None:  # "el 1 de marzo del año pasado"
                date = _safe_date(pd.year - 1, mon, day)
            else:
                rel, date = True, _recent(pd, mon, day)
        elif g["my"] or g["smy"]:
            prec = "month"
            date = _safe_date(int(g["y4"] or g["y5"]), _month(g["m4"] or g["m5"]), 1)
        elif g["inmon"] or g["monpas"]:
            prec, rel = "month", True
            date = _recent(pd, _month(g["m6"] or g["m7"]), None)
            if g["iny"] and pd is not None:  # "in September last year": not the last September
                date = _safe_date(pd.year - (1 if g["inlast"] else 0), _month(g["m6"]), 1)
        elif g["rwd"]:
            rel = True
            if pd is not None:
                back = (pd.weekday() - P.WEEKDAYS[g["wd"].lower()]) % 7
                date = pd - dt.timedelta(days=back)
        elif g["anaph"]:
            rel = True
            if doc is not None:
                date = _anaphoric(doc, m.start() + offset, g)
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
    if low in ("anteayer", "the day before yesterday"):
        return pd - dt.timedelta(days=2), "day"
    if low in ("today", "hoy"):
        return pd, "day"
    if g.get("night"):  # "late last night", "anoche": the evening before publication
        return pd - dt.timedelta(days=1), "day"
    if ("week" in low or "semana" in low) and not (g.get("unit") or g.get("unit2")):
        # a week is no day: its month, when the whole week lies in one month
        monday = pd - dt.timedelta(days=pd.weekday())
        if "last" in low or "past" in low or "pasada" in low:
            first, last = monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
        else:
            first, last = monday, pd
        if first.month == last.month:
            return dt.date(first.year, first.month, 1), "month"
        return None, "day"
    if low.endswith("year") or low.endswith("año") or low.endswith("año pasado"):
        past = "last" in low or "pasado" in low
        return dt.date(pd.year - 1 if past else pd.year, 1, 1), "year"
    if low.endswith("month") or "mes" in low:
        if "last" in low or "pasado" in low:
            y, mth = (pd.year, pd.month - 1) if pd.month > 1 else (pd.year - 1, 12)
            return dt.date(y, mth, 1), "month"
        return dt.date(pd.year, pd.month, 1), "month"
    if g.get("unit") or g.get("unit2"):
        n = _count(g["nago"] or g["nago2"])
        days = n * (7 if (g["unit"] or g["unit2"]).lower().startswith(("week", "semana")) else 1)
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


_COUNTS = words("counts")


def _count(word: str) -> int:
    w = word.lower()
    return _COUNTS[w] if w in _COUNTS else int(w)


def _anaphoric(doc: _Doc, pos: int, g: dict) -> dt.date | None:
    """ "Two days earlier", "a day later", "al día siguiente": counted from the last date of
    day precision the text gave before `pos` (none: left empty)."""
    anchor = None
    lo = max(0, pos - 1500)
    for x in _find_dates(doc.text[lo:pos], lo, doc.published):
        if x.date is not None and x.precision == "day" and not doc.dateline[0] <= x.s < doc.dateline[1]:
            anchor = x.date
    if anchor is None:
        return None
    if g["anext"] or g["aprev"]:
        delta = 1 if g["anext"] else -1
    else:
        delta = _count(g["an"]) * (7 if g["au"].lower().startswith(("week", "semana")) else 1)
        if g["adir"].lower().startswith(("earlier", "before", "antes")):
            delta = -delta
    return anchor + dt.timedelta(days=delta)


_LEAD_PREFIX = rx("text._LEAD_PREFIX")
_LEAD_REST = rx("text._LEAD_REST")


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

_BOUNDARY = rx("text._BOUNDARY")
_STARTERS = words("sentence_starters")


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
