"""Dates an event's own sentence does not give, found in the discourse around it.

Kept apart from :func:`relations_data.extract.syntax._event_date`, which calls these when the
sentence gives no usable date of its own:

* a section heading that is a date, or a label and a date ("Turkey (Nov. 4, 2023)",
  "September 15, 2005" under "For Immediate Release"): trackers, chronologies and press
  releases date the undated events of the section below them that way;
* "on the same Saturday" / "el mismo sábado": the date named last before it, not the last
  such weekday before publication;
* a following sentence that reports the announcement of the event ("The ministry announced
  the measures ... late Sunday", "La Cancillería anunció la medida el lunes").
"""

from __future__ import annotations

import datetime as dt
import re

from relations_data.extract.text import _Date, _Doc, _Sent, _find_dates
from relations_data.extract.lexicon import rx

# A heading line: short, no closing full stop, a date as the whole or as a bracketed label
_HEADING_DATE = rx("discourse_dates._HEADING_DATE")


def heading_date(doc: _Doc, start: int) -> dt.date | None:
    """The date of the nearest heading line above `start` (within 1500 characters) that is
    a full date, alone or as the label of a section ("Chad (Nov. 4, 2023)")."""
    found, end, labelled = None, start, False
    for m in _HEADING_DATE.finditer(doc.text, max(0, start - 1500), start):
        d = m.group("a") or m.group("b")
        ds = _find_dates(d, 0, None)
        if len(ds) == 1 and ds[0].date is not None and ds[0].precision == "day" and \
                not ds[0].relative and ds[0].e - ds[0].s >= len(d.strip()) - 1:
            found, end, labelled = ds[0].date, m.end(), bool(m.group("a"))
        else:
            found = None
    if found is not None and labelled and _HEADING.search(doc.text, end, start):
        # a nearer heading without a date ends a labelled section ("Turkey (Nov. 4)"); a
        # bare date line dates the whole release under it
        return None
    return found


# a short line with no closing punctuation, between blank lines: a section heading
_HEADING = rx("discourse_dates._HEADING")


_SAME = rx("discourse_dates._SAME")


def same_day(sent: _Sent, d: _Date) -> _Date | None:
    """ "On the same Saturday": the date the text named last before the sentence (its
    section heading, or a full date within 1500 characters), when the weekday fits."""
    doc = sent.doc
    if not d.relative or not _SAME.search(doc.text, max(sent.s, d.s - 8), d.s):
        return None
    prev = heading_date(doc, sent.s)
    if prev is None:
        ds = [x for x in _find_dates(doc.text[max(0, sent.s - 1500):sent.s], 0, None)
              if x.date is not None and x.precision == "day" and not x.relative]
        prev = ds[-1].date if ds else None
    if prev is None or d.date is None or prev.weekday() != d.date.weekday():
        return None
    return d._replace(date=prev, relative=False)


# "The Saudi Foreign Ministry announced the measures in a string of posts late Sunday"
_ANNOUNCED_IT = rx("discourse_dates._ANNOUNCED_IT")


def announced_after(sent: _Sent, following: list[_Sent]) -> _Date | None:
    """The date of the next sentence when it reports the announcement of the event just
    told ("... called its own envoy home. The ministry announced the measures late
    Sunday")."""
    for s in following[:1]:
        if not _ANNOUNCED_IT.search(s.text):
            return None
        ds = [d for d in s.dates if d.date is not None and d.precision == "day"]
        if len(ds) == 1:
            return ds[0]
    return None
