"""Stage 2b, extracted records: what the extractor finds in the stored sources, merged with
the hand-coded records.

A candidate that matches a hand-coded record (same table and natural key) becomes
corroborating evidence for it. One that matches none becomes a record of its own, with
method = extracted and the extractor's confidence, unless a coder rejected it in
raw/coded/_rejected.yaml. A candidate that could not be published as it stands (a required
value missing, a failed check, a match with several records) is held back, never dropped
silently: `relations-data review` lists it with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relations_data.coded import (REJECTIONS_FILE, Coded, Origin, Rows, _digest, convert, disputed_columns, fill_derived,
                                  fold_text, record_id)
from relations_data.errors import Problem
from relations_data.rawfiles import display, read_yaml
from relations_data.schema import Table
from relations_data.sources import Source

EXTRACTED_NOTE = "Proposed by the extractor from {source}; not reviewed by a coder."


@dataclass
class Review:
    """What extraction did to the release, for `relations-data review`."""

    published: list[dict] = field(default_factory=list)  # extracted-only records, as published
    corroborating: int = 0  # quotes added to hand-coded records
    held_back: list[dict] = field(default_factory=list)  # candidates not published, with why
    rejected: list[dict] = field(default_factory=list)  # candidates a coder rejected
    unused_rejections: list[str] = field(default_factory=list)  # rejections no candidate matched


def read_rejections(raw_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """record_id -> reason, from raw/coded/_rejected.yaml (optional)."""
    path = raw_dir / "coded" / REJECTIONS_FILE
    if not path.exists():
        return {}, []
    doc, problem = read_yaml(path)
    if problem:
        return {}, [problem]
    name = display(path)
    items = doc.get("rejected") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        return {}, [Problem(name, message="expected a top-level 'rejected:' list of {record_id, reason}")]
    rejections, problems = {}, []
    for n, item in enumerate(items, 1):
        line = getattr(item, "line", None)
        if not isinstance(item, dict) or not isinstance(item.get("record_id"), str) \
                or not isinstance(item.get("reason"), str) or not item["reason"].strip():
            problems.append(Problem(name, line, f"rejection {n}", message=(
                "each rejection needs a record_id (from `relations-data review`) and a reason")))
            continue
        rejections[item["record_id"]] = item["reason"].strip()
    return rejections, problems


def merge(coded: Coded, tables: dict[str, Table], sources: dict[str, Source], rejections: dict[str, str],
          accept: Callable[[Table, list[dict]], list[str | None]]) -> Review:
    """Add extracted evidence and records to coded; `accept` says, for a table's new records,
    why each cannot be published (None when it can)."""
    from relations_data.extract import extract_text

    review = Review()
    hand = {name: _HandIndex(table, coded[name]) for name, table in tables.items() if table.is_fact}
    new: dict[str, tuple[Table, dict, Origin, list[dict]]] = {}
    evidence_keys = _EvidenceKeys(coded["evidence"])
    for source in sorted((s for s in sources.values() if s.stored), key=lambda s: s.source_id):
        for candidate in extract_text(source.text, source=source.source_id, published_date=source.published_date):
            table = tables.get(candidate.table)
            if table is None or source.text[candidate.char_start:candidate.char_end] != candidate.quote:
                continue
            row, why = _row(candidate, table)
            summary = _summary(candidate, table, row)
            if why:
                review.held_back.append(dict(summary, reason=why))
                continue
            matches = _matching_records(table, row, hand[table.name].candidates_for(row))
            if len(matches) > 1:
                review.held_back.append(dict(summary, reason=(
                    f"matches {len(matches)} hand-coded records: add the quote to the right one by hand")))
                continue
            target = matches[0] if matches else None
            if target is None:
                row["record_id"] = record_id(table, row)
                if row["record_id"] in rejections:
                    review.rejected.append(dict(summary, record_id=row["record_id"], reason=rejections[row["record_id"]]))
                    continue
                if row["record_id"] not in new:
                    origin = Origin(f"raw/{source.path}", None, f"extracted {table.name} record {row['record_id']}")
                    new[row["record_id"]] = (table, row, origin, [])
                target = new[row["record_id"]][1]
            evidence = _evidence(candidate, target, row, table)
            if not evidence_keys.add(evidence):
                continue
            if matches:
                coded.add("evidence", evidence, Origin(f"raw/{source.path}", None, f"extracted evidence for {target['record_id']}"))
                review.corroborating += 1
            else:
                new[row["record_id"]][3].append(evidence)
    for name in sorted({table.name for table, *_ in new.values()}):
        items = [new[rid] for rid in sorted(new) if new[rid][0].name == name]
        reasons = accept(tables[name], [row for _, row, _, _ in items])
        for (table, row, origin, evidence), why in zip(items, reasons):
            if why:  # the same columns as every other review row, so `review --all` can list it
                review.held_back.append(dict(_summary_row(table, row), reason=why, quote=evidence[0]["quote"],
                                             source=evidence[0]["source_id"]))
                continue
            row["disputed_columns"] = disputed_columns(evidence)
            coded.add(table.name, row, origin)
            for ev in evidence:
                coded.add("evidence", ev, origin)
            review.published.append(dict(_summary_row(table, row), quote=evidence[0]["quote"],
                                         source=evidence[0]["source_id"]))
    used = {r["record_id"] for r in review.rejected}
    review.unused_rejections = sorted(set(rejections) - used)
    return review


def _row(candidate, table: Table) -> tuple[dict, str | None]:
    """The candidate as a typed row of its table, or why it cannot be one."""
    row: dict[str, Any] = {}
    for col in table.coded_columns:
        raw = candidate.values.get(col.name, col.default)
        if col.name == "method":
            raw = "extracted"
        elif col.name == "confidence":
            raw = candidate.confidence
        elif col.name == "notes":
            raw = EXTRACTED_NOTE.format(source=candidate.source)
        if raw is None:
            if col.required:
                return row, f"the text gives no {col.name}"
            row[col.name] = None
            continue
        value, error = convert(raw, col)
        if error:
            return row, f"{col.name}: {error}"
        row[col.name] = value
    fill_derived(table, row)
    return row, None


class _HandIndex:
    """A table's hand-coded records indexed by a hash of their text and country key values, so
    each candidate is compared with the few records that could match, not with all of them.

    A candidate that lacks some of those values is looked up on the ones it gives (a missing
    value matches any), in an index made for that set of columns when first needed. An index
    is two integer arrays (sorted hashes and their rows): at a million records, Python
    buckets of key tuples cost more memory than the records themselves. A hash shared by
    different keys only adds a record that _matching_records then tells apart.
    """

    def __init__(self, table: Table, rows: Rows):
        self.rows = rows
        self.columns = tuple(c.name for c in table.columns if c.name in table.natural_key and c.type in ("string", "country"))
        self.indexes: dict[tuple[str, ...], tuple[Any, Any]] = {}

    def candidates_for(self, row: dict) -> list[dict]:
        import numpy as np

        given = tuple(c for c in self.columns if row.get(c) is not None)
        if given not in self.indexes:
            columns = zip(self.rows.column("method"), *(self.rows.column(c) for c in given))
            hashes = np.fromiter((hash(tuple(_fold(v) for v in values)) if method == "hand" else _NOT_HAND
                                  for method, *values in columns), dtype=np.int64, count=len(self.rows))
            order = np.argsort(hashes, kind="stable")
            self.indexes[given] = (hashes[order], order)
        hashes, order = self.indexes[given]
        wanted = hash(tuple(_fold(row[c]) for c in given))
        found = order[np.searchsorted(hashes, wanted, "left"):np.searchsorted(hashes, wanted, "right")]
        return [r for r in (self.rows.row(int(i)) for i in found) if r.get("method") == "hand"]


_NOT_HAND = 0  # the hash given to rows that are not hand-coded; candidates_for filters them out


class _EvidenceKeys:
    """The (record_id, source_id, folded quote) of every evidence row, to skip a candidate's
    quote a record already has. Kept as sorted hashes: a million quotes need not be copied to
    be compared."""

    def __init__(self, evidence: Rows):
        import numpy as np

        columns = zip(evidence.column("record_id"), evidence.column("source_id"), evidence.column("quote"))
        self.known = np.sort(np.fromiter((self._hash(*key) for key in columns), dtype=np.int64, count=len(evidence)))
        self.added: set[int] = set()

    @staticmethod
    def _hash(record_id: str, source_id: str, quote: str) -> int:
        return hash((record_id, source_id, " ".join(quote.split())))

    def add(self, evidence: dict) -> bool:
        """Record the evidence row's key; False if some row had it already."""
        import numpy as np

        key = self._hash(evidence["record_id"], evidence["source_id"], evidence["quote"])
        at = np.searchsorted(self.known, key)
        if key in self.added or (at < len(self.known) and self.known[at] == key):
            return False
        self.added.add(key)
        return True


