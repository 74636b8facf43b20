"""Extractor of ``diplomatic_recalls``."""

from __future__ import annotations

import re
from typing import Any

from relations_data.extract.patterns import _STOP_NAME_WORDS, _TITLE_WORDS, patterns as _res
from relations_data.extract.syntax import (
    _clean_phrase, _emit, _event_date, _fallback_actor, _is_modal, _list_around, _next_para,
    _responds, _subject,
)
from relations_data.extract.text import _Doc, _Mention, _Sent


from relations_data.extract import recall_context as _ctx
from relations_data.extract.lexicon import rx, words

# --------------------------------------------------------------------------------------------
# Diplomatic recalls

_RANKS = (("cda", "charge_d_affaires"), ("amb", "ambassador"), ("amb2", "ambassador"),
          ("min", "minister"))


def _envoy_rank(m: re.Match) -> str | None:
    if m.group("acting") and m.group("amb"):
        return "other"  # "acting ambassador" is no formal rank
    if m.group("acting") and m.group("cda"):
        return "charge_d_affaires"
    for grp, rank in _RANKS:
        if m.group(grp):
            return rank
    return None


def _find_name(sent: _Sent, start: int, end: int) -> str | None:
    r = _res()
    text = sent.doc.text
    m = r.name.match(text, start, end)
    if not m:
        return None
    name = _TITLE_WORDS.sub("", m.group())
    parts = name.split()
    if len(parts) < 2 or parts[0] in _STOP_NAME_WORDS or parts[-1] in _STOP_NAME_WORDS:
        return None
    s = m.end() - len(name)
    for mm in sent.mentions:
        if mm.s < m.end() and mm.e > s and mm.kind != "leader":
            return None
    return name


_NAME_GAP = rx("recalls._NAME_GAP")


# "the return of its ambassador to <the host>" is the end of a recall, not one
_RETURN_TO = rx("recalls._RETURN_TO")


_BARE_NOUNS = words("recall_bare_nouns")
_INDEFINITE_BEFORE = rx("recalls._INDEFINITE_BEFORE")

_CLITIC_BEFORE = rx("recalls._CLITIC_BEFORE")
_OBJECT_PRONOUN = rx("recalls._OBJECT_PRONOUN")
_BY = rx("recalls._BY")
_OWN_OR_HOME = rx("recalls._OWN_OR_HOME")
_THEIR = rx("recalls._THEIR")


