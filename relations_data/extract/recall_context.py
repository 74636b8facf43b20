"""Recalls whose actor, envoy or date the clause itself does not give in the usual place.

Helpers of :mod:`relations_data.extract.recalls` for wordings where the recalling state is
not the grammatical subject of the trigger:

* the place the envoy is recalled *to* ("decided to recall to Paris ... our ambassadors");
* the envoy's own nationality ("llamar a consultas al embajador argentino en Managua",
  "the Peruvian ambassador in Caracas was called home");
* the antecedent of a relative subject ("the foreign ministry of Mexico, which ... ordered
  the return of its ambassador", "México, que dispuso el regreso de su embajador");
* a nameless institution continuing a recall the text has just reported ("The ministry said
  it was calling its envoy home"): the actor of that recall.

And for dates: a first-person decision in a statement ("I have decided to recall", "hemos
decidido llamar a consultas") happens on the statement's date; a recall made "simultaneously"
/ "en forma simultánea" with one just reported takes that one's date.
"""

from __future__ import annotations

import datetime as dt
import re

from relations_data.extract.patterns import _STOP_NAME_WORDS, _TITLE_WORDS, patterns as _res
from relations_data.extract.text import _Date, _Doc, _Mention, _Sent
from relations_data.extract.lexicon import rx

_TO_PLACE = rx("recall_context._TO_PLACE")
_RELATIVE_SUBJ = rx("recall_context._RELATIVE_SUBJ")
_OWN_ENVOY = rx("recall_context._OWN_ENVOY")
_INSTITUTION = rx("recall_context._INSTITUTION")
_DECISION = rx("recall_context._DECISION")
_SIMULTANEOUS = rx("recall_context._SIMULTANEOUS")


def place_recalled_to(sent: _Sent, trig_end: int, verb: str) -> _Mention | None:
    """ "recall to Paris for consultations our ambassadors": the state recalled to."""
    if not verb.startswith(("recall", "call", "llam", "brought", "bring", "order")):
        return None
    text = sent.doc.text
    for m in sent.mentions:
        if trig_end < m.s <= trig_end + 12 and _TO_PLACE.search(text[trig_end:m.s]) \
                and m.kind in ("capital", "name"):
            return m
    return None


def envoy_nationality(sent: _Sent, env_s: int, env_e: int) -> _Mention | None:
    """The demonym right before or right after the envoy noun."""
    text = sent.doc.text
    for m in sent.mentions:
        if m.kind != "demonym":
            continue
        if m.e <= env_s and re.fullmatch(r"\s*", text[m.e:env_s]):
            return m
        if m.s >= env_e and re.fullmatch(r"\s*", text[env_e:m.s]):
            return m
    return None


def relative_antecedent(sent: _Sent, pos: int) -> _Mention | None:
    """ "..., Mexico, which (...) ordered the return of its ambassador": Mexico."""
    text = sent.doc.text
    before = [m for m in sent.mentions if m.e <= pos]
    if not before:
        return None
    m = before[-1]
    return m if _RELATIVE_SUBJ.match(text[m.e:pos]) else None


def previous_recall_actor(doc: _Doc, sent: _Sent, pos: int, after: str) -> str | None:
    """ "The ministry said ... that it was calling its envoy home": the actor of the recall
    the text reported just before, when a nameless institution recalls its own envoy."""
    if not _OWN_ENVOY.match(after) or not _INSTITUTION.search(sent.rel(sent.s, pos)):
        return None
    for c in reversed(doc.out):
        if c.table == "diplomatic_recalls" and c.char_end <= sent.s and sent.s - c.char_end < 800:
            return c.values["actor"]
    return None


def statement_date(sent: _Sent, pos: int) -> _Date | None:
    """ "I have decided to immediately recall ...": a statement's decision, on its date."""
    pd = sent.doc.published
    if pd is None or not _DECISION.search(sent.rel(max(sent.s, pos - 60), pos)):
        return None
    return _Date(pos, pos, pd, "day", True)


