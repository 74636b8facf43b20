"""Extractor of ``coca_cultivation``."""

from __future__ import annotations

import re

from relations_data.extract import vocab as P
from relations_data.extract.patterns import patterns as _res
from relations_data.extract.syntax import _emit, _is_modal, _next_para
from relations_data.extract.numwords import words_to_number
from relations_data.extract.text import _Doc, _Sent, _parse_number
from relations_data.extract.lexicon import rx, words


# --------------------------------------------------------------------------------------------
# Coca cultivation


# Who a sentence attributes its figure to ("..., the government said"), which outweighs an
# organisation merely named in it ("... before the United Nations publishes its survey").
_ATTRIBUTION = (
    ("national_government", rx("coca._SAID_BY_GOVERNMENT")),
    ("UNODC", rx("coca._SAID_BY_UNODC")),
    ("ONDCP", rx("coca._SAID_BY_ONDCP")),
)


# "la estimación del Gobierno estadounidense", "U.S. estimates": the US government's series
_ONDCP_EXTRA = rx("coca._ONDCP_EXTRA")
# "published in 2022", "publicada en 2022": the year of a report, not of the figure
_PUBLISHED_YEAR = rx("coca._PUBLISHED_YEAR")
# "..., 35,000 hectares, 39 percent of the national total": a part of the country's figure
_SHARE_AFTER = rx("coca._SHARE_AFTER")
_SHARE_VERB = rx("coca._SHARE_VERB")


def _est_found(r, txt: str) -> list[tuple[int, str]]:
    """Estimator mentions in `txt`: (position, name)."""
    out = [(m.start(), name) for name, rx in (("UNODC", r.est_unodc), ("ONDCP", r.est_ondcp),
                                              ("ONDCP", _ONDCP_EXTRA),
                                              ("national_government", r.est_national))
           for m in rx.finditer(txt)]
    return sorted(out)


def _estimator(doc: _Doc, para: list[_Sent], idx: int, pos: int | None = None) -> tuple[str | None, float]:
    r = _res()
    sent = para[idx]
    said = [name for name, said_by in _ATTRIBUTION if said_by.search(sent.text)]
    if len(said) == 1:
        return said[0], 0.0
    scopes = ((sent.text, 0.0), (" ".join(s.text for s in para), 0.05))
    for n, (txt, pen) in enumerate(scopes):
        found = _est_found(r, txt)
        names = {name for _, name in found}
        if len(names) == 1:
            return found[0][1], pen
        if len(names) > 1:
            if n == 0 and pos is not None:
                # "DEVIDA's figures differ from UNODC's, whose survey recorded 80,681
                # hectares": the estimator named last before the figure
                prior = [name for p, name in found if p < pos - sent.s]
                if prior:
                    return prior[-1], 0.1
            return None, 0.1
    # no estimator in the paragraph: the one the text named last before it ("ONDCP released
    # its estimates ... In Colombia, coca cultivation fell to 234,000 hectares")
    prior = _est_found(r, doc.text[max(0, para[0].s - 3000):para[0].s])
    if prior:
        return prior[-1][1], 0.1
    found = [name for name, rx in (("UNODC", r.est_unodc_strong), ("ONDCP", r.est_ondcp_strong))
             if rx.search(doc.text)]
    if len(found) == 1:
        return found[0], 0.1
    return None, 0.1


_PRODUCER_NAMES = {"COL": ("Colombia", "Colombian", "colombian"), "PER": ("Peru", "Perú", "Peruvian", "peruan"),
                   "BOL": ("Bolivia", "Bolivian", "bolivian")}


def _doc_producer(doc: _Doc) -> str | None:
    """The coca-producing country a text mentions most (by a clear margin), if any."""
    counts = sorted(((sum(doc.text.count(n) for n in names), code)
                     for code, names in _PRODUCER_NAMES.items()), reverse=True)
    if counts[0][0] and counts[0][0] >= 2 * counts[1][0]:
        return counts[0][1]
    return None


_CROP_AFTER_HECTARES = rx("coca._CROP_AFTER_HECTARES")
_COCAINE_WORD = rx("coca._COCAINE_WORD")
_COCA_WORD = rx("coca._COCA_WORD")


