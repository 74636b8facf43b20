"""Sentence-level helpers shared by the table extractors: modality, who acts (subject,
antecedent, speaker), when (event dates), clause ends, and emitting a candidate."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from relations_data.extract.candidate import Candidate, DATE_COLUMNS, TABLE_COLUMNS
from relations_data.extract.patterns import patterns as _res
from relations_data.extract import discourse_dates as _dd
from relations_data.extract.text import _Date, _Doc, _Mention, _Sent, _find_dates, _split_sentences
from relations_data.extract.lexicon import rx


# --------------------------------------------------------------------------------------------
# Shared helpers


def _is_modal(sent: _Sent, pos: int, back: int = 70) -> bool:
    """Whether the words leading up to a trigger make it hypothetical, intended or denied.

    Only the trigger's own clause counts: a modal in a fronted subordinate clause ("Although
    Mexico could retaliate, Canada recalled ..."), in a clause joined by ", but" / ", and", or
    in a relative clause ("for Ecuador, whose ...") does not scope over it.
    """
    r = _res()
    text = sent.doc.text
    # clause start: the last boundary between the sentence start and the trigger
    a = sent.s
    for m in r.clause_cut.finditer(text, sent.s, pos):
        a = max(a, m.end())
    for m in r.conj_comma.finditer(text, sent.s, pos):
        a = max(a, m.start() + 1)
    for m in r.relative.finditer(text, sent.s, pos):  # the trigger inside a relative clause
        a = max(a, m.start())
    head = sent.s
    for m in re.finditer(r",", text[sent.s:pos]):  # "If talks fail, ..." / "Although ..., "
        c = sent.s + m.start()
        if c >= a and r.subordinate.match(text, head, c):
            a = c + 1
        head = c + 1
    a = max(a, pos - back)
    window = text[a:pos]
    spans = [(d.s - a, d.e - a) for d in sent.dates if d.e > a and d.s < pos]
    spans.append((sent.doc.dateline[0] - a, sent.doc.dateline[1] - a))
    for x, y in spans:  # "May 31" is a date, not a modal; "threatened in 2017 to" threatens
        x, y = max(0, x), min(len(window), y)
        if x < y:
            window = window[:x] + " " * (y - x) + window[y:]
    ms = list(r.modal.finditer(window))
    future = r.future_verb.match(text, pos)  # "Colombia retirará a su embajador"
    if not ms and not future:
        return False
    if any(not r.intent.fullmatch(m.group()) for m in ms):
        return True  # possibility, condition, deliberation, negation
    first = ms[0].start() if ms else len(window)
    return not r.asserting.search(window, 0, first)


# "the government of Peru", "el gobierno de Perú": the state is the head of the subject
_HEAD_OF = rx("syntax._HEAD_OF")
# "... expelled the US ambassador and recalled ...": the trigger's subject is the first verb's
_COORD_PRED = rx("syntax._COORD_PRED")


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


_FIRST_PERSON = rx("syntax._FIRST_PERSON")
_SPEAKER_AFTER = rx("syntax._SPEAKER_AFTER")
_SPEAKER_AFTER2 = rx("syntax._SPEAKER_AFTER2")
_SPEAKER_BEFORE = rx("syntax._SPEAKER_BEFORE")
_RESPONSE = rx("syntax._RESPONSE")


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
        if not r.list_sep.match(gap) and not _repeated_prep(sent, a, gap):
            break
        out.append(ms[j])
        j += step
    return out if forward else out[::-1]


# "to the United States and to Australia", "en Quito y en Lima": the list repeats the
# preposition its first member took
_AND_PREP = rx("syntax._AND_PREP")


def _repeated_prep(sent: _Sent, first: _Mention, gap: str) -> bool:
    m = _AND_PREP.match(gap)
    if m is None:
        return False
    before = sent.rel(max(sent.s, first.s - 12), first.s)
    return bool(re.search(rf"\b{m.group('p')}\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?$", before, re.I))


_CLAUSE_WORD = rx("syntax._CLAUSE_WORD")


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
        if d.s > pos and _OTHER_EVENT.search(between):
            # "..., who had left the country after Oct. 7", "después de que ... el domingo":
            # a date in a clause after the trigger that tells another event
            continue
        sub = list(_DISTANCE.finditer(between)) if d.s < pos else None
        if sub and not re.search(r"[,;]", between[sub[-1].end():]):
            # "China on Wednesday unveiled ..., hours after the administration proposed
            # duties": the trigger is in a subordinate clause, the date the main clause's
            continue
        d = _dd.same_day(sent, d) or d
        score = abs(pos - d.s) + (200 if _CLAUSE_WORD.search(between) else 0)
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
    doc = sent.doc
    if doc.published is not None and _TIMESTAMP.search(doc.text, max(0, para[0].s - 40), para[0].s):
        # a live blog's entry headed "12:05 p.m. ET": it happened on the day of publication
        return _Date(para[0].s, para[0].s, doc.published, "day", True), True
    place_date = _place_date_line(doc, para[0].s)
    if place_date is not None:  # a press release or letter headed "Algiers, 30 July 2024"
        return _Date(para[0].s, para[0].s, place_date, "day", True), True
    following = para[idx + 1:idx + 2] or _next_para(doc, para[-1].e)[:1]
    told = _dd.announced_after(sent, following)
    if told is not None:
        return told, True
    head = _dd.heading_date(doc, para[0].s)
    if head is not None:  # a tracker's entry headed "Turkey (Nov. 4, 2023)"
        return _Date(para[0].s, para[0].s, head, "day", True), True
    return None, False


# "hours after the administration proposed ...": an event dated from the main clause's
_DISTANCE = rx("syntax._DISTANCE")
# A clause after the trigger about another event: its date is that event's ("since" and
# "until" bound the event's own time instead: "the first time since December 1998")
_OTHER_EVENT = rx("syntax._OTHER_EVENT")


# A line that is only a place and a full date ("Algiers, 30 July 2024", "Bogotá, 12 de mayo de
# 2025"): the heading of a statement, whose undated decisions are taken that day
_PLACE_DATE = rx("syntax._PLACE_DATE")


def _place_date_line(doc: _Doc, start: int) -> dt.date | None:
    found = None
    for m in _PLACE_DATE.finditer(doc.text, max(0, start - 1500), start):
        ds = _find_dates(m.group("d"), 0, None)
        if len(ds) == 1 and ds[0].date is not None and ds[0].precision == "day" and \
                not ds[0].relative and ds[0].e - ds[0].s == len(m.group("d")):
            found = ds[0].date
    return found


_TIMESTAMP = rx("syntax._TIMESTAMP")
# a sentence that ends as a question
_QUESTION = rx("syntax._QUESTION")


def _emit(doc: _Doc, table: str, values: dict[str, Any], sent: _Sent, conf: float,
          **meta: Any) -> None:
    """Record a candidate; `meta` (e.g. ``response=True``, ``anchored=False``) guides the
    document-level consolidation in _finish and is not part of the output.

    A question ("Has Indonesia recalled its ambassador?") asserts nothing: no candidate."""
    if _QUESTION.search(sent.text):
        return
    vals = {c: values.get(c) for c in TABLE_COLUMNS[table]}
    for c in DATE_COLUMNS:
        if isinstance(vals.get(c), dt.date):
            vals[c] = vals[c].isoformat()
    doc.out.append(Candidate(table, vals, doc.source, sent.text, sent.s, sent.e,
                             round(max(0.05, min(0.99, conf)), 2)))
    doc.meta.append(meta)
    if (sent.dates or _res().vague_time.search(sent.text)) and not meta.get("untimed"):
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


_PARTICIPLE = rx("syntax._PARTICIPLE")
# "Citing ...,"
_OPENER = rx("syntax._OPENER")


def _main_subject(sent: _Sent, pos: int) -> _Mention | None:
    """The subject of the sentence's main clause (for a participle: ", threatening ...")."""
    r = _res()
    text = sent.doc.text
    start = sent.s
    dl = sent.doc.dateline
    if dl[1] and start <= dl[0] < pos:  # "ANKARA/WASHINGTON, Aug 16 (Wire) - Turkey hit back"
        start = max(start, dl[1])
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


_HEARSAY = rx("syntax._HEARSAY")
_DENIAL = rx("syntax._DENIAL")


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


_CLAUSE_END = rx("syntax._CLAUSE_END")


def _clause_end(sent: _Sent, pos: int) -> int:
    m = _CLAUSE_END.search(sent.doc.text, pos, sent.e)
    return m.start() if m else sent.e


_RESPONSE_CUE = rx("syntax._RESPONSE_CUE")


def _responds(para: list[_Sent], idx: int) -> bool:
    """Whether the sentence (or the one before it) presents its event as a response."""
    return any(_RESPONSE_CUE.search(s.text) for s in para[max(0, idx - 1):idx + 1])
