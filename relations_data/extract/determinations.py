"""Parser of the US presidential drug-certification determinations: one ``decertifications``
candidate per country a determination names.

The determinations are formulaic (data/determinations.yaml holds their wordings). Since 2002
a determination lists the major drug transit or illicit drug producing countries ("I hereby
identify the following countries as major ...: A, B, C."), designates some of them as having
"failed demonstrably", and finds support for programmes in some of those "vital to the
national interests of the United States" (the waiver). Before 2002 it gave three lists:
certified, certified in the vital national interests (coded decertified with a waiver, as
raw/coded/decertifications.yaml explains) and not certified (decertified, no waiver).

The rules are precision-first. A state is proposed only where a list or a designation names
it by name; a listed state not designated is ``certified``; a designated one is
``decertified``, with ``waiver`` true when the waiver sentence names it, false when the
waiver sentence names others and not it, and empty when the text shows no waiver sentence
(most stored texts are excerpts that end before it). Dependent territories the lists name
(Hong Kong, Aruba) are not states and are left out, as the coders left them out.

The quote of a candidate is the verbatim span its values rest on: the list's sentence for a
listed state; for a designated one, from the designation to the end of the waiver sentence
when that decides its waiver. Offsets are those of the original text: the rules read a folded
copy (white space runs as one space, words broken at a line end by a hyphen joined) that
keeps each character's original offset.

Used by ``relations-data extract --determinations``; scored by
benchmarks/determinations_parser.py against the hand-coded rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relations_data.extract.candidate import Candidate
from relations_data.extract.lexicon import load
from relations_data.extract.text import _find_mentions

TABLE = "decertifications"


# --------------------------------------------------------------------------------------------
# The document form, compiled from data/determinations.yaml


@dataclass(frozen=True)
class _ListCue:
    name: str
    status: str
    waiver: bool | None
    rx: re.Pattern[str]


@dataclass(frozen=True)
class _Form:
    actor: str
    lists: tuple[_ListCue, ...]
    colon_within: int
    lead: re.Pattern[str]
    failed: re.Pattern[str]
    waiver: re.Pattern[str]
    quote_lead: re.Pattern[str]
    date: re.Pattern[str]
    determination_date: re.Pattern[str]
    date_line: re.Pattern[str]
    fiscal_year: re.Pattern[str]
    next_fy_from: int
    same_fy_until: int
    not_states: frozenset[str]
    confidence: float
    missing: float


@functools.cache
def _form() -> _Form:
    d = load("determinations")
    exact = set(d["case_sensitive"])

    def rx(key: str, pattern: str) -> re.Pattern[str]:
        return re.compile(pattern.replace("{date}", d["date"]), 0 if key in exact else re.I)

    return _Form(
        actor=d["actor"],
        lists=tuple(_ListCue(c["name"], c["status"], c["waiver"], rx("lists", c["cue"])) for c in d["lists"]),
        colon_within=int(d["colon_within"]),
        lead=rx("designation", d["designation"]["lead"]), failed=rx("designation", d["designation"]["cue"]),
        waiver=rx("waiver", d["waiver"]["cue"]), quote_lead=rx("quote_lead", d["quote_lead"]),
        date=rx("date", d["date"]), determination_date=rx("determination_date", d["determination_date"]),
        date_line=rx("date_line", d["date_line"]), fiscal_year=rx("fiscal_year", d["fiscal_year"]),
        next_fy_from=int(d["next_fiscal_year_from_month"]), same_fy_until=int(d["same_fiscal_year_until_month"]),
        not_states=frozenset(d["not_states"]), confidence=float(d["confidence"]), missing=float(d["missing"]))


# --------------------------------------------------------------------------------------------
# The folded text and its sentences


# A word broken at a line end ("Afghani-\nstan", "Co- lombia" in the Federal Register's
# extracted text), or a white space run; a hyphen with no space after it ("drug-transit") is kept.
_SPACE_OR_BREAK = re.compile(r"(?<=[A-Za-z])-\s+(?=[a-z])|\s+")
_STOP = re.compile(r"[.!?][\"”’')\]]*(?=\s|$)")


@dataclass(frozen=True)
class _Flat:
    """The folded text; ``at[i]`` is the original offset of its character i."""

    text: str
    at: list[int]
    starts: list[int]  # where sentences start: after a full stop, or after a blank line
    stops: list[int]  # where sentences end: just after each full stop

    def original(self, s: int, e: int) -> tuple[int, int]:
        return self.at[s], self.at[e - 1] + 1

    def sentence_start(self, pos: int) -> int:
        return max((b for b in self.starts if b <= pos), default=0)

    def sentence_end(self, pos: int) -> int | None:
        """End of the sentence holding `pos`, or None where the text stops inside it."""
        return next((b for b in self.stops if b > pos), None)


def _flatten(text: str) -> _Flat:
    from relations_data.extract.vocab import ABBREVIATIONS

    parts: list[str] = []
    at: list[int] = []
    paragraphs: list[int] = []
    last = 0
    for m in _SPACE_OR_BREAK.finditer(text):
        parts.append(text[last:m.start()])
        at.extend(range(last, m.start()))
        if not m.group().startswith("-"):
            if m.group().count("\n") >= 2:
                paragraphs.append(len(at) + 1)
            parts.append(" ")
            at.append(m.start())
        last = m.end()
    parts.append(text[last:])
    at.extend(range(last, len(text)))
    flat = "".join(parts)
    stops = []
    for m in _STOP.finditer(flat):
        word = flat[flat.rfind(" ", 0, m.start()) + 1:m.start()].lstrip("([\"“'")
        after = flat[m.end() + 1:m.end() + 2]
        # "No. 2017-12", "22 U.S.C. 2291", "P.L. 107": a full stop inside an abbreviation
        if word.lower() in ABBREVIATIONS or len(word) == 1 or "." in word or after.islower() or after.isdigit():
            continue
        stops.append(m.end())
    starts = sorted({0, *(s + 1 for s in stops), *paragraphs})
    return _Flat(flat, at, starts, stops)


# --------------------------------------------------------------------------------------------
# Findings


@dataclass
class _Finding:
    code: str
    status: str
    waiver: bool | None
    start: int  # folded offsets of the quote
    end: int
    rule: str


@dataclass
class Parsed:
    """What the parser read in one text: its candidates, and what it left out and why
    (list items naming no state it knows, territories, conflicting lists)."""

    candidates: list[Candidate]
    skipped: list[str] = field(default_factory=list)
    event_date: dt.date | None = None
    fiscal_year: int | None = None


def _names(flat: _Flat, s: int, e: int, actor: str) -> list[tuple[str, int, int]]:
    """States named by name (not demonym or leader) in flat[s:e]: (code, start, end)."""
    return [(m.code, m.s, m.e) for m in _find_mentions(flat.text[s:e], s) if m.kind == "name" and m.code != actor]


def _quote_start(flat: _Flat, form: _Form, pos: int) -> int:
    s = flat.sentence_start(pos)
    # the last one: a Federal Register page's running head ("Title 3— The President") may
    # sit in the same "sentence" as the first paragraph
    leads = list(form.quote_lead.finditer(flat.text, s, pos + 1))
    return leads[-1].start() if leads else s


_ITEM_SEPARATOR = re.compile(r",\s*(?:and\s+)?|;\s*|\s+and\s+")


def _lists(flat: _Flat, form: _Form, skipped: list[str]) -> list[_Finding]:
    out = []
    for cue in form.lists:
        for m in cue.rx.finditer(flat.text):
            colon = flat.text.find(":", m.end(), m.end() + form.colon_within)
            end = flat.sentence_end(m.end())
            if colon < 0 or (end is not None and end <= colon):
                continue  # no list in this sentence
            end = flat.sentence_end(colon)
            list_end = len(flat.text) if end is None else end
            if end is None:
                skipped.append(f"{cue.name} list: the text ends inside it; a state cut off is missing")
            start = _quote_start(flat, form, m.start())
            pos = colon + 1
            body_end = list_end - 1 if end is not None else list_end
            items = [(pos, pos)]
            for sep in _ITEM_SEPARATOR.finditer(flat.text, pos, body_end):
                items[-1] = (items[-1][0], sep.start())
                items.append((sep.end(), sep.end()))
            items[-1] = (items[-1][0], body_end)
            for s, e in items:
                item = flat.text[s:e].strip()
                if not item:
                    continue
                named = _names(flat, s, e, form.actor)
                if not named:
                    skipped.append(f"{cue.name} list: {item!r} names no state the gazetteer knows")
                for code, _, _ in named:
                    if code in form.not_states:
                        skipped.append(f"{cue.name} list: {item!r} ({code}) is not a state")
                        continue
                    out.append(_Finding(code, cue.status, cue.waiver, start, list_end, cue.name))
    return out


def _designations(flat: _Flat, form: _Form) -> list[_Finding]:
    out = []
    for m in form.failed.finditer(flat.text):
        s = flat.sentence_start(m.start())
        leads = list(form.lead.finditer(flat.text, s, m.start()))
        if not leads:
            continue  # "the countries that have failed demonstrably": none designated here
        lead = leads[-1]
        end = flat.sentence_end(m.start()) or m.end()
        start = _quote_start(flat, form, lead.start())
        for code, _, _ in _names(flat, lead.end(), m.start(), form.actor):
            if code not in form.not_states:
                out.append(_Finding(code, "decertified", None, start, end, "designation"))
    return out


def _waivers(flat: _Flat, form: _Form, designated: list[_Finding]) -> None:
    """Set the waiver of each designated state from the waiver sentences after the designation."""
    if not designated:
        return
    codes = {f.code for f in designated}
    first = min(f.start for f in designated)
    named: set[str] = set()
    decided_end = None
    for m in form.waiver.finditer(flat.text, first):
        s = flat.sentence_start(m.start())
        here = {code for code, _, _ in _names(flat, s, m.start(), form.actor)} & codes
        if not here:
            continue  # a waiver sentence naming none of the designated states decides nothing
        named |= here
        decided_end = flat.sentence_end(m.start()) or m.end()
    if decided_end is None:
        return
    for f in designated:
        f.waiver = f.code in named
        f.end = max(f.end, decided_end)


def _resolve(findings: list[_Finding], skipped: list[str]) -> list[_Finding]:
    """One finding per state: a decertification outranks a listing as major; two lists that
    disagree on the waiver leave it empty."""
    by_code: dict[str, _Finding] = {}
    for f in findings:
        old = by_code.get(f.code)
        if old is None or (old.status == "certified" and f.status == "decertified"):
            by_code[f.code] = f
        elif old.status == f.status == "decertified" and old.waiver != f.waiver and f.waiver is not None:
            if old.waiver is None:
                old.waiver = f.waiver
            else:
                skipped.append(f"{f.code}: the {old.rule} and {f.rule} lists disagree on the waiver; left empty")
                old.waiver = None
    return list(by_code.values())


# --------------------------------------------------------------------------------------------
# Date and fiscal year


def _date_of(match: re.Match[str] | None) -> dt.date | None:
    from relations_data.extract.vocab import MONTHS

    if match is None:
        return None
    month = MONTHS.get(match.group("month").lower().rstrip("."))
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day"))) if month else None
    except ValueError:
        return None


def _event_date(text: str, flat: _Flat, form: _Form, first_list: int | None) -> dt.date | None:
    """The determination's own date: by its number, else a dateline before the first list."""
    found = _date_of(form.determination_date.search(flat.text))
    if found:
        return found
    head = text[:flat.at[first_list]] if first_list is not None else text
    for line in head.splitlines():
        found = _date_of(form.date_line.fullmatch(line))
        if found:
            return found
    return None


