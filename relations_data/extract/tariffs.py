"""Extractor of ``tariff_threats``."""

from __future__ import annotations

import re

from relations_data.extract.numwords import WORD_PERCENT, words_to_number
from relations_data.extract.patterns import patterns as _res
from relations_data.extract.syntax import (
    _PARTICIPLE, _clause_end, _clean_phrase, _denied_report, _emit, _event_date,
    _fallback_actor, _is_modal, _main_subject, _next_para, _other_state, _responds, _subject,
    _whole_list,
)
from relations_data.extract.tariff_lists import _assigned_rates
from relations_data.extract.text import _Doc, _Mention, _Sent, _parse_number
from relations_data.extract.lexicon import rx, words


# --------------------------------------------------------------------------------------------
# Tariff threats


_THREAT_NOUN_AFTER = rx("tariffs._THREAT_NOUN_AFTER")
_PROGRESSIVE_TRIGGER = rx("tariffs._PROGRESSIVE_TRIGGER")
_FROM_AGENT = rx("tariffs._FROM_AGENT")


def _tariffs(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    done: set[tuple[str, str]] = set()
    for tw in r.tariff_word.finditer(text, sent.s, sent.e):
        # a threat verb before the tariff word in the same clause, or "tariff threat" after it
        # (up to the tariff word's end: "doubling import duties" looks ahead at its noun)
        verbs = [v for v in r.tariff_verb.finditer(text, max(sent.s, tw.start() - 90), tw.end())
                 if v.end() <= tw.start()
                 and not re.search(r";\s|(?<![A-Z])\.\s", text[v.end():tw.start()])]  # not "U.S. "
        nominal_after = _THREAT_NOUN_AFTER.match(text[tw.end():tw.end() + 12])
        conf = 0.85
        trig: re.Match | None = verbs[-1] if verbs else None
        actor_m: _Mention | None = None
        if trig is not None and trig.group("noun") is None:
            if _is_modal(sent, trig.start()) or _denied_report(sent, trig.start()):
                continue
            if trig.group("ann"):
                conf -= 0.25
            if _PARTICIPLE.search(text, max(sent.s, trig.start() - 3), trig.start()) and \
                    _PROGRESSIVE_TRIGGER.match(trig.group()):
                # "Trump sent letters to A, B and C, threatening tariffs": the main subject
                actor_m = _main_subject(sent, trig.start())
            else:
                actor_m = _subject(sent, trig.start())
            trig_pos = trig.start()
        elif trig is None and not nominal_after and _future_start(sent, tw):
            # "a 35% tariff from Aug. 1", "un arancel de 30 % a partir del 1 de agosto": a rate
            # set to apply from a coming date is announced, not yet in force
            if _is_modal(sent, tw.start(), back=40):
                continue
            poss = [m for m in sent.mentions if m.poss and tw.start() - 25 <= m.e <= tw.start()]
            frm = _LETTER_FROM.search(text, sent.s, tw.start())  # "la carta de Trump"
            sender = next((m for m in sent.mentions if frm and m.s == frm.end()), None)
            # the first state named before it that is no object of a preposition, nor in
            # apposition to one ("a letter to Canada's prime minister, Mark Carney, with ...")
            objs = [m for m in sent.mentions if m.e <= tw.start() and
                    r.prep_before.search(text, max(sent.s, m.s - 12), m.s)]
            free = [m for m in sent.mentions if m.e <= tw.start() and m not in objs and not (
                re.search(r",\s*$", text[max(sent.s, m.s - 3):m.s]) and
                any(0 <= m.s - o.e <= 45 for o in objs))]
            poss = [m for m in poss if m in free]  # not "a letter to Serbia's president"
            actor_m = poss[-1] if poss else sender or (free[0] if free else None)
            if actor_m is None:  # the state the text has shown setting tariffs
                prior = [c for c in doc.out if c.table == "tariff_threats" and c.char_start < sent.s]
                actor_m = _Code(prior[-1].values["actor"]) if prior else None
            pc = list(r.percent.finditer(text, max(sent.s, tw.start() - 40), tw.start()))
            trig_pos = pc[-1].start() if pc else tw.start()  # "a 35% tariff from Aug. 1"
            conf -= 0.25
        elif trig is not None or nominal_after:
            # "threats of tariffs ... from President Trump", "a reciprocal tariff warning from Petro"
            anchor_s = trig.start() if trig is not None else tw.start()
            anchor_e = tw.end() + (nominal_after.end() if nominal_after else 0)
            if _is_modal(sent, anchor_s, back=40):
                continue
            tail = text[anchor_e:min(sent.e, anchor_e + 60)]
            fm = _FROM_AGENT.search(tail)
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
        rates += [] if rates else [words_to_number(w.group("w"))
                                   for w in WORD_PERCENT.finditer(text, trig_pos, clause_end)]
        rates = [x for x in rates if x is not None and 0 < x <= 1000]
        if _RESPECTIVELY.search(text, trig_pos, clause_end):
            rates = []  # "to 50 percent and 20 percent respectively": a rate per product
        rate = rates[0] if rates else None
        esc = next((x for x in rates[1:] if rate is not None and x > rate), None)
        # "announced ... a tariff starting Nov. 1", "a partir del 1 de agosto": when it would
        # take effect (or a deadline), not when it was threatened
        start = tuple((d.s, d.e) for d in sent.dates
                      if _EFFECTIVE.search(text, max(sent.s, d.s - 25), d.s))
        date, carried = _event_date(para, idx, trig_pos, exclude=start)
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
        # a sentence whose only dates say when the tariff would apply has no time of its own
        untimed = date is None and bool(start) and len(start) == len(sent.dates)
        for code in targets:
            _emit(doc, "tariff_threats", {**values, "actor": actor, "target": code}, sent,
                  conf - (0.05 if len(targets) > 1 else 0), response=response, untimed=untimed)
    if _ASSIGN_WORD.search(sent.text):
        _assigned_rates(doc, para, idx)


_ASSIGN_WORD = rx("tariffs._ASSIGN_WORD")


_RESPECTIVELY = rx("tariffs._RESPECTIVELY")


def _Code(code: str) -> _Mention:
    """A state carried from an earlier candidate: no place in the sentence."""
    return _Mention(-1, -1, code, "carried", False)


_START = rx("tariffs._START")


_LETTER_FROM = rx("tariffs._LETTER_FROM")


def _future_start(sent: _Sent, tw: re.Match) -> bool:
    """A rate and a coming start date in the tariff's clause: "25% ... from Aug. 1"."""
    r = _res()
    text = sent.doc.text
    a, b = max(sent.s, tw.start() - 40), _clause_end(sent, tw.end())
    st = _START.search(text, tw.end(), min(sent.e, tw.end() + 120))
    if st is None or st.start() >= b or not (r.percent.search(text, a, st.start()) or
                                              WORD_PERCENT.search(text, a, st.start())):
        return False
    d = next((d for d in sent.dates if d.s >= st.start() and d.date is not None), None)
    pd = sent.doc.published
    if d is None or pd is None or not re.search(r"\d{4}", text[d.s:d.e]):
        return True  # a month and day without a year: the coming one
    return d.date >= pd


_EFFECTIVE = rx("tariffs._EFFECTIVE")
# an outcome word inside the threat's condition ("unless Beijing withdrew its levies")
_CONDITION = rx("tariffs._CONDITION")


_PRODUCT_TARIFF = rx("tariffs._PRODUCT_TARIFF")


_GOODS = rx("tariffs._GOODS")


_NAMED_GOODS = rx("tariffs._NAMED_GOODS")
_NOT_GOODS = words("tariff_not_goods")


_ON_GOODS = rx("tariffs._ON_GOODS")
_FROM_ORIGIN = rx("tariffs._FROM_ORIGIN")


def _tariff_scope(text: str, pos: int, end: int) -> str | None:
    seg = text[pos:end]
    m = _ON_GOODS.search(seg)
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
    if phrase.split()[0].lower() in _NOT_GOODS:
        return None  # "a partir del 7 de agosto", "on from ..."
    frm = _FROM_ORIGIN.search(phrase)
    if frm and not r.country.match(frm.group(1)):  # "goods from August 1": no origin
        phrase = phrase[:frm.start()]
    words = [w.strip(".") for w in re.findall(r"[\w’'.\-]+", phrase.lower())]
    generic = {"all", "the", "goods", "exports", "imports", "products", "merchandise", "from",
               "todos", "los", "las", "la", "productos", "bienes", "importaciones",
               "exportaciones", "mercancías", "their", "its"}
    rest = [w for w in words if w not in generic]
    if not rest or all(r.country.fullmatch(w) or r.country.fullmatch(w.capitalize()) or
                       r.country.fullmatch(w.upper()) or r.country.fullmatch(w.upper() + ".")
                       for w in rest):  # "U.S. goods" -> "u.s"
        if any(w in words for w in ("goods", "exports", "imports", "products", "merchandise",
                                    "productos", "bienes", "importaciones", "exportaciones",
                                    "mercancías")):
            return "all goods"
        return None
    if r.country.fullmatch(phrase) or r.country.match(seg, g.start("p")) and not rest[1:]:
        return None  # "a Costa Rica a partir de ...": the target, not the goods
    return phrase


_PROMPTING = rx("tariffs._PROMPTING")
_UP_TO_BY = rx("tariffs._UP_TO_BY")


def _tariff_trigger(sent: _Sent, trig_pos: int, pos: int) -> str | None:
    r = _res()
    m = r.tariff_trigger.search(sent.doc.text, pos, sent.e)
    if m:
        return _clean_phrase(m.group("r"))
    pre = sent.rel(sent.s, trig_pos)
    m2 = _PROMPTING.search(pre)
    if m2:
        phrase = _UP_TO_BY.sub("", m2.group("r"))
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
        w = r.tariff_outcome_withdrawn.search(text, a, b)
        if w and not (a == pos and _CONDITION.search(text, a, w.start())):
            return "withdrawn"
    return None
