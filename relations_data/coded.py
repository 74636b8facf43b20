"""Stage 2, records: the hand-coded facts in raw/coded/<table>.yaml and their evidence.

Each record gives a table's columns and one or more pieces of evidence, a source_id and the
verbatim quote that asserts the record. Here values are checked for type, quotes are found
in their stored texts, and the build's own record_id is derived (disputed_columns is derived
from all of a record's evidence by the validator, once every input is read).
Range, vocabulary and key checks are the validator's (stage 3).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relations_data.errors import Problem
from relations_data.rawfiles import YamlList, display
from relations_data.rows import Rows
from relations_data.schema import Column, Table
from relations_data.sources import Source

EVIDENCE_FIELDS = {"source", "quote", "claims"}
MAX_EXACT_INT = 2**53


@dataclass(frozen=True)
class Origin:
    """Where a row came from, so every report can name the file, line and record."""

    file: str
    line: int | None
    record: str


class Coded:
    """The rows read so far, per table, and the problems already reported about them."""

    def __init__(self, tables: dict[str, Table], corroborating: dict[str, list[tuple[dict, Origin]]] | None = None):
        self.schemas = tables
        # record_id -> accepted candidates' evidence items for that record (see inputs/candidates.py)
        self.corroborating = corroborating if corroborating is not None else {}
        self.tables: dict[str, Rows] = {name: Rows(t) for name, t in tables.items()}
        # (table, row index, column) already reported by the reader: the validator stays quiet
        # about them, but still checks the record's other values.
        self.reported: set[tuple[str, int, str]] = set()

    def __getitem__(self, table: str) -> Rows:
        return self.tables[table]

    def add(self, table: str, row: dict, origin: Origin, reported: set[str] = frozenset()) -> int:
        index = self.tables[table].add(row, origin.file, origin.line, label=origin.record)
        self.reported.update((table, index, column) for column in reported)
        return index

    def origin(self, table: str, index: int) -> Origin:
        """Where row index of table came from (an evidence row: its record's origin)."""
        rows = self.tables[table]
        parent = rows.parent[index]
        if parent >= 0:
            return self.origin(rows.row(index)["table_name"], parent)
        label = rows.labels.get(index)
        if label is None:
            label = record_label(rows.number[index], rows.row(index), self.schemas[table])
            if rows.word != "record":
                label = label.replace("record", rows.word, 1)
        return Origin(rows.files[rows.file[index]], rows.line[index] or None, label)


def read_coded(raw_dir: Path, tables: dict[str, Table], sources: dict[str, Source],
               corroborating: dict[str, list[tuple[dict, Origin]]] | None = None) -> tuple[Coded, list[Problem]]:
    """The fact tables from raw/coded/ and the reference tables from raw/reference/;
    `corroborating` holds evidence of accepted candidates, by the record_id it supports."""
    coded = Coded(tables, corroborating)
    problems = read_reference(raw_dir, tables, coded)
    coded_dir = raw_dir / "coded"
    if not coded_dir.is_dir():
        return coded, [Problem(display(coded_dir), message="folder is missing: raw/coded/ must hold one YAML file per table")]
    facts = {name: t for name, t in tables.items() if t.is_fact}
    for path in sorted(coded_dir.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix not in (".yaml", ".yml"):
            problems.append(Problem(display(path), message="not a YAML file: raw/coded/ holds only <table>.yaml files"))
            continue
        table = facts.get(path.stem)
        if table is None:
            problems.append(Problem(display(path), message=(
                f"unknown table {path.stem!r}: name the file after one of {', '.join(facts)}")))
            continue
        problems += _read_table_file(path, table, sources, coded)
    return coded, problems


def _read_table_file(path: Path, table: Table, sources: dict[str, Source], coded: Coded) -> list[Problem]:
    """Records are read one at a time as the file is parsed: a large file is never held whole."""
    records = YamlList(path, "records")
    problems: list[Problem] = []
    for n, record in enumerate(records, 1):
        problems += _read_record(record, n, records.name, table, sources, coded)
    return problems + ([records.problem] if records.problem else [])


def read_reference(raw_dir: Path, tables: dict[str, Table], coded: Coded) -> list[Problem]:
    """Reference tables (countries, coverage): plain rows in raw/reference/<table>.yaml."""
    problems: list[Problem] = []
    for table in tables.values():
        if table.kind != "reference":
            continue
        path = raw_dir / "reference" / f"{table.name}.yaml"
        if not path.exists():
            problems.append(Problem(display(path), message=f"file is missing: declare the {table.name} table's rows here ({table.title})"))
            continue
        rows = YamlList(path, "rows")
        coded[table.name].word = "row"
        for n, item in enumerate(rows, 1):
            line = getattr(item, "line", None)
            if not isinstance(item, dict):
                problems.append(Problem(display(path), line, f"row {n}", message="expected a mapping of column: value"))
                continue
            origin = Origin(display(path), line, record_label(n, item, table).replace("record", "row", 1))
            row, found = _typed_values(item, table, origin, allowed_extra=set())
            coded.add(table.name, row, origin, reported={p.column for p in found if p.column})
            problems += found
        if rows.problem:
            problems.append(rows.problem)
    return problems


def record_label(n: int, record: dict, table: Table) -> str:
    keys = ", ".join(f"{k}={record[k]}" for k in table.natural_key if isinstance(record, dict) and record.get(k) is not None)
    return f"record {n} ({keys})" if keys else f"record {n}"


def _read_record(record: Any, n: int, name: str, table: Table, sources: dict[str, Source], coded: Coded) -> list[Problem]:
    line = getattr(record, "line", None)
    if not isinstance(record, dict):
        return [Problem(name, line, f"record {n}", message="expected a mapping of column: value")]
    origin = Origin(name, line, record_label(n, record, table))

    def problem(column: str | None, message: str) -> Problem:
        return Problem(name, line, origin.record, column, message)

    row, problems = _typed_values(record, table, origin, allowed_extra={"evidence"})
    evidence = record.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        problems.append(problem("evidence", "every record needs at least one evidence item: a source and the verbatim quote that asserts it"))
        evidence = []
    # A record with problems still goes on to evidence and range checks (its bad values
    # left empty), so the coder sees every problem at once.
    row["record_id"] = record_id(table, row)
    ev_rows, ev_problems = read_evidence(evidence, row, table, sources, name, origin)
    problems += ev_problems
    for item, where in coded.corroborating.pop(row["record_id"], []):
        found, found_problems = read_evidence([item], row, table, sources, where.file, where, method="extracted")
        ev_rows += found
        problems += found_problems
    # A clean record's label is rebuilt from its values when needed; one already in a
    # report is kept, so later reports name it the same way.
    index = coded[table.name].add(row, name, line, number=n, label=origin.record if problems else None)
    coded.reported.update((table.name, index, p.column) for p in problems if p.column)
    for ev in ev_rows:
        coded["evidence"].add(ev, name, line, parent=index)
    return problems


def _typed_values(record: dict, table: Table, origin: Origin, allowed_extra: set[str]) -> tuple[dict, list[Problem]]:
    """The record's values as their columns' types, derived columns filled in."""
    def problem(column: str | None, message: str) -> Problem:
        return Problem(origin.file, origin.line, origin.record, column, message)

    problems: list[Problem] = []
    writable = {c.name: c for c in table.coded_columns}
    for key in record:
        if key in allowed_extra:
            continue
        if key not in writable:
            hint = "it is computed by the build; delete it" if key in table.column_names else \
                f"use one of {', '.join(writable)}"
            problems.append(problem(key, f"unknown column for {table.name}: {hint}"))
    row: dict[str, Any] = {}
    for col in table.coded_columns:
        raw = record.get(col.name, col.default)
        if raw is None:
            if col.required:
                problems.append(problem(col.name, f"missing required value: {col.description}"))
            row[col.name] = None
            continue
        value, error = convert(raw, col)
        if error:
            problems.append(problem(col.name, error))
        row[col.name] = value
    fill_derived(table, row)
    return row, problems


def fill_derived(table: Table, row: dict) -> None:
    """Set the columns derived from another column's value (CAMEO codes, ISO names)."""
    for col in table.columns:
        if col.lookup:
            row[col.name] = lookup(table.column(col.lookup["column"]), row.get(col.lookup["column"]), col.lookup["key"])


def lookup(source: Column, value: Any, key: str) -> Any:
    """A derived value: a code attached to a vocabulary value, or an ISO attribute of a country."""
    if value is None:
        return None
    if source.type == "country":
        import pycountry

        country = pycountry.countries.get(alpha_3=value)
        return getattr(country, {"iso_alpha2": "alpha_2"}.get(key, key), None) if country else None
    return (source.codes or {}).get(value, {}).get(key)


def read_evidence(items: list, row: dict, table: Table, sources: dict[str, Source], name: str,
                  origin: Origin, method: str = "hand") -> tuple[list[dict], list[Problem]]:
    rows, problems = [], []
    for i, item in enumerate(items, 1):
        line = getattr(item, "line", origin.line)

        def problem(message: str, column: str = "evidence") -> None:
            problems.append(Problem(name, line, f"{origin.record} evidence {i}", column, message))

        if not isinstance(item, dict):
            problem("expected a mapping with 'source' and 'quote'")
            continue
        for key in item:
            if key not in EVIDENCE_FIELDS:
                problem(f"unknown evidence field {key!r}: use source, quote and optionally claims")
        sid, quote = item.get("source"), item.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            problem("missing quote: copy the words of the source that assert this record")
            continue
        source = sources.get(sid) if isinstance(sid, str) else None
        if source is None:
            problem(f"source {sid!r} is not registered in raw/sources/*.yaml: register it or fix the source id")
            continue
        span = None
        if source.stored:
            span = source.locate(quote)
            if span is None:
                problem(f"quote not found in source {sid} ({source.path}): copy it verbatim from the text "
                        f"(differences of white space and quote marks are tolerated): {_clip(quote)!r}")
                continue
        claims, claim_problems = _claims(item.get("claims"), table)
        for message, column in claim_problems:
            problem(message, column)
        if claim_problems:
            continue
        rows.append({
            "evidence_id": "EV-" + _digest(row["record_id"], sid, " ".join(quote.split()))[:12],
            "record_id": row["record_id"], "table_name": table.name, "source_id": source.source_id,
            "quote": source.text[span[0]:span[1]] if span else quote.strip(),
            "char_start": span[0] if span else None, "char_end": span[1] if span else None,
            "verified": span is not None,
            "claims": _claims_json(claims, row),
            "method": method,
            "kind": "quote" if span else "citation",
        })
    return rows, problems


def _claims(raw: Any, table: Table) -> tuple[dict, list[tuple[str, str]]]:
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [("claims must be a mapping of column: the value this source asserts", "claims")]
    claims, problems = {}, []
    writable = {c.name: c for c in table.coded_columns}
    for column, value in raw.items():
        col = writable.get(column)
        if col is None:
            problems.append((f"claims names unknown column {column!r}: use one of {', '.join(writable)}", "claims"))
            continue
        if value is None:
            claims[column] = None
            continue
        converted, error = convert(value, col)
        if error:
            problems.append((f"claimed value: {error}", column))
        claims[column] = converted
    return claims, problems


def _claims_json(claims: dict, row: dict) -> str | None:
    """Only the claims that differ from the record: agreement needs no note."""
    differing = {k: _jsonable(v) for k, v in claims.items() if v != row.get(k)}
    return json.dumps(differing, sort_keys=True, ensure_ascii=False) if differing else None


def convert(value: Any, col: Column) -> tuple[Any, str | None]:
    """A YAML value as the column's type, or an error saying what to write instead."""
    kind = col.type
    if kind in ("string", "country"):
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        return None, f"expected text, got {value!r}"
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value).strip()), None
        except ValueError:
            return None, f"{value!r} is not a real date: write YYYY-MM-DD"
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        return None, f"expected true or false, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, f"expected a number, got {value!r}"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{value!r} is not a finite number"
    if abs(value) >= MAX_EXACT_INT:
        return None, f"{value!r} is too large to be a real figure: check the units"
    if kind == "integer":
        if isinstance(value, float) and not value.is_integer():
            return None, f"expected a whole number, got {value!r}"
        return int(value), None
    return float(value), None


def record_id(table: Table, row: dict) -> str:
    """Derived from the natural key alone, so it is stable across releases and row order."""
    return f"{table.id_prefix}-" + _digest(table.name, *(_key_text(row.get(k)) for k in table.natural_key))[:12]


def _key_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return fold_text(str(value))


def fold_text(text: str) -> str:
    """Text as compared across records: white space squeezed, case folded."""
    return " ".join(text.split()).casefold()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _clip(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
