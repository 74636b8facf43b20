"""Extractor of ``trade_partner_ranks``."""

from __future__ import annotations

import re

from relations_data.extract import vocab as P
from relations_data.extract.patterns import patterns as _res
from relations_data.extract.syntax import _clause_end, _emit, _is_modal, _list_around
from relations_data.extract import trade_context as tc
from relations_data.extract.text import _Doc, _Mention, _Sent
from relations_data.extract.lexicon import rx, words


# --------------------------------------------------------------------------------------------
# Trade partner ranks

_CLAUSE_CUT = rx("trade._CLAUSE_CUT")
_PLACES = rx("trade._PLACES")
# "..., while the United States was second", "mientras que Estados Unidos fue el segundo"
_ELLIPTIC = rx("trade._ELLIPTIC")
_RANK_NOUN_AFTER = rx("trade._RANK_NOUN_AFTER")
_FOR_REPORTER = rx("trade._FOR_REPORTER")
_YEAR_SPAN = rx("trade._YEAR_SPAN")
# not "well behind Germany": no neighbouring rank
_NEIGHBOUR = rx("trade._NEIGHBOUR")

# regional qualifiers the shared pattern lacks: "dentro del Mercosur", "in the Middle East"
# "within the East African Community", "dentro de la Comunidad del Caribe": a bloc
_REGIONAL_MORE = rx("trade._REGIONAL_MORE")
# "buyer of Australian barley", "market for Colombian coffee": a rank for one commodity, not
# for the country's trade ("market for American goods", "source of U.S. imports" are)
_OF_GOODS = rx("trade._OF_GOODS")
_GOODS_WORDS = rx("trade._GOODS_WORDS")

_FLOW = words("trade_flow_nouns")


_NOT_COMMODITY = rx("trade._NOT_COMMODITY")
_RESTRICTED_AREA = rx("trade._RESTRICTED_AREA")


def _commodity(what: str) -> bool:
    """ "of crude oil", "de gas natural": a product named, not the country's goods or trade."""
    return not _GOODS_WORDS.match(what) and not _NOT_COMMODITY.match(what)


def _goods_of(text: str, pos: int) -> bool:
    """Whether the rank noun ending at `pos` is "of/for <country's> goods/imports"."""
    og = _OF_GOODS.match(text, pos)
    return bool(og and og.group("ctry") and _res().country.fullmatch(re.sub(r"['’]s$", "", og.group("ctry")))
                and _GOODS_WORDS.match(og.group("what")))


_YEAR_PREP_BEFORE = rx("trade._YEAR_PREP_BEFORE")


def _clause_year(sent: _Sent, pos: int, ce: int) -> int | None:
    """The year of the rank's own clause ("Venezuela, which bought a fifth of Colombia's
    exports in 2008, had fallen ..., and the US remained its main partner": not 2008)."""
    r = _res()
    text = sent.doc.text
    cs = max([sent.s] + [x.end() for x in _CLAUSE_CUT.finditer(text, sent.s, pos)])
    cut = _CLAUSE_CUT.search(text, pos, ce)  # nor a later clause's ("..., y China, ... en mayo")
    ce = cut.start() if cut else ce
    explicit = [(abs(d.s - pos), d.date.year) for d in sent.dates
                if d.date is not None and d.precision == "year" and cs <= d.s < ce]
    explicit += [(abs(ym.start() - pos), int(ym.group("y")))  # "in 2023-24"
                 for ym in _YEAR_SPAN.finditer(text, cs, ce)]
    explicit += [(abs(ym.start() - pos), int(ym.group("y")))
                 for ym in r.year4.finditer(text, cs, ce)
                 if _YEAR_PREP_BEFORE.search(text[max(sent.s, ym.start() - 20):ym.start()])]
    if explicit:
        return min(explicit)[1]
    # "last year"; a weekday ("figures published on Monday") only as a last resort
    rel = [d for d in sent.dates if d.date is not None and d.relative and cs <= d.s < ce]
    rel.sort(key=lambda d: d.precision != "year")
    return rel[0].date.year if rel else None


