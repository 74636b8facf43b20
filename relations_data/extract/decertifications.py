"""Extractor of ``decertifications``."""

from __future__ import annotations

import re

from relations_data.extract.patterns import patterns as _res
from relations_data.extract.syntax import (
    _clause_end, _emit, _event_date, _is_modal, _list_around, _next_para, _subject,
)
from relations_data.extract.text import _Date, _Doc, _Mention, _Sent
from relations_data.extract.lexicon import rx


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


_ALONGSIDE = rx("decertifications._ALONGSIDE")


_WHICH = rx("decertifications._WHICH")
_PRONOUN_OBJ = rx("decertifications._PRONOUN_OBJ")


# "no fueron certificados", "were not certified", "wasn't certified"
_NOT_CERT = rx("decertifications._NOT_CERT")
# "una resolución para descertificar a México", "a bill to decertify": a purpose, not an act
_PURPOSE = rx("decertifications._PURPOSE")


_RELATIVE_OPEN = rx("decertifications._RELATIVE_OPEN")


def _in_relative(sent: _Sent, m: _Mention, pos: int) -> bool:
    """Whether `m` is inside a relative clause closed before `pos`: "Bolivia, que ... la
    misma suerte que Colombia, también fue certificada" (the subject is Bolivia)."""
    text = sent.doc.text
    for rel in _RELATIVE_OPEN.finditer(text, sent.s, m.s):
        close = text.rfind(",", m.e, pos)
        if close >= 0 and rel.end() <= m.s and not _RELATIVE_OPEN.match(text, close):
            return True
    return False


_EXCEPT = rx("decertifications._EXCEPT")


_WAIVER_STEM = rx("decertifications._WAIVER_STEM")


def _waivers(nxt: _Sent, targets: set[str]) -> dict[str, bool]:
    """Waivers granted in the sentence after a decertification ("The determination waived the
    consequences for Burma and Bolivia but not for Venezuela"): target -> waived or not."""
    r = _res()
    w = r.waiver_yes.search(nxt.text)
    nos = [(m.start(), m.end()) for m in r.waiver_no.finditer(nxt.text)]
    if nos and not r.decert.search(nxt.text) and all(
            any(a <= y.start() < b for a, b in nos) for y in r.waiver_yes.finditer(nxt.text)):
        return {code: False for code in targets}  # "No waiver was granted to either."
    if w is None or r.waiver_no.search(nxt.text) or (
            r.decert.search(nxt.text) and not _WAIVER_STEM.search(nxt.text)):
        return {}
    out: dict[str, bool] = {}
    exc = _EXCEPT.search(nxt.doc.text, nxt.s, nxt.e)
    for m in nxt.mentions:
        if m.code in targets:
            out.setdefault(m.code, not (exc is not None and m.s > exc.start()))
    return out


# The statute's finding in other words: "designates A, B and C as countries that failed to
# meet their counternarcotics obligations", "países que incumplieron sus obligaciones
# antidrogas" (the states named before it, like "failed demonstrably")
_FAILED_OBLIGATIONS = rx("decertifications._FAILED_OBLIGATIONS")


_TARGET_LIST_STOP = rx("decertifications._TARGET_LIST_STOP")
_BY_AGENT = rx("decertifications._BY_AGENT")
_FAILED_WORDING = rx("decertifications._FAILED_WORDING")
_ADVERB_GAP = rx("decertifications._ADVERB_GAP")
_DESIGNATED = rx("decertifications._DESIGNATED")