def _fold(value: Any) -> Any:
    return fold_text(value) if isinstance(value, str) else value


def _matching_records(table: Table, row: dict, records: list[dict]) -> list[dict]:
    """Hand-coded records with the same natural key. A key value the text does not give
    matches any; dates compare at the coarser of the two precisions."""
    given = [k for k in table.natural_key if row.get(k) is not None]
    if not given:
        return []
    matches = [r for r in records if r.get("method") == "hand" and all(_same(k, row, r) for k in given)]
    if len(matches) > 1:  # a missing key value matched several: let other shared dates decide
        dates = [c.name for c in table.columns if c.type == "date" and c.name not in given and row.get(c.name)]
        narrowed = [r for r in matches if all(_same(k, row, r) for k in dates)]
        matches = narrowed or matches
    return matches


def _same(column: str, a: dict, b: dict) -> bool:
    x, y = a.get(column), b.get(column)
    if isinstance(x, dt.date) and isinstance(y, dt.date):
        rank = {"year": 0, "month": 1, "day": 2}
        precision = min(rank.get(a.get(f"{column}_precision") or "day", 2), rank.get(b.get(f"{column}_precision") or "day", 2))
        return (x.year, x.month, x.day)[: precision + 1] == (y.year, y.month, y.day)[: precision + 1]
    if isinstance(x, str) and isinstance(y, str):
        return fold_text(x) == fold_text(y)
    return x == y


