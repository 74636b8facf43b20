"""Trade ranks whose reporter or partner the rank phrase does not name next to it.

Helpers of :mod:`relations_data.extract.trade`:

* "the country's" / "del país": the reporter is the state the text is talking about -- the
  one named last before the phrase other than the partner, in the sentence or, failing that,
  in the sentences before it ("Aunque México no figura entre los destinos de las ventas
  ecuatorianas, ... Estados Unidos sigue siendo el principal socio comercial del país");
* "..., making it the country's largest export market": the partner is the subject of the
  sentence, not the state named last;
* "..., ranking first among its suppliers", "ocupó el segundo lugar entre sus proveedores":
  a rank stated as a place among the reporter's partners;
* "for canola it is the biggest customer": a rank for one commodity, fronted.
"""

from __future__ import annotations

import re

from relations_data.extract import vocab as P
from relations_data.extract.patterns import patterns as _res
from relations_data.extract.text import _Mention, _Sent
from relations_data.extract.lexicon import rx, words

_COUNTRY_BEFORE = rx("trade_context._COUNTRY_BEFORE")
_COUNTRY_AFTER = rx("trade_context._COUNTRY_AFTER")
_MAKING = rx("trade_context._MAKING")
AMONG = rx("trade_context.AMONG")
_AMONG_FLOW = words("trade_among_flow")
_FRONTED = rx("trade_context._FRONTED")
_NOT_COMMODITY = words("trade_not_commodity")


def country_anaphor(text: str, start: int, end: int) -> bool:
    """Whether the rank phrase at start..end has "the country('s)" / "del país" as reporter."""
    return bool(_COUNTRY_BEFORE.search(text, max(0, start - 40), start)
                or _COUNTRY_AFTER.match(text, end))


def making_it(text: str, sent: _Sent, start: int) -> _Mention | None:
    """ "X bought ..., making it the country's largest export market": X, the sentence's
    subject (its first state named outside a prepositional phrase)."""
    if not _MAKING.search(text, max(sent.s, start - 60), start):
        return None
    return first_subject(sent, start)


def first_subject(sent: _Sent, start: int) -> _Mention | None:
    """The first state named before `start` outside a prepositional phrase."""
    text = sent.doc.text
    r = _res()
    for m in sent.mentions:
        if m.e > start:
            break
        if not r.prep_before.search(text, max(sent.s, m.s - 12), m.s):
            return m
    return None


def reporter_before(para: list[_Sent], idx: int, pos: int, partner: str) -> _Mention | None:
    """The state named last before `pos` other than the partner: in the sentence, else in the
    two sentences before it."""
    sent = para[idx]
    for m in reversed([m for m in sent.mentions if m.e <= pos]):
        if m.code != partner:
            return m
    for s in reversed(para[max(0, idx - 2):idx]):
        for m in reversed(s.mentions):
            if m.code != partner:
                return m
    return None


def fronted_commodity(text: str, a: int, start: int) -> bool:
    """ "..., and for canola it is the biggest customer": one commodity's rank."""
    m = _FRONTED.search(text, max(a, start - 60), start)
    return bool(m and m.group("w").lower() not in _NOT_COMMODITY)


def among(sent: _Sent) -> list[tuple[re.Match, int, str]]:
    """Each "ranking first among its suppliers" of the sentence: (match, rank, flow)."""
    out = []
    for m in AMONG.finditer(sent.doc.text, sent.s, sent.e):
        rank = P.ORDINALS.get(m.group("ord").lower())
        flow = _AMONG_FLOW[m.group("noun").split()[0].lower()]
        if rank:
            out.append((m, rank, flow))
    return out
