"""Rows of the ``decertifications`` table read off the text of a US drug-certification
determination, a formulaic document.

Two formulas, with their sentences in ``data/regexes.yaml`` (``determinations``):

* until 2001 (FAA sections 481(h) and 490) three lists: the countries certified as
  cooperating fully (``certified``), those certified in the vital national interests
  (``decertified`` with ``waiver = True``, as the table codes them) and those denied
  certification (``decertified``, ``waiver = False``);
* since 2002 (FOAA 2002 section 591, FRAA section 706) the majors list; the countries
  designated as having failed demonstrably (``decertified``); and the national-interest
  paragraph, whose countries have ``waiver = True``. A designated country the paragraph does
  not name has ``waiver = False``; when the text (often an excerpt) does not reach the
  paragraph, ``waiver`` is None. Every other listed country is ``certified`` -- but only when
  the designation sentence is there: an excerpt that stops before it gives the listed
  countries ``status`` None (listed; their status not shown).

A coder reviews the rows (relations_data.extract is a proposal tool): the parser knows no
fiscal year or date, and territories that are not states are dropped only when the caller
passes the states it codes.
"""

from __future__ import annotations

from typing import NamedTuple

from relations_data.extract.lexicon import rx
from relations_data.extract.text import _find_mentions

_MAJORS = rx("determinations._MAJORS")
_FAILED = rx("determinations._FAILED")
_VITAL = rx("determinations._VITAL")
_CERTIFIED = rx("determinations._CERTIFIED")
_INTERESTS = rx("determinations._INTERESTS")
_DENIED = rx("determinations._DENIED")
_BROKEN_WORD = rx("determinations._BROKEN_WORD")


class DeterminationRow(NamedTuple):
    """One country a determination names: ISO alpha-3 code, status and waiver."""

    target: str
    status: str | None
    waiver: bool | None


def _countries(span: str) -> list[str]:
    """The states named in a list, in order, once each ("Co- lombia" is mended first)."""
    mended = _BROKEN_WORD.sub("", span)
    out: list[str] = []
    for m in _find_mentions(mended, 0):
        if m.code not in out:
            out.append(m.code)
    return out


def _first_list(pattern, text: str) -> list[str] | None:
    m = pattern.search(text)
    return _countries(m.group("list")) if m else None


def parse_determination(text: str, states: set[str] | None = None) -> list[DeterminationRow]:
    """Rows for every country the determination ``text`` names, ordered by code; only codes
    in ``states`` when it is given (the table codes states, not territories)."""
    rows: dict[str, DeterminationRow] = {}
    certified = _first_list(_CERTIFIED, text)
    if certified is not None:  # the pre-2002 formula
        for code in certified:
            rows[code] = DeterminationRow(code, "certified", None)
        for code in _first_list(_INTERESTS, text) or []:
            rows[code] = DeterminationRow(code, "decertified", True)
        for code in _first_list(_DENIED, text) or []:
            rows[code] = DeterminationRow(code, "decertified", False)
    else:
        listed = _first_list(_MAJORS, text) or []
        failed = _first_list(_FAILED, text)
        vital = _first_list(_VITAL, text)
        for code in listed:
            rows[code] = DeterminationRow(code, None if failed is None else "certified", None)
        for code in failed or []:
            waiver = None if vital is None else code in vital
            rows[code] = DeterminationRow(code, "decertified", waiver)
    return sorted((r for r in rows.values() if states is None or r.target in states),
                  key=lambda r: r.target)