def simultaneous_date(doc: _Doc, sent: _Sent) -> _Date | None:
    """A recall "en forma simultánea" with the one reported just before: that one's date."""
    if not _SIMULTANEOUS.search(sent.text):
        return None
    for c in reversed(doc.out):
        if c.table == "diplomatic_recalls" and c.char_end <= sent.s and sent.s - c.char_end < 800:
            d = c.values.get("event_date")
            if d:
                return _Date(sent.s, sent.s, dt.date.fromisoformat(d),
                             c.values.get("event_date_precision") or "day", True)
            return None
    return None


def skip_nationality(sent: _Sent, env_e: int) -> int:
    """Past a demonym that follows the envoy noun ("la embajadora marroquí, Karima ...")."""
    for m in sent.mentions:
        if m.kind == "demonym" and m.s >= env_e and re.fullmatch(r"\s*", sent.doc.text[env_e:m.s]):
            return m.e
    return env_e


_HONORIFIC = rx("recall_context._HONORIFIC")


def person_before(doc: _Doc, start: int) -> str | None:
    """ "Mr Moussi has been recalled before. ... Algeria called him home": the full name of
    the person the text referred to last ("Mr <surname>") in the 400 characters before."""
    last = None
    for m in _HONORIFIC.finditer(doc.text, max(0, start - 400), start):
        last = m.group("s")
    if last is None or last in _STOP_NAME_WORDS:
        return None
    full = [w for w in (_TITLE_WORDS.sub("", n.group()).split()
                        for n in _res().name.finditer(doc.text, 0, start))
            if len(w) >= 2 and w[-1] == last and w[0] not in _STOP_NAME_WORDS]
    return " ".join(full[-1]) if full else None


# "Caracas. El Gobierno ... llamó a consultas": a Spanish-press dateline opening the paragraph
_CITY_LINE = rx("recall_context._CITY_LINE")


def dateline_state(doc: _Doc, para: list[_Sent], idx: int, pos: int) -> _Mention | None:
    """ "Caracas. El Gobierno Bolivariano llamó a consultas ...": a nameless government (or
    ministry) subject is the government of the city the story is datelined in."""
    sent = para[idx]
    if not _INSTITUTION.search(sent.rel(sent.s, pos)) or any(m.s < pos for m in sent.mentions):
        return None
    first = para[0]
    if idx > 0 and _CITY_LINE.match(first.text):
        place = first.text[:-1]
    elif doc.dateline[1] and first.s <= doc.dateline[0] < first.e:  # "CARACAS, Oct 30 (Wire) -"
        place = doc.text[doc.dateline[0]:doc.dateline[1]].split(",")[0].strip().title()
    else:
        return None
    r = _res()
    form = r.forms.get(place.strip())
    if form is None or form[0] is None or form[1] != "capital":
        return None
    return _Mention(pos, pos, form[0], "context", False)


_FIRST_SUBJ = rx("recall_context._FIRST_SUBJ")


def first_person(sent: _Sent, pos: int) -> bool:
    """Whether "I"/"we" is the subject of the clause of the trigger at `pos` (no comma
    between them): "..., I decided yesterday evening to call our two ambassadors"."""
    return bool(_FIRST_SUBJ.search(sent.rel(max(sent.s, pos - 60), pos)))


_HOME_TO = rx("recall_context._HOME_TO")


def home_named(sent: _Sent, start: int, end: int) -> _Mention | None:
    """ "call our two ambassadors ... back to Paris": the state the envoys are called home to."""
    text = sent.doc.text
    for m in sent.mentions:
        if start <= m.s < end and m.kind in ("capital", "name") and \
                _HOME_TO.search(text, max(start, m.s - 20), m.s):
            return m
    return None


_REGION = rx("recall_context._REGION")


def region_host(sent: _Sent, env_end: int, end: int) -> bool:
    """Whether the envoy's post is a region, not a state ("a head of mission in Latin
    America"): then no state of the sentence is the host."""
    return bool(_REGION.match(sent.doc.text, env_end, end))


def document_host(doc: _Doc, start: int, actor: str) -> str | None:
    """The host of the recall the text reported last before `start` (within ~3000
    characters) by another state: reports and trackers list several states' recalls from
    one host, often naming the host only once."""
    for c in reversed(doc.out):
        if c.table == "diplomatic_recalls" and c.char_end <= start and start - c.char_end < 3000:
            if c.values["actor"] != actor and c.values["target"] != actor:
                return c.values["target"]
            return None
    return None
