"""The extractor's vocabularies: the tables it proposes records for (their columns read from
schemas/), the country recogniser's surface forms (data/gazetteer.yaml) and word lists
(data/lexicon.yaml). Nothing is read until first used, so importing this module is cheap.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

from relations_data.extract.lexicon import load, words

# The tables the extractor has rules for (one module each); their columns come from schemas/.
EXTRACTED_TABLES = ("coca_cultivation", "trade_partner_ranks", "decertifications",
                    "tariff_threats", "diplomatic_recalls")


@functools.cache
def _schema_columns() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    from relations_data.schema import common_fact_columns, load_schemas

    tables, common = load_schemas(), set(common_fact_columns())
    columns = {t: tuple(c.name for c in tables[t].columns if c.name not in common)
               for t in EXTRACTED_TABLES}
    return columns, {t: tables[t].natural_key for t in EXTRACTED_TABLES}


class _FromSchemas(Mapping):
    """table -> its own columns (or natural key) in schema order, read from schemas/ on first use."""

    def __init__(self, which: int) -> None:
        self._which = which

    def _d(self) -> dict[str, tuple[str, ...]]:
        return _schema_columns()[self._which]

    def __getitem__(self, table: str) -> tuple[str, ...]:
        return self._d()[table]

    def __iter__(self) -> Iterator[str]:
        return iter(EXTRACTED_TABLES)

    def __len__(self) -> int:
        return len(EXTRACTED_TABLES)


TABLE_COLUMNS: Mapping[str, tuple[str, ...]] = _FromSchemas(0)
NATURAL_KEYS: Mapping[str, tuple[str, ...]] = _FromSchemas(1)

# Sections of data/gazetteer.yaml, earlier ones winning where two give the same form.
_SECTIONS = (("leaders", "leader"), ("capitals", "capital"), ("demonyms", "demonym"),
             ("names", "name"), ("world_capitals", "capital"), ("world_demonyms", "demonym"))


def surface_forms() -> dict[str, tuple[str | None, str]]:
    """Map each surface form to (alpha-3 code or None, kind); blockers map to None."""
    gaz = load("gazetteer")
    forms: dict[str, tuple[str | None, str]] = {}
    for section, kind in _SECTIONS:
        for code, names in gaz[section].items():
            for form in names:
                forms.setdefault(form, (code, kind))
    for form in gaz["blockers"]:
        forms[form] = (None, "blocker")
    return forms


def ambiguous_names() -> frozenset[str]:
    """pycountry names too ambiguous in running text to count as the country."""
    return frozenset(load("gazetteer")["ambiguous_names"])


MONTHS = words("months")
WEEKDAYS = words("weekdays")
ORDINALS = words("ordinals")
# Sentence-final abbreviations that do not end a sentence.
ABBREVIATIONS = words("abbreviations")
# Coca-producing countries, preferred when a coca sentence names several states.
COCA_PRODUCERS = words("coca_producers")