def _recalls(doc: _Doc, para: list[_Sent], idx: int) -> None:
    r = _res()
    sent = para[idx]
    text = doc.text
    trigs = list(r.recall.finditer(text, sent.s, sent.e))
    for k, t in enumerate(trigs):
        verb = t.group("verb").lower()
        # "was withdrawing", "was calling back": progressive, not passive
        passive = bool(t.group("pass")) and not verb.split()[0].endswith("ing")
        nxt = trigs[k + 1].start() if k + 1 < len(trigs) else sent.e
        win_end = min(nxt, t.end() + 140, sent.e)
        after = text[t.end():win_end]
        if verb.startswith("summon") and not _OWN_OR_HOME.match(after):
            continue
        if _is_modal(sent, t.start()):
            continue
        # "a German recall of its ambassador is not on the agenda": the bare noun after an
        # indefinite article names no particular recall
        if verb in _BARE_NOUNS and _INDEFINITE_BEFORE.search(text, max(sent.s, t.start() - 40), t.start()):
            continue
        conf = 0.85
        # the envoy: after the trigger (active) or before it (passive)
        envs = list(r.envoy.finditer(text, t.end(), min(win_end, t.end() + 70)))
        if not passive and envs and not re.match(r"[\s\w'’,.\-\"“”«»]*$", text[t.end():envs[0].start()]):
            envs = []
        env_before = None
        if passive:
            eb = list(r.envoy.finditer(text, max(sent.s, t.start() - 70), t.start()))
            env_before = eb[-1] if eb else None
        if not envs and env_before is None and _CLITIC_BEFORE.search(text[max(sent.s, t.start() - 6):t.start()]):
            eb = list(r.envoy.finditer(text, sent.s, t.start()))  # "de que Rabat la llamara"
            env_before = eb[-1] if eb else None
        pronoun = None
        if not envs and env_before is None and _OBJECT_PRONOUN.match(after):
            # "while he was ambassador in Madrid, Algeria called him home": the envoy noun
            # before the verb, the person the text named last before the sentence
            eb = list(r.envoy.finditer(text, sent.s, t.start()))
            env_before = eb[-1] if eb else None
            pronoun = _ctx.person_before(doc, sent.s) if env_before is not None else None
        name = None
        if not envs and env_before is None:
            if not verb.startswith("recall"):
                continue
            name = _find_name(sent, t.end() + 1, win_end) or _surname(doc, sent, t.end())
            if not name:
                continue
            conf -= 0.15
        # consecutive envoy nouns: "its top envoy, Chargé d'Affaires John McNamara"
        rank, env_end = None, None
        if envs:
            rank, env_end = _envoy_rank(envs[0]), envs[0].end()
            for e2 in envs[1:]:
                if re.fullmatch(r"[\s,]*", text[env_end:e2.start()]):
                    rank, env_end = _envoy_rank(e2) or rank, e2.end()
                else:
                    break
        elif env_before is not None:
            rank = _envoy_rank(env_before)
        if name is None and env_end is not None:
            ne = _ctx.skip_nationality(sent, env_end)
            g = _NAME_GAP.match(text, ne, win_end)
            name = _find_name(sent, g.end() if g else ne, win_end)
            if name is None:  # "recalled John McNamara, the chargé d'affaires"
                name = _find_name(sent, t.end() + 1, envs[0].start())
        elif name is None and env_before is not None:
            ne = _ctx.skip_nationality(sent, env_before.end())
            g = _NAME_GAP.match(text, ne, t.start())
            name = _find_name(sent, g.end() if g else ne, t.start())
        if name is None and (envs or env_before is not None):
            name = pronoun or _name_after(para, idx)
        # the recalling state
        actor_m = None
        if passive:
            by = _BY.match(after)
            if by:
                actor_m = next((m for m in sent.mentions if m.s >= t.end() + by.end()), None)
            if actor_m is None and env_before is not None:
                near = [m for m in sent.mentions if env_before.start() - 30 <= m.s < env_before.start()]
                actor_m = near[-1] if near else None
        elif _ctx.first_person(sent, t.start()):
            # "..., I decided to call our two ambassadors ... back to Paris": the speaker's
            # state, not a state named earlier in the sentence
            actor_m = _ctx.home_named(sent, t.end(), win_end)
        else:
            actor_m = _subject(sent, t.start())
        if actor_m is None:
            env = envs[0] if envs else env_before
            actor_m = (_ctx.place_recalled_to(sent, t.end(), verb)
                       or (_ctx.envoy_nationality(sent, env.start(), env.end()) if env else None)
                       or _ctx.relative_antecedent(sent, t.start())
                       or _fallback_actor(para, idx, t.start())
                       or _ctx.dateline_state(doc, para, idx, t.start()))
            conf -= 0.15
        if actor_m is None:
            prev = _ctx.previous_recall_actor(doc, sent, t.start(), after)
            actor_m = next((m for m in sent.mentions if m.code == prev), None) if prev else None
            if prev and actor_m is None:
                actor_m = _Mention(t.start(), t.start(), prev, "context", False)
        if actor_m is None:
            continue
        actor = actor_m.code
        if t.group("ret") and any(t.start() <= m.s < t.end() and m.code != actor
                                  for m in sent.mentions):
            continue  # "el regreso a Quito de su embajador": back to the post, not home
        date, carried = _event_date(para, idx, t.start())
        if date is None:
            date = _ctx.statement_date(sent, t.start()) or _ctx.simultaneous_date(doc, sent)
        values: dict[str, Any] = {
            "envoy_name": name, "envoy_rank": rank,
            "event_date": date.date if date else None,
            "event_date_precision": date.precision if date else None,
            "reason": _recall_reason(sent, env_end or t.end()),
        }
        if carried:
            conf -= 0.1
        response = _responds(para, idx)
        tstart = env_end or (env_before.end() if env_before is not None else t.end())
        # several recalling states: "The U.S. and Colombia have withdrawn their ambassadors"
        # (from each other), "Chile and Colombia recalled their ambassadors from Tel Aviv"
        group = _list_around(sent, actor_m, forward=False) if not passive else [actor_m]
        codes = list(dict.fromkeys(m.code for m in group))
        # "Bolivia cut ties with Israel and Chile and Colombia recalled their ambassadors from
        # Tel Aviv": the host named after the envoy is not among the recalling states
        host_at = _HOST_PREP.match(text, tstart)
        named_host = next((m for m in sent.mentions if host_at and m.s == host_at.end()), None)
        if named_host is not None and named_host.code in codes and len(codes) >= 2:
            codes = [c for c in codes if c != named_host.code]
        if len(codes) >= 2:
            host = next((m for m in sent.mentions if tstart <= m.s < win_end and m.code not in codes),
                        None)
            if host is None:  # "... severed ties with Israel, while Colombia and Chile brought
                # their ambassadors home": the state named earlier in the sentence
                host = next((m for m in reversed(sent.mentions)
                             if m.s < actor_m.s and m.code not in codes), None)
            mutual = len(codes) == 2 and (r.reciprocal.search(after) or (
                host is None and _THEIR.match(after)))
            if mutual:
                for a, b in ((codes[0], codes[1]), (codes[1], codes[0])):
                    _emit(doc, "diplomatic_recalls", {**values, "actor": a, "target": b,
                                                      "envoy_name": None}, sent, conf - 0.1,
                          response=response)
                continue
            if host is not None and _THEIR.match(after):
                for a in codes:
                    _emit(doc, "diplomatic_recalls", {**values, "actor": a, "target": host.code,
                                                      "envoy_name": None}, sent, conf - 0.1,
                          response=response)
                continue
        # the host state (or states: "its ambassadors in Argentina, Chile and Uruguay")
        target_m = None
        # not in the reason ("recalled Ambassador X in protest at the American strikes")
        cue = _REASON_CUE.search(text, tstart, win_end)
        t_end = cue.start() if cue else win_end
        if _ctx.region_host(sent, tstart, t_end):
            continue  # "a un jefe de misión en América Latina": no state is the host
        for m in sent.mentions:
            if tstart <= m.s < t_end and m.code != actor:
                target_m = m
                break
        targets = [target_m] if target_m is not None else []
        if target_m is not None:
            targets = [m for m in _list_around(sent, target_m, forward=True) if m.code != actor]
        doc_host = _ctx.document_host(doc, sent.s, actor) if target_m is None else None
        if target_m is None:
            cands = [m for m in sent.mentions if m.code != actor]
            if cands:
                # the host the text's other recalls share, when the sentence names it
                # (a tracker of recalls from one state); else the nearest state
                target_m = next((m for m in cands if m.code == doc_host), None) or \
                    min(cands, key=lambda m: abs(m.s - t.start()))
                targets = [target_m]
                conf -= 0.1
        if target_m is None and idx > 0:
            cands = [m for m in para[idx - 1].mentions if m.code != actor]
            target_m = cands[-1] if cands else None
            targets = [target_m] if target_m is not None else []
            conf -= 0.2
        if target_m is None and doc_host is not None:
            target_m = _Mention(t.start(), t.start(), doc_host, "context", False)
            targets = [target_m]
            conf -= 0.2
        if target_m is None:
            continue
        if t.group("ret") and _RETURN_TO.match(text, tstart, win_end):
            nxt = next((m for m in sent.mentions if m.s >= tstart), None)
            if nxt is not None and nxt.code != actor:
                continue  # "the return of its ambassador to Bogotá": back to the post
        if date is None:
            conf -= 0.15
        codes = list(dict.fromkeys(m.code for m in targets))
        for code in codes:
            _emit(doc, "diplomatic_recalls", {
                **values, "actor": actor, "target": code,
                "envoy_name": values["envoy_name"] if len(codes) == 1 else None,
            }, sent, conf - (0.05 if len(codes) > 1 else 0), response=response)


