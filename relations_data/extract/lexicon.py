"""The extractor's knowledge, read from the data files in relations_data/extract/data/.

The rules (the modules of this package) are code; what they recognise is data, written once:

* ``regexes.yaml`` -- every module-level wording: trigger verbs, envoy nouns, modal verbs,
  date expressions, tariff/recall/decertification wordings, English and Spanish side by
  side, as ``<module>: {<NAME>: {pattern, flags}}``;
* ``lexicon.yaml`` -- word lists and small tables (keywords, month and weekday names,
  ordinals, number words, abbreviations, stop words);
* ``gazetteer.yaml`` -- the country recogniser's surface forms (names, capitals, demonyms,
  leaders, blockers), beyond the names pycountry gives.

Each file is read on first use and kept (once per process), and each pattern is compiled on
first use, so importing the extractor stays cheap. Modules hold :func:`rx` / :func:`words`
handles, which behave as the compiled pattern or the set/mapping/tuple they stand for.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

_FLAGS = {"IGNORECASE": re.I, "VERBOSE": re.X, "MULTILINE": re.M, "DOTALL": re.S}
# Word lists stored as YAML sequences but used as sets (membership tests) or tuples (order).
_AS = {"set": frozenset, "tuple": tuple, "map": dict}


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The data file relations_data/extract/data/<name>.yaml, parsed once."""
    import yaml  # deferred: only extraction needs it

    text = resources.files("relations_data.extract").joinpath("data", f"{name}.yaml").read_text(
        encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


@functools.cache
def regex(key: str) -> re.Pattern[str]:
    """The compiled pattern ``<module>.<NAME>`` of regexes.yaml."""
    module, _, name = key.partition(".")
    entry = load("regexes")[module][name]
    flags = 0
    for f in entry.get("flags") or ():
        flags |= _FLAGS[f]
    return re.compile(entry["pattern"], flags)


@functools.cache
def word_list(key: str) -> Any:
    """The word list or table ``key`` of lexicon.yaml, as the type its entry declares."""
    entry = load("lexicon")[key]
    return _AS[entry["as"]](entry["items"])


class _LazyPattern:
    """Stands for a compiled pattern; compiles it on first use, then gets out of the way (the
    pattern's methods are copied onto the instance, so later calls are direct)."""

    _COPIED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
               "pattern", "flags", "groups", "groupindex", "scanner")

    def __init__(self, key: str) -> None:
        self._key = key

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = regex(self._key)
        for attr in self._COPIED:
            self.__dict__[attr] = getattr(compiled, attr)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"rx({self._key!r})"


class _LazyWords:
    """Stands for a word list or table of lexicon.yaml, read on first use."""

    def __init__(self, key: str) -> None:
        self._key = key

    def _v(self) -> Any:
        return word_list(self._key)

    def __contains__(self, item: object) -> bool:
        return item in self._v()

    def __iter__(self):
        return iter(self._v())

    def __len__(self) -> int:
        return len(self._v())

    def __getitem__(self, key: Any) -> Any:
        return self._v()[key]

    def __getattr__(self, name: str) -> Any:  # get, items, keys, values, index, ...
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._v(), name)

    def __repr__(self) -> str:
        return f"words({self._key!r})"


def rx(key: str) -> Any:
    """A handle on pattern ``key`` of regexes.yaml, compiled when first used."""
    return _LazyPattern(key)


def words(key: str) -> Any:
    """A handle on word list ``key`` of lexicon.yaml, read when first used."""
    return _LazyWords(key)
