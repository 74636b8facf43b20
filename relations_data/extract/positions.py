"""Places in a ranking stated after it: "..., with Mexico a close second", "China, which ...,
has slipped to third place", "Estados Unidos se ubicó tercero", "ocupó el cuarto puesto".

Run on a sentence that went to the trade extractor and on the one after it. A position
phrase carries no reporter or flow of its own: it continues the trade rank stated
just before it (in the same sentence or the one before), whose reporter, flow and year it
takes (a year of its own clause, e.g. "this year", wins). The ranked state is the one named
last before the phrase, other than the reporter.
"""

from __future__ import annotations

import re

from relations_data.extract import vocab as P
from relations_data.extract.patterns import patterns as _res
from relations_data.extract.syntax import _emit, _is_modal
from relations_data.extract.text import _Doc, _Sent
from relations_data.extract.lexicon import rx

_ORD = rx("positions._ORD")
POSITION = rx("positions.POSITION")
# a rank noun right after the ordinal: a rank of its own ("was third-largest partner")
_NOUN_AFTER = rx("positions._NOUN_AFTER")

_RANK_NOUN = rx("positions._RANK_NOUN")


def _positions(doc: _Doc, para: list[_Sent], idx: int) -> None:
    sent = para[idx]
    prev_s = para[idx - 1].s if idx > 0 else sent.s
    frames = []
    for c in reversed(doc.out):  # candidates are in text order
        if c.char_start < prev_s:
            break
        if c.table == "trade_partner_ranks" and c.char_start <= sent.s:
            frames.insert(0, c)
    if not frames:
        return
    r = _res()
    text = doc.text
    for pm in POSITION.finditer(text, sent.s, sent.e):
        if _NOUN_AFTER.match(text, pm.end()) or _is_modal(sent, pm.start(), back=40):
            continue
        if r.regional.search(text, pm.end(), min(sent.e, pm.end() + 30)):
            continue  # "second in Latin America"
        frame = [c for c in frames if c.char_start < pm.start()]
        if not frame:
            continue
        fv = frame[-1].values
        before = [m for m in sent.mentions if m.e <= pm.start() and m.code != fv["reporter"]]
        later = [c for c in frames if c.char_start == sent.s and c.char_start < pm.start()]
        if not before:
            continue
        who = before[-1]
        # not across another position phrase or rank noun between the state and the phrase
        gap = text[who.e:pm.start()]
        if POSITION.search(gap) or who.code != fv["partner"] and _RANK_NOUN.search(gap):
            continue
        word = _ORD.search(pm.group()).group().lower()
        rank = P.ORDINALS.get(word) or int(re.match(r"\d+", word).group())
        if any(c.values["partner"] == who.code and c.values["rank"] == rank for c in later):
            continue
        year = fv["year"]
        own = [d for d in sent.dates if d.date is not None and pm.end() <= d.s < pm.end() + 40
               and d.precision == "year"]
        if own:
            year = own[0].date.year
        _emit(doc, "trade_partner_ranks", {"reporter": fv["reporter"], "partner": who.code,
                                            "year": year, "rank": rank, "flow": fv["flow"]},
              sent, frame[-1].confidence - 0.1)