_HOST_PREP = rx("recalls._HOST_PREP")
_REASON_CUE = rx("recalls._REASON_CUE")


_HONORIFIC_SURNAME = rx("recalls._HONORIFIC_SURNAME")


def _surname(doc: _Doc, sent: _Sent, pos: int) -> str | None:
    """"recalled Antonov": the full name the text gave that surname earlier."""
    # "recalled Mr Nagamine": past an honorific, with or without its full stop
    m = _HONORIFIC_SURNAME.match(doc.text[pos:pos + 40])
    if not m or any(mm.s <= pos + m.start(1) < mm.e for mm in sent.mentions) or \
            m.group(1) in _STOP_NAME_WORDS:
        return None
    r = _res()
    full = [n.group() for n in r.name.finditer(doc.text, 0, sent.s)
            if n.group().split()[-1] == m.group(1)]
    if not full:
        return None
    words = _TITLE_WORDS.sub("", full[-1]).split()
    while len(words) > 2 and (words[0] in _STOP_NAME_WORDS or words[0] in _CLAUSE_OPENERS):
        words = words[1:]  # "When Anatoly Antonov landed"
    return " ".join(words) if len(words) >= 2 else None


_CLAUSE_OPENERS = words("clause_openers")


# "The diplomat, Manuel Talavera, will remain in Peru": the envoy of the story, named in a
# sentence that follows the recall (and opens with him as its subject)
_DEFINITE_ENVOY = rx("recalls._DEFINITE_ENVOY")