def _coca(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    cocas = [m.start() for m in r.coca.finditer(text, sent.s, sent.e)]
    hects = _figures(text, sent.s, sent.e)
    context = 0.0
    if not cocas:
        # "The US government's estimate for 2008 was higher, at 32,000 hectares." after a
        # sentence about coca: the coca of the paragraph (or of the one before) is meant
        if not hects or r.other_crop.search(sent.text) or not _coca_context(doc, para, idx):
            return
        cocas, context = [sent.s], 0.15
    tonnes = [m for m in r.tonnes.finditer(text, sent.s, sent.e)
              if m.group("coc") or _COCAINE_WORD.search(text[max(sent.s, m.start() - 60):m.start()])]
    years = [(m.start(), int(m.group("y"))) for m in r.year4.finditer(text, sent.s, sent.e)
             if not _PUBLISHED_YEAR.search(text, max(sent.s, m.start() - 40), m.start())]
    for d in sent.dates:
        if d.relative and d.date is not None and d.precision == "year":
            years.append((d.s, d.date.year))
    records = []
    for h in hects:
        hs, he = h.start(), h.end()
        if any(t.start() <= hs < t.end() for t in tonnes):
            continue
        clause_s = max(text.rfind(",", sent.s, hs), text.rfind(";", sent.s, hs), sent.s)
        near = text[sent.s if context else max(clause_s, hs - 50):min(sent.e, he + 40)]
        if r.erad.search(near):
            continue
        if r.hypothetical_num.search(text[max(sent.s, hs - 30):hs]) or _is_modal(sent, hs, back=50):
            continue  # "hopes to cut coca to 60,000 hectares", "could reach 300,000 hectares"
        sub = _SUBNATIONAL.search(text, max(clause_s if not context else sent.s, hs - 60), hs)
        if sub and not any(mm.s <= sub.start("place") < mm.e for mm in sent.mentions) \
                and sub.group("place") not in _NOT_PLACES:
            continue  # "In Putumayo, 48,000 hectares", "en los Yungas de La Paz, 19.500 hectáreas"
        if _SHARE_AFTER.match(text, he) or _SHARE_VERB.search(text, max(sent.s, hs - 40), hs):
            continue  # "the VRAEM concentrates 35,120 hectares, 39 % of the national total"
        if r.legal_limit.search(text, max(clause_s, hs - 40), hs) or \
                r.legal_after.match(text, he, min(sent.e, he + 60)):
            continue  # "the law permits 12,000 hectares of coca for traditional use"
        tail = _CROP_AFTER_HECTARES.match(text[he:he + 50])
        if tail and tail.group("w").isdigit():
            tail = None  # "las 20.400 hectáreas de 2014": a year, not a crop
        if tail and not _COCA_WORD.match(tail.group("w")):
            if r.other_crop.match(tail.group("w")) or not r.coca.search(text[he:he + 50]):
                continue
        prev_coca = [c for c in cocas if c < hs]
        if prev_coca:
            between = text[prev_coca[-1]:hs]
            if r.other_crop.search(between) and not (tail and r.coca.search(text[he:he + 50])):
                continue
        elif not (tail and r.coca.search(text[he:he + 50])) and not any(c - he < 60 for c in cocas):
            continue
        carried_year = False
        hectares = h.value
        if hectares is None or hectares <= 0:
            continue
        # year: the nearest year to the figure, not crossing another figure
        others = [x.start() for x in hects if x is not h]
        best = None
        for ypos, y in years:
            if any(min(ypos, hs) < o < max(ypos, hs) for o in others):
                continue
            dist = ypos - he if ypos >= he else hs - ypos + 1
            if best is None or dist < best[0]:
                best = (dist, y)
        year = best[1] if best else None
        if year is None:  # "... at 234,000 hectares that year": the year last named before
            that = _THAT_YEAR.search(text, he, sent.e) or _THAT_YEAR.search(text, sent.s, hs)
            same = _prior_years(doc, sent) if that and (that.group("same") or that.group("same2")) else []
            if same:  # "ONDCP calculated 209,000 hectares for the same year": the year of the
                year = max(same)  # figures the text reported before, not any year named since
            elif that:
                prior = list(r.year4.finditer(text, max(0, that.start() - 600), that.start()))
                year = int(prior[-1].group("y")) if prior else None
        if year is None and not sent.dates and not r.vague_time.search(sent.text) and \
                any(m.code in P.COCA_PRODUCERS for m in sent.mentions):
            # "En el vecino Perú, la superficie llegó a 95.008 hectáreas, de acuerdo con la
            # misma fuente": the year of the figures the text gave just before
            prev = [c for c in doc.out if c.table == "coca_cultivation"
                    and c.values.get("year") is not None and 0 <= sent.s - c.char_start < 2000]
            if prev:
                year = prev[-1].values["year"]
                carried_year = True
        if year is not None and doc.published is not None and year > doc.published.year:
            continue  # "... to 60,000 hectares by 2026": a target, not a measurement
        records.append((h, hectares, year, carried_year))
    # "shrank to 27,200 hectares in 2011 from 31,000 the year before": the figure compared with
    for h, hectares, year, carried_year in list(records):
        cm = _COMPARED.match(text, h.end(), sent.e)
        if cm is None:
            continue
        value = _parse_number(cm.group("n"))
        y = int(cm.group("y")) if cm.group("y") else (year - 1 if year and not carried_year else None)
        if value and y:
            records.append((_Fig(cm.start("n"), cm.end("n"), value), value, y, False))
    if not records:
        return
    # "its coca cultivation" with no producer named before the figure: the producing state
    # the sentence before is about ("Colombia remains the giant ... The ONDCP estimated its
    # coca cultivation at 208,000 hectares ..., roughly four times Peru's")
    its = _ITS_COCA.search(sent.text)
    prev_states = [m for m in para[idx - 1].mentions if m.code in P.COCA_PRODUCERS] if its and idx else []
    # country: a producing state named in the sentence, nearest the figure
    for h, hectares, year, carried_year in records:
        est, pen = _estimator(doc, para, idx, h.start())
        if est is None:
            est = _same_report(doc, sent)
        states = [m for m in sent.mentions if m.code in P.COCA_PRODUCERS] or \
            [m for m in sent.mentions if m.code != "USA"]
        anchored = bool(states) or (year is not None and not carried_year)
        conf = 0.85 - pen - context
        if not states and idx > 0:
            states = [m for m in para[idx - 1].mentions if m.code in P.COCA_PRODUCERS]
            conf -= 0.15
        if prev_states and not any(m.s < h.start() for m in states):
            country = prev_states[0].code
            conf -= 0.1
        elif states:
            country = min(states, key=lambda m: abs(m.s - h.start())).code
        else:  # the one producing country the whole text is about
            country = _doc_producer(doc)
            conf -= 0.25
        if country is None:
            continue
        tonne = None
        nxts = para[idx + 1:idx + 2] or (_next_para(doc, para[-1].e)[:1] if idx + 1 == len(para) else [])
        if not tonnes and len(records) == 1 and nxts:
            nxt = nxts[0]  # "El mismo informe estima ... 2.664 toneladas" (maybe a new paragraph)
            if not r.hectares.search(nxt.text):
                tonnes = [m for m in r.tonnes.finditer(text, nxt.s, nxt.e) if m.group("coc") or
                          _COCAINE_WORD.search(text[max(nxt.s, m.start() - 60):m.start()])]
        if tonnes:
            nearest = min(tonnes, key=lambda t: abs(t.start() - h.start()))
            others = [x for x, _, _, _ in records if x is not h]
            if not any(abs(o.start() - nearest.start()) < abs(h.start() - nearest.start()) for o in others):
                tonne = _parse_number(nearest.group("n"), nearest.group("mult"))
        if year is None or carried_year:
            conf -= 0.15
        _emit(doc, "coca_cultivation", {"country": country, "year": year, "hectares": hectares,
                                         "estimator": est, "cocaine_tonnes": tonne}, sent, conf,
              anchored=anchored)


class _Fig:
    """A hectare figure, in digits ("20.400 hectáreas") or in words ("veinte mil doscientas
    hectáreas"), with the match interface the extractor reads (start, end)."""

    __slots__ = ("s", "e", "value")

    def __init__(self, s: int, e: int, value: float | int | None) -> None:
        self.s, self.e, self.value = s, e, value

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


# not "20 mil hectáreas" (digits before: the digit pattern reads those)
_WORD_HECTARES = rx("coca._WORD_HECTARES")


_FIGURE_BEFORE = rx("coca._FIGURE_BEFORE")


def _figures(text: str, a: int, b: int) -> list[_Fig]:
    r = _res()
    out = [_Fig(m.start(), m.end(), _parse_number(m.group("n"), m.group("mult")))
           for m in r.hectares.finditer(text, a, b)]
    # figures in words: only where a unit follows no digit (most follow digits)
    starts = {f.s for f in out}
    low = text[a:b].lower()
    at = low.find("hect")
    while at >= 0:
        at += a
        if not _FIGURE_BEFORE.search(text[max(a, at - 20):at]):
            for m in _WORD_HECTARES.finditer(text, max(a, at - 80), min(b, at + 12)):
                if m.start() not in starts and m.end() > at:
                    out.append(_Fig(m.start(), m.end(), words_to_number(m.group("w"))))
                    starts.add(m.start())
        at = low.find("hect", at - a + 4)
    out.sort(key=lambda f: f.s)
    return out


_COMPARED = rx("coca._COMPARED")
_ITS_COCA = rx("coca._ITS_COCA")


_SUBNATIONAL = rx("coca._SUBNATIONAL")
_NOT_PLACES = words("coca_not_places")


_THAT_YEAR = rx("coca._THAT_YEAR")
_SAME_REPORT = rx("coca._SAME_REPORT")


def _prior_years(doc: _Doc, sent: _Sent) -> list[int]:
    return [c.values["year"] for c in doc.out if c.table == "coca_cultivation"
            and c.values.get("year") is not None and 0 <= sent.s - c.char_start < 2000]


def _same_report(doc: _Doc, sent: _Sent) -> str | None:
    """ "..., de acuerdo con el mismo informe": the estimator of the figure given before."""
    if not _SAME_REPORT.search(sent.text):
        return None
    prev = [c for c in doc.out if c.table == "coca_cultivation" and c.char_start < sent.s]
    return prev[-1].values.get("estimator") if prev else None


def _coca_context(doc: _Doc, para: list[_Sent], idx: int) -> bool:
    """Whether coca is the topic: named earlier in the paragraph or in the text just before."""
    r = _res()
    if any(r.coca.search(s.text) for s in para[:idx]):
        return True
    start = para[idx].s
    return bool(r.coca.search(doc.text, max(0, start - 1200), start))