def _evidence(candidate, record: dict, row: dict, table: Table) -> dict:
    import json

    claims = {}
    for col in table.coded_columns:
        if col.name in ("method", "confidence", "notes") or candidate.values.get(col.name) is None:
            continue
        if col.type == "string" and not col.allowed:
            continue  # free text (a reason, a scope) never matches a coder's wording: no claim
        if not _same(col.name, row, record):
            value = row[col.name]
            claims[col.name] = value.isoformat() if isinstance(value, dt.date) else value
    return {
        "evidence_id": "EV-" + _digest(record["record_id"], candidate.source, " ".join(candidate.quote.split()))[:12],
        "record_id": record["record_id"], "table_name": table.name, "source_id": candidate.source,
        "quote": candidate.quote, "char_start": candidate.char_start, "char_end": candidate.char_end,
        "verified": True, "claims": json.dumps(claims, sort_keys=True, ensure_ascii=False) if claims else None,
        "method": "extracted",
    }


def _summary(candidate, table: Table, row: dict) -> dict:
    return {"table": table.name, "source": candidate.source, "confidence": candidate.confidence,
            "key": _key(table, row), "quote": candidate.quote}


def _summary_row(table: Table, row: dict) -> dict:
    return {"table": table.name, "record_id": row["record_id"], "confidence": row.get("confidence"),
            "key": _key(table, row)}


def _key(table: Table, row: dict) -> str:
    return ", ".join(f"{k}={row[k].isoformat() if isinstance(row.get(k), dt.date) else row.get(k)}" for k in table.natural_key)
