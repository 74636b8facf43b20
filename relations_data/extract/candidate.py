"""The candidate record the extractor proposes, and the columns of each table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relations_data.extract import vocab as P


TABLE_COLUMNS = P.TABLE_COLUMNS
DATE_COLUMNS = frozenset({"event_date", "return_date"})


@dataclass(frozen=True)
class Candidate:
    """One proposed record, with the verbatim quote that asserts it.

    ``values`` maps the table's columns to JSON-friendly values (dates as ISO strings, None
    where the text does not give the value). ``text[char_start:char_end] == quote``.
    """

    table: str
    values: dict[str, Any] = field(hash=False)
    source: str
    quote: str
    char_start: int
    char_end: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table": self.table}
        for col in TABLE_COLUMNS[self.table]:
            out[col] = self.values.get(col)
        out.update(source=self.source, quote=self.quote, char_start=self.char_start,
                   char_end=self.char_end, confidence=self.confidence)
        return out
