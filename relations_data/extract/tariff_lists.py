"""Tariff rates assigned to states one by one, as in an annex, chart or list: "Neighbouring
Cambodia was assigned forty-nine per cent", "Washington asignó a Nicaragua una tasa del 18 %".

Such sentences often lack a tariff word of their own: they continue a tariff announcement the
text has just reported, whose actor and date they share ("En el mismo documento, ..."). They
count only in a tariff context -- a tariff word in the sentence or the one before, or a tariff
threat the text reported shortly before -- and only with a rate stated right after the state.
"""

from __future__ import annotations

import re

from relations_data.extract.numwords import WORD_PERCENT, words_to_number
from relations_data.extract.patterns import patterns as _res
from relations_data.extract.syntax import _emit, _is_modal, _subject, _whole_list
from relations_data.extract.text import _Doc, _Sent, _parse_number
from relations_data.extract.lexicon import rx

_ASSIGN = rx("tariff_lists._ASSIGN")
# the rate right after the state(s): "a rate of 18%", "una tasa del 18 %", "forty-nine per cent"
_RATE = rx("tariff_lists._RATE")
_WINDOW = 1500  # how far back a tariff threat of the text gives the context


def _rate_at(text: str, pos: int, end: int) -> float | int | None:
    r = _res()
    at = _RATE.match(text, pos, end).end()
    p = r.percent.match(text, at, end)
    if p:
        return _parse_number(p.group("n"))
    w = WORD_PERCENT.match(text, at, end)
    return words_to_number(w.group("w")) if w else None


_START_BEFORE = rx("tariff_lists._START_BEFORE")


def _assigned_rates(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    prior = [c for c in doc.out if c.table == "tariff_threats" and sent.s - _WINDOW < c.char_start < sent.s]
    context = prior or r.tariff_word.search(sent.text) or (
        idx > 0 and r.tariff_word.search(para[idx - 1].text))
    if not context:
        return
    for m in _ASSIGN.finditer(text, sent.s, sent.e):
        if _is_modal(sent, m.start()):
            continue
        if m.group("act"):
            first = next((x for x in sent.mentions if 0 <= x.s - m.end() <= 1), None)
            subj = _subject(sent, m.start())
            actor = subj.code if subj is not None else (prior[-1].values["actor"] if prior else None)
        else:
            first = next((x for x in reversed(sent.mentions) if 0 <= m.start() - x.e <= 2), None)
            actor = prior[-1].values["actor"] if prior else None
        if first is None or actor is None:
            continue
        group = [x for x in _whole_list(sent, first) if x.code != actor]
        if not group:
            continue
        end = max(x.e for x in group) if m.group("act") else m.end()
        rate = _rate_at(text, end, min(sent.e, end + 60))
        if rate is None or not 0 < rate <= 1000:
            continue
        # the sentence's own date, else the announcement it continues
        own = [d for d in sent.dates if d.date is not None and not _START_BEFORE.search(text[max(sent.s, d.s - 20):d.s])]
        if own:
            date, prec = own[0].date.isoformat(), own[0].precision
        elif prior and prior[-1].values["actor"] == actor:
            date, prec = prior[-1].values["event_date"], prior[-1].values["event_date_precision"]
        else:
            date, prec = None, None
        for code in dict.fromkeys(x.code for x in group):
            if any(c.char_start == sent.s and c.table == "tariff_threats" and
                   c.values["target"] == code for c in doc.out):
                continue  # the tariff wording of the sentence found it already
            _emit(doc, "tariff_threats", {
                "actor": actor, "target": code, "event_date": date, "event_date_precision": prec,
                "rate_pct": rate}, sent, 0.6 if date else 0.45)