_OF_COUNTRY_GOODS = rx("trade._OF_COUNTRY_GOODS")
_POSSESSIVE_BEFORE = rx("trade._POSSESSIVE_BEFORE")
_WHOSE = rx("trade._WHOSE")
_CONTRAST_COMMA = rx("trade._CONTRAST_COMMA")
_OF_LOWER = rx("trade._OF_LOWER")


def _trade(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    found = [(m, False) for m in r.rank.finditer(text, sent.s, sent.e)]
    found += [(m, True) for m in r.rank_es.finditer(text, sent.s, sent.e)]
    found.sort(key=lambda x: x[0].start())
    last_reporter: _Mention | None = None  # "..., while the UAE was the third-largest partner"
    last_end = sent.s
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
                if noun.startswith("source") and "import" not in noun and not _goods_of(text, m.end()):
                    continue
                flow = _FLOW.get(kind) or _FLOW.get(key, "total")
                if noun.startswith("market") and kind != "export" and not _goods_of(text, m.end()):
                    continue
        if not rank:
            continue
        clause_e = _clause_end(sent, m.end())
        clause_s = max(text.rfind(";", sent.s, m.start()), sent.s)
        if r.regional.search(text, m.end(), min(clause_e, m.end() + 60)) or \
                r.regional.search(text, max(clause_s, m.start() - 40), m.start()) or \
                _REGIONAL_MORE.search(text, m.end(), min(clause_e, m.end() + 60)) or \
                _RESTRICTED_AREA.search(text, m.end(), min(clause_e, m.end() + 60)):
            continue
        mend = m.start() + len(m.group().rstrip())  # the Spanish pattern takes the space after
        og = _OF_GOODS.match(text, mend) if noun.split()[0] in (
            "buyer", "customer", "market", "supplier", "source", "destination", "comprador",
            "proveedor", "mercado", "destino") and not kind else None
        if og and og.group("ctry") and r.country.fullmatch(re.sub(r"['’]s$", "", og.group("ctry"))) and \
                (not _GOODS_WORDS.match(og.group("what")) or _OF_LOWER.match(text[og.start("what") + _GOODS_WORDS.match(og.group("what")).end():][:25])):
            continue  # "the biggest buyer of Australian feed barley", "of U.S. imports of furniture"
        if og and not og.group("ctry") and _commodity(og.group("what")):
            continue  # "India's biggest supplier of crude oil": one commodity's rank
        if og and og.group("ctry") and _GOODS_WORDS.match(og.group("what")) and not spanish:
            # "the No. 1 market for American goods", "source of U.S. imports"
            flow = "imports" if og.group("what").startswith("import") or noun.startswith(
                ("supplier", "source")) else "exports"
        if _is_modal(sent, m.start(), back=40) or tc.fronted_commodity(text, clause_s, m.start()):
            continue  # (or "for canola it is the biggest customer": one commodity's rank)
        conf = 0.85
        ms = sent.mentions
        reporter_m = None
        before = [x for x in ms if x.e <= m.start()]
        if before and before[-1].poss and m.start() - before[-1].e <= 4:
            reporter_m = before[-1]
        # "of Colombia", "de bienes de Uruguay", "for goods from Chile"
        tail = _OF_COUNTRY_GOODS.match(text[m.end():m.end() + 40])
        if reporter_m is None and tail:
            reporter_m = next((x for x in ms if x.s == m.end() + tail.end()), None)
        if reporter_m is None and before and _WHOSE.fullmatch(text[before[-1].e:m.start()]):
            reporter_m = before[-1]  # "Ecuador, whose largest export market is the United States"
        if reporter_m is None:  # "el décimo destino de las exportaciones peruanas"
            reporter_m = next((x for x in ms if x.kind == "demonym" and 0 < x.s - m.end() <= 2
                               and text[m.end():x.s].isspace()), None)
        if reporter_m is None:  # "For Bangladesh, India is the second-biggest supplier"
            fr = _FOR_REPORTER.match(text, sent.s, m.start())
            if fr:
                reporter_m = next((x for x in ms if x.s == fr.start("who")), None)
        if reporter_m is None and last_reporter is not None and \
                _CONTRAST_COMMA.search(text[last_end:m.start()]):
            reporter_m = last_reporter
        anaphor = reporter_m is None and tc.country_anaphor(text, m.start(), m.end())
        pron = _POSSESSIVE_BEFORE.search(text[max(sent.s, m.start() - 20):m.start()])
        # partner: the subject, not the state it "surpassed ... as"
        overtaken: list[_Mention] = []  # "overtook Canada and China to become ..."
        for x in before:
            if x not in overtaken and r.overtake.search(text[max(sent.s, x.s - 30):x.s]):
                overtaken += _list_around(sent, x, forward=True)
        cands = [x for x in before if x is not reporter_m and x not in overtaken]
        partner_m = tc.making_it(text, sent, m.start())  # "..., making it the country's largest"
        if partner_m is not None and reporter_m is not None and partner_m.code == reporter_m.code:
            partner_m = None
        for x in reversed(cands if partner_m is None else []):
            if reporter_m is None or x.code != reporter_m.code:
                partner_m = x
                break
        if partner_m is None:
            after = [x for x in ms if x.s >= m.end() and x is not reporter_m and
                     (reporter_m is None or x.code != reporter_m.code) and x.s < clause_e]
            partner_m = after[0] if after else None
        if partner_m is None:
            continue
        if anaphor:  # "the country's", "del país": the state the text is talking about
            reporter_m = tc.reporter_before(para, idx, m.start(), partner_m.code)
            conf -= 0.1
        if reporter_m is None and pron:
            prior = [x for x in ms if x.e <= partner_m.s and x.code != partner_m.code]
            reporter_m = prior[-1] if prior else None
            conf -= 0.1
        if reporter_m is None or reporter_m.code == partner_m.code:
            continue
        ce = clause_e if clause_e > m.end() else sent.e
        year = _clause_year(sent, m.start(), ce)
        if year is None and idx > 0 and not sent.dates and not r.vague_time.search(sent.text):
            # "China was Brazil's largest partner in 2023. The US remained its second-largest."
            year = doc.rank_years.get(para[idx - 1].s)
            conf -= 0.1 if year else 0
        if year is not None and (r.year4.search(text, sent.s, sent.e) or
                                 _YEAR_SPAN.search(text, sent.s, sent.e)):
            doc.rank_years[sent.s] = year
        _emit(doc, "trade_partner_ranks", {"reporter": reporter_m.code, "partner": partner_m.code,
                                            "year": year, "rank": rank, "flow": flow}, sent, conf)
        last_reporter, last_end = reporter_m, m.end()
        # "Brazil remains Argentina's top partner, with China in second place and the US third"
        for pl in [*_PLACES.finditer(text, m.end(), ce), *_ELLIPTIC.finditer(text, m.end(), sent.e)]:
            if _RANK_NOUN_AFTER.match(text, pl.end()):
                continue  # "while the UAE was the third-largest trading partner": a rank of its own
            who = next((x for x in ms if x.s >= pl.start("who") and x.s < pl.end("who")), None)
            if r.regional.match(text, pl.end()) or r.regional.search(text, pl.end(), min(sent.e, pl.end() + 30)):
                continue  # "..., while the US was second in Latin America"
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
    # "China shipped $144 billion of goods to Vietnam, ranking first among its suppliers"
    for am, rank, flow in tc.among(sent) if "among" in sent.text or "entre" in sent.text else ():
        if _is_modal(sent, am.start(), back=40) or not am.group("pron"):
            continue
        partner_m = tc.first_subject(sent, am.start())
        reporter_m = tc.reporter_before(para, idx, am.start(), partner_m.code) if partner_m else None
        if reporter_m is None:
            continue
        _emit(doc, "trade_partner_ranks", {
            "reporter": reporter_m.code, "partner": partner_m.code,
            "year": _clause_year(sent, am.start(), sent.e), "rank": rank, "flow": flow}, sent, 0.7)