def _decertifications(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    trigs = sorted([*r.decert.finditer(text, sent.s, sent.e),
                    *_FAILED_OBLIGATIONS.finditer(text, sent.s, sent.e)], key=lambda m: m.start())
    for t in trigs:
        status = "certified" if t.group("cert") else "decertified"
        negated = False
        if status == "certified" and t.group("cert").lower().startswith("certificad") \
                and not t.group("pass") and not _NOT_CERT.search(text, max(sent.s, t.start() - 25), t.start()):
            continue  # "el certificado": a noun, not "fue certificada"
        if status == "certified" and _NOT_CERT.search(text, max(sent.s, t.start() - 25), t.start()):
            # "Paraguay y Pakistán no fueron certificados", "was not certified": the
            # negated certification is the decertification, not a statement to drop
            status, negated = "decertified", True
        elif _is_modal(sent, t.start()) or _PURPOSE.search(text, max(sent.s, t.start() - 40), t.start()):
            continue
        conf = 0.7 if "cooperate" in t.group().lower() else 0.85
        passive = negated or bool(t.group("pass")) or bool(_FAILED_WORDING.search(t.group()))
        nominal = bool(t.group("nom"))
        ms = sent.mentions
        end = _clause_end(sent, t.end())
        stop = _TARGET_LIST_STOP
        targets: list[_Mention] = []
        actor_m: _Mention | None = None
        if passive or (nominal and t.group().lower().startswith(("'", "’"))):
            before = [m for m in ms if m.e <= t.start() and not r.prep_before.search(
                text[max(sent.s, m.s - 12):m.s])]
            if not before:  # "went only to Bolivia, which ... had failed demonstrably"
                before = [m for m in ms if m.e <= t.start() and _WHICH.match(text, m.e, t.start())][-1:]
            before = [m for m in before if not _in_relative(sent, m, t.start())]
            if before:
                targets = _list_around(sent, before[-1], forward=False)
            by = _BY_AGENT.match(text[t.end():t.end() + 12])
            if by:
                actor_m = next((m for m in ms if m.s >= t.end() + by.end() - 1), None)
            elif targets:
                pre = [m for m in ms if m.e <= targets[0].s and m not in targets]
                if pre and _DESIGNATED.search(sent.rel(pre[-1].e, targets[0].s)):
                    actor_m = pre[-1]
        else:
            sm = stop.search(text, t.end(), end)
            region_end = sm.start() if sm else end
            after = [m for m in ms if t.end() <= m.s < region_end]
            gap = text[t.end():after[0].s] if after else ""
            for d in sent.dates:  # "descertificó este lunes a Colombia"
                if t.end() <= d.s and d.e <= t.end() + len(gap):
                    gap = gap[:d.s - t.end()] + " " * (d.e - d.s) + gap[d.e - t.end():]
            if after and _ADVERB_GAP.fullmatch(gap):
                targets = _list_around(sent, after[0], forward=True)
            actor_m = _subject(sent, t.start()) if not nominal else None
            if nominal:
                pre = [m for m in ms if m.e <= t.start() and m.poss]
                actor_m = pre[-1] if pre else _subject(sent, t.start())
                conf -= 0.1
        if not targets and not passive and not nominal:
            # "since Washington first decertified it in 2008": the state the pronoun stands for
            pron = _PRONOUN_OBJ.match(text, t.end())
            ante = [m for m in ms if m.e <= t.start()] if pron else []
            subj = _subject(sent, t.start()) if ante else None
            ante = [m for m in ante if subj is None or m.code != subj.code]
            if ante:
                targets = [ante[-1]] if pron.group(1).lower() == "it" else \
                    _list_around(sent, ante[-1], forward=False)
                conf -= 0.1
        if targets and status == "decertified":
            # "... had failed demonstrably, placing it alongside Venezuela and Burma"; "a
            # Bolivia, junto con Venezuela, entre los países que fracasaron ..."
            alongside = [*_ALONGSIDE.finditer(text, targets[-1].e, t.start())] if passive else []
            for al in alongside + [*_ALONGSIDE.finditer(text, t.end(), sent.e)]:
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
        waived: dict[str, bool] = {}
        wy = r.waiver_yes.search(text, sent.s, sent.e) if status == "decertified" else None
        if status == "decertified":
            if r.waiver_no.search(sent.text):
                waiver = False
            elif wy is not None:
                waiver = True
                # "... though he waived the aid penalties for Burma": only the states it names
                named = {m.code for m in ms if wy.start() <= m.s < wy.end() + 80} & {m.code for m in targets}
                if named and len(named) < len({m.code for m in targets}):
                    waiver, waived = None, dict.fromkeys(named, True)
        # "... En el caso de Colombia, el gobierno otorgó una exención": the next sentence
        # grants a waiver to one of the states named
        if status == "decertified" and waiver is None and not waived:
            # (or the one after it: a memorandum's next paragraph states the waiver)
            nxt = (para[idx + 1:idx + 3] + _next_para(doc, para[-1].e))[:2]
            for s in nxt:
                waived = _waivers(s, {m.code for m in targets})
                if waived:
                    break
        for code in dict.fromkeys(m.code for m in targets):
            if code == actor:
                continue
            _emit(doc, "decertifications", {
                "actor": actor, "target": code,
                "event_date": date.date if date else None,
                "event_date_precision": date.precision if date else None,
                "fiscal_year": fy, "status": status, "waiver": waived.get(code, waiver),
            }, sent, conf - (0.15 if fy is None else 0))
