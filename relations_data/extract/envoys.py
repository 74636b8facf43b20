"""Envoys named away from their recall: a recall that names no envoy takes the name the text
gives the recalling state's envoy to that host in a sentence nearby.

Reports often say who was recalled in a sentence of its own, before or after the recall:

* an apposition, "Philippe Étienne, who has been ambassador in Washington since 2019, and
  Jean-Pierre Thébault, the ambassador in Canberra, are both being brought home";
* the host before the name, "the ambassador in Canberra, Jean-Pierre Thébault" (the recall's
  own sentence is handled in :mod:`relations_data.extract.recalls`);
* an identification, "The ambassador concerned is Saïd Moussi, who took up his post in
  Paris", "el embajador afectado es ...": the host is the post named, or else the recall the
  text has just reported.

A name is given only when it is the one name the window gives for that host (and sending
state, when a demonym says it), and no other recall of the same pair on another date already
carries it. Run before the document-level consolidation, so its co-referents share it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import NamedTuple

from relations_data.extract.patterns import _STOP_NAME_WORDS, _TITLE_WORDS, patterns as _res
from relations_data.extract.text import _Doc
from relations_data.extract.lexicon import rx, words

# "<Name>, who has been ambassador in", "<Name>, the ambassador in", "<Name>, su embajador en"
_APPOSED = rx("envoys._APPOSED")
# "the ambassador in Canberra, Jean-Pierre Thébault"
_HOST_FIRST = rx("envoys._HOST_FIRST")
# "The ambassador concerned is Saïd Moussi"
_CONCERNED = rx("envoys._CONCERNED")
_POST = rx("envoys._POST")
_OPENERS = words("name_openers")


class _Named(NamedTuple):
    pos: int
    name: str
    host: str | None
    sender: str | None


def _clean(name: str) -> str | None:
    words = _TITLE_WORDS.sub("", name).split()
    while words and (words[0] in _OPENERS or words[0] in _STOP_NAME_WORDS):
        words = words[1:]
    if len(words) < 2 or words[-1] in _STOP_NAME_WORDS:
        return None
    return " ".join(words)


def _state_at(text: str, pos: int) -> tuple[str | None, int]:
    r = _res()
    m = r.country.match(text, pos)
    if not m:
        return None, pos
    return r.forms[m.group()][0], m.end()


def _demonym(dem: str | None) -> str | None:
    if not dem:
        return None
    hit = _res().forms.get(dem)
    return hit[0] if hit and hit[1] == "demonym" else None


def _sender(text: str, m: re.Match, host: str) -> str | None:
    """The sending state: a demonym ("the Australian ambassador", "el embajador argentino"),
    or for "its/su ambassador" the state named last before it in its sentence ("Petro no ha
    llamado a consultas a su embajador en Caracas, Milton Rengifo": Colombia's)."""
    dem = _demonym(m.group("dem")) or _demonym(m.group("dem2"))
    if dem or not m.group("own"):
        return dem
    start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()), m.start() - 300) + 1
    r = _res()
    before = [r.forms[x.group()][0] for x in r.country.finditer(text, start, m.start())]
    before = [c for c in before if c is not None and c != host]
    return before[-1] if before else None


_NOUN = rx("envoys._NOUN")
_STEMS = words("envoy_stems")


def _finds(low: str, stem: str) -> list[int]:
    out, i = [], low.find(stem)
    while i >= 0:
        out.append(i)
        i = low.find(stem, i + 1)
    return out


def _named_envoys(text: str, a: int, b: int) -> list[_Named]:
    """The envoys named in text[a:b]. Each pattern is tried only around an envoy noun (a
    name pattern tried at every position of a long text would cost more than extraction)."""
    r = _res()
    out: dict[tuple[str, str | None], _Named] = {}
    low = text[a:b].lower()
    at = sorted(i + a for stem in _STEMS for i in _finds(low, stem))
    for e in filter(None, (_NOUN.match(text, i) for i in at)):
        # (cheap tests first: an apposition has a comma before the noun, a name after the
        # host a comma after it, an identification "concerned is" right after the noun)
        appos = text.rfind(", ", max(a, e.start() - 60), e.start()) >= 0
        for m in _APPOSED.finditer(text, max(a, e.start() - 110), min(b, e.end() + 30)) if appos else ():
            host, _ = _state_at(text, m.end())
            name = _clean(m.group("name"))
            if host and name:
                out.setdefault((name, host), _Named(m.start(), name, host, _sender(text, m, host)))
        m = _HOST_FIRST.search(text, max(a, e.start() - 30), min(b, e.end() + 30)) \
            if text.find(", ", e.end(), e.end() + 50) >= 0 else None
        host, end = _state_at(text, m.end()) if m else (None, 0)
        nm = r.name.match(text, end + 2) if host and text.startswith(", ", end) else None
        name = _clean(nm.group()) if nm else None
        if name and re.match(r"\s*[,.;)]", text[nm.end():nm.end() + 2]):
            out.setdefault((name, host), _Named(m.start(), name, host, _sender(text, m, host)))
        m = _CONCERNED.match(text, e.start())
        name = _clean(m.group("name")) if m else None
        if name:
            stop = text.find(".", m.end())
            post = _POST.search(text, m.end(), stop if stop > 0 else b)
            host = _state_at(text, post.end())[0] if post else None
            out.setdefault((name, host), _Named(m.start(), name, host, None))
    return list(out.values())


def name_envoys(doc: _Doc) -> None:
    """Fill envoy_name of nameless recalls from the envoys the text names nearby."""
    recalls = [i for i, c in enumerate(doc.out) if c.table == "diplomatic_recalls"]
    todo = [i for i in recalls if doc.out[i].values.get("envoy_name") is None]
    if not todo:
        return
    text = doc.text
    spans: list[list[int]] = []  # the candidates' windows, merged
    for i in sorted(todo, key=lambda i: doc.out[i].char_start):
        a, b = max(0, doc.out[i].char_start - 1000), min(len(text), doc.out[i].char_end + 2000)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    named = [n for a, b in spans for n in _named_envoys(text, a, b)]
    if not named:
        return
    for i in todo:
        c = doc.out[i]
        actor, target, date = c.values["actor"], c.values["target"], c.values.get("event_date")
        near = [n for n in named if c.char_start - 1000 <= n.pos <= c.char_end + 2000]
        names = {n.name for n in near if n.host == target and n.sender in (None, actor)}
        # "The ambassador concerned is ...": the nameless recall reported last before it
        for n in near:
            if n.host is None and n.pos >= c.char_end and not any(
                    c.char_end <= doc.out[j].char_start < n.pos for j in todo if j != i):
                names.add(n.name)
        # not the envoy of another recall of the pair, on another date
        names -= {doc.out[j].values.get("envoy_name") for j in recalls
                  if doc.out[j].values["actor"] == actor and doc.out[j].values["target"] == target
                  and doc.out[j].values.get("event_date") != date}
        if len(names) == 1:
            vals = {**c.values, "envoy_name": names.pop()}
            doc.out[i] = dataclasses.replace(c, values=vals,
                                             confidence=round(max(0.05, c.confidence - 0.1), 2))
