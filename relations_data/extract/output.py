"""Output formats of candidates: JSON lines and raw/coded-shaped YAML."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from relations_data.extract.candidate import Candidate, DATE_COLUMNS, TABLE_COLUMNS


# --------------------------------------------------------------------------------------------
# Output


def to_jsonl(candidates: Iterable[Candidate]) -> str:
    """One JSON object per line (Candidate.to_dict()), `source` as the text's id (its file name
    without .txt, as in the YAML and in raw/sources/) and `path` as the file read."""
    lines = []
    for c in candidates:
        item = c.to_dict()
        item["path"], item["source"] = c.source, _source_id(c.source)
        lines.append(json.dumps(item, ensure_ascii=False) + "\n")
    return "".join(lines)


def _source_id(source: str) -> str:
    return Path(source).stem if source and not source.startswith("<") else source


def to_yaml(candidates: Iterable[Candidate]) -> str:
    """Records in the shape of raw/coded/<table>.yaml, grouped by table.

    ``{table: {records: [{<columns>, method: extracted, confidence, evidence: [{source,
    quote}]}]}}``; candidates with identical values become one record with several quotes.
    """
    import yaml

    tables: dict[str, dict[str, dict]] = {}
    for c in candidates:
        recs = tables.setdefault(c.table, {})
        key = json.dumps(c.values, sort_keys=True, default=str)
        rec = recs.get(key)
        if rec is None:
            rec = {}
            for col in TABLE_COLUMNS[c.table]:
                v = c.values.get(col)
                if col in DATE_COLUMNS and isinstance(v, str):
                    v = dt.date.fromisoformat(v)
                rec[col] = v
            rec.update(method="extracted", confidence=c.confidence, evidence=[])
            recs[key] = rec
        rec["confidence"] = max(rec["confidence"], c.confidence)
        ev = {"source": _source_id(c.source), "quote": c.quote, "char_start": c.char_start, "char_end": c.char_end}
        if ev not in rec["evidence"]:
            rec["evidence"].append(ev)
    doc = {t: {"records": list(recs.values())} for t, recs in tables.items()}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100_000)