# "Christian Masset came back for consultations after ...": the envoy named as the subject
# of his own return, in the sentence after the recall
_RETURNED = rx("recalls._RETURNED")


def _name_after(para: list[_Sent], idx: int) -> str | None:
    sents = para[idx + 1:idx + 4]
    nxt = para[-1].e
    while len(sents) < 4:  # the envoy may be named a paragraph or two further on
        more = _next_para(para[idx].doc, nxt)
        if not more:
            break
        sents += more[:4 - len(sents)]
        nxt = more[-1].e
    for k, s in enumerate(sents):
        m = _RETURNED.match(s.text) if k < 2 else None
        if m:
            name = _find_name(s, s.s + m.start("name"), s.s + m.end("name"))
            if name and len(name) == m.end("name") - m.start("name"):
                return name
        for m in _DEFINITE_ENVOY.finditer(s.text):
            name = _find_name(s, s.s + m.end(), s.e)
            if name and re.match(r"\s*,", s.doc.text[s.s + m.end() + len(name):]):
                return name
    return None


_CONSULTATIONS = rx("recalls._CONSULTATIONS")


def _recall_reason(sent: _Sent, pos: int) -> str | None:
    r = _res()
    best = None
    for m in r.reason.finditer(sent.doc.text, pos, sent.e):
        phrase = m.group("r")
        if _CONSULTATIONS.match(phrase):
            continue
        cue = m.group("cue").lower()
        rank = 0 if cue.startswith(("citing", "in response", "in protest", "en respuesta",
                                    "due", "because", "debido", "en protesta")) else 1
        if best is None or rank < best[0]:
            best = (rank, phrase)
        if rank == 0:
            break
    return _clean_phrase(best[1]) if best else None
