"""Compiled regular expressions and lookup tables of :mod:`relations_data.extract`.

Built on first use by :func:`patterns` (once per process) from the data files read by
:mod:`relations_data.extract.lexicon` (the wordings, data/regexes.yaml under ``patterns``) and
:mod:`relations_data.extract.vocab` (the gazetteer); pycountry is imported only then.
"""

from __future__ import annotations

import functools
import re

from relations_data.extract.lexicon import load, rx, words
from relations_data.extract.vocab import ambiguous_names, surface_forms

# Keywords that let a paragraph through to the extractors (lower case, literal).
KEYWORDS = words("keywords")
# Capitalised words that are never part of a person's name.
_STOP_NAME_WORDS = words("name_stop_words")
_TITLE_WORDS = rx("patterns._TITLE_WORDS")


def __getattr__(name: str) -> str:
    # _KEYWORDS, the keywords as one alternation (the benchmarks' regex floor), is made on
    # demand so that importing this module reads no data file
    if name == "_KEYWORDS":
        return "|".join(re.escape(k) for k in KEYWORDS)
    raise AttributeError(name)


class Patterns:
    """Compiled regular expressions and lookup tables."""

    def __init__(self) -> None:
        forms = surface_forms()
        ambiguous = ambiguous_names()
        import pycountry  # deferred: only needed once extraction starts

        self.valid_codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                name = getattr(c, attr, None)
                if not name or "," in name or "(" in name or name in ambiguous:
                    continue
                forms.setdefault(name, (c.alpha_3, "name"))
                if name.startswith("the "):
                    forms.setdefault(name[4:], (c.alpha_3, "name"))
        for name, code in _spanish_names(pycountry).items():
            forms.setdefault(name, (code, "name"))
        self.forms = {f: v for f, v in forms.items() if v[0] is None or v[0] in self.valid_codes}
        self.country = re.compile(rf"(?<![\w.])(?:{_trie(self.forms)})(?![\w])")

        self.keywords = re.compile(__getattr__("_KEYWORDS"), re.I)
        self.bare_year = rx("patterns.bare_year")
        self.month_before = rx("patterns.month_before")
        self.date = rx("patterns.date")
        self.vague_time = rx("patterns.vague_time")
        self.modal = rx("patterns.modal")
        self.asserting = rx("patterns.asserting")
        self.intent = rx("patterns.intent")
        self.clause_cut = rx("patterns.clause_cut")
        self.relative = rx("patterns.relative")
        self.conj_comma = rx("patterns.conj_comma")
        self.subordinate = rx("patterns.subordinate")
        self.future_verb = rx("patterns.future_verb")
        self.name = rx("patterns.name")
        self.number = rx("patterns.number")
        # "25 percent", "100-per-cent" (Canadian and British style), "30 %"
        self.percent = rx("patterns.percent")
        self.prep_before = rx("patterns.prep_before")
        self.leading_prep = rx("patterns.leading_prep")
        # "Bolivia, Venezuela and Burma", "a Bolivia y a Venezuela" (Spanish personal "a")
        self.list_sep = rx("patterns.list_sep")
        self.pronoun_start = rx("patterns.pronoun_start")

        # -- recalls
        self.recall = rx("patterns.recall")
        self.envoy = rx("patterns.envoy")
        self.reciprocal = rx("patterns.reciprocal")
        self.reason = rx("patterns.reason")
        # -- tariffs
        # "a 25 percent levy", "punitive duties", "un gravamen del 30 %": tariffs by other names
        self.tariff_word = rx("patterns.tariff_word")
        # a published list of proposed tariffs is a threat: "unveiled plans for 25 percent
        # tariffs on 106 U.S. products", "proposed duties on 1,300 Chinese goods"
        self.tariff_verb = rx("patterns.tariff_verb")
        self.tariff_outcome_withdrawn = rx("patterns.tariff_outcome_withdrawn")
        self.tariff_outcome_imposed = rx("patterns.tariff_outcome_imposed")
        self.tariff_trigger = rx("patterns.tariff_trigger")
        # -- decertifications
        self.decert = rx("patterns.decert")
        self.waiver_yes = rx("patterns.waiver_yes")
        self.waiver_no = rx("patterns.waiver_no")
        self.fiscal = rx("patterns.fiscal")
        # -- coca
        self.hectares = rx("patterns.hectares")
        self.coca = rx("patterns.coca")
        self.erad = rx("patterns.erad")
        self.other_crop = rx("patterns.other_crop")
        self.hypothetical_num = rx("patterns.hypothetical_num")
        self.legal_limit = rx("patterns.legal_limit")
        self.legal_after = rx("patterns.legal_after")
        self.tonnes = rx("patterns.tonnes")
        self.year4 = rx("patterns.year4")
        self.est_unodc = rx("patterns.est_unodc")
        self.est_ondcp = rx("patterns.est_ondcp")
        self.est_unodc_strong = rx("patterns.est_unodc_strong")
        self.est_ondcp_strong = rx("patterns.est_ondcp_strong")
        self.est_national = rx("patterns.est_national")
        # -- trade ranks
        self.rank = rx("patterns.rank")
        self.rank_es = rx("patterns.rank_es")
        self.rank_elliptic = rx("patterns.rank_elliptic")
        self.regional = rx("patterns.regional")
        self.overtake = rx("patterns.overtake")


def _trie(words) -> str:
    """A regular expression matching any of `words`, as a character trie: the country
    recogniser has some 1,700 forms, and a flat alternation retries each at every position.
    Longer forms are tried first at each branch, as in the flat alternation sorted by length
    (with backtracking, when the longer form is not followed by a word boundary)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(
            ((ch, sub) for ch, sub in node.items() if ch), key=lambda x: x[0])]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


def _spanish_names(pycountry) -> dict[str, str]:
    """Spanish country names from pycountry's own translations ("Bielorrusia", "Camboya"),
    less the ones that are common words or places in Spanish text."""
    import gettext

    gaz = load("gazetteer")
    not_names = frozenset(gaz["spanish_not_names"])
    out: dict[str, str] = {}
    try:
        es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    except OSError:
        es = None
    if es is not None:
        for c in pycountry.countries:
            for attr in ("name", "common_name"):
                name = getattr(c, attr, None)
                if not name:
                    continue
                name = es.gettext(name)
                if "," in name or "(" in name or name in not_names:
                    continue
                out.setdefault(name, c.alpha_3)
    for code, names in gaz["spanish_extra_names"].items():
        for name in names:
            out.setdefault(name, code)
    return out


@functools.cache
def patterns() -> Patterns:
    """The compiled patterns, built on first use (once per process)."""
    return Patterns()
