"""Extractor of ``tariff_threats``."""

from __future__ import annotations

import re

from relations_data.extract.patterns import patterns as _res
from relations_data.extract.syntax import (
    _PARTICIPLE, _clause_end, _clean_phrase, _denied_report, _emit, _event_date,
    _fallback_actor, _is_modal, _main_subject, _next_para, _other_state, _responds, _subject,
    _whole_list,
)
from relations_data.extract.text import _Doc, _Mention, _Sent, _parse_number


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
                    re.match(r"(?:threatening|warning|announcing|ordering|decreeing|amenazando|advirtiendo|"
                             r"anunciando|ordenando|decretando)\b", trig.group(), re.I):
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


_GOODS = re.compile(r"(?:on\s+|a\s+|sobre\s+)(?P<p>(?:all\s+|todos?\s+los\s+|las?\s+|los\s+|the\s+)?"
                    r"(?:[\w’'.\-]+\s+){0,4}?(?:goods|exports|imports|products|merchandise|"
                    r"productos|bienes|importaciones|exportaciones|mercancías)(?:\s+from\s+(?:the\s+)?[A-Z][\w.]*)?|"
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
    frm = re.search(r"\s+from\s+(?:the\s+)?(\S+)$", phrase)
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