def _fiscal_year(flat: _Flat, form: _Form, date: dt.date | None) -> int | None:
    m = form.fiscal_year.search(flat.text)
    if m:
        return int(m.group("year"))
    if date is None:
        return None
    if date.month >= form.next_fy_from:
        return date.year + 1
    if date.month <= form.same_fy_until:
        return date.year
    return None


# --------------------------------------------------------------------------------------------
# Parser


def parse_determination(text: str, source: str = "<text>") -> Parsed:
    """The decertifications candidates a determination's text gives, one per state it names."""
    form = _form()
    flat = _flatten(text)
    skipped: list[str] = []
    listed = _lists(flat, form, skipped)
    designated = _designations(flat, form)
    _waivers(flat, form, designated)
    findings = _resolve(designated + listed, skipped)
    first = min((f.start for f in listed + designated), default=None)
    date = _event_date(text, flat, form, first)
    fiscal = _fiscal_year(flat, form, date)
    candidates = []
    for f in sorted(findings, key=lambda f: (f.start, f.rule != "designation")):
        s, e = flat.original(f.start, f.end)
        values: dict[str, Any] = {
            "actor": form.actor, "target": f.code, "event_date": date.isoformat() if date else None,
            "event_date_precision": "day" if date else None, "fiscal_year": fiscal,
            "status": f.status, "waiver": f.waiver}
        gaps = (date is None) + (fiscal is None) + (f.status == "decertified" and f.waiver is None)
        candidates.append(Candidate(TABLE, values, source, text[s:e], s, e,
                                    round(form.confidence - form.missing * gaps, 2)))
    return Parsed(candidates, skipped, date, fiscal)


def parse_paths(paths: Iterable[Path], on_error: Callable[[Path, str], None],
                on_note: Callable[[Path, str], None] | None = None) -> Iterator[Candidate]:
    """Parse each file as a determination, in order. A file that cannot be read, or in which
    no list or designation is found, goes to ``on_error(path, message)`` and is skipped;
    what a parse left out (a territory, an item naming no known state) to ``on_note``."""
    for path in paths:
        try:
            data = path.read_bytes()
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            on_error(path, f"not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}): convert it first, "
                           f"e.g. iconv -f latin1 -t utf-8 {path} > converted.txt")
            continue
        except OSError as exc:
            on_error(path, f"cannot be read ({exc.strerror or exc})")
            continue
        parsed = parse_determination(text, str(path))
        if not parsed.candidates:
            on_error(path, "no list of major drug transit or producing countries and no \"failed demonstrably\" "
                           "designation found: is it a US drug-certification determination?")
            continue
        for note in parsed.skipped if on_note else ():
            on_note(path, note)
        yield from parsed.candidates
