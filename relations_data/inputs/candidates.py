"""Reviewed candidates: the extractor's proposals, with a coder's decision on each.

`relations-data extract` proposes; `relations-data review --add` files the proposals in
raw/candidates/<table>.yaml as `open`; a coder accepts or rejects each (`review --accept` /
`--reject`, which record who decided, when and why). The build reads this file like any other
input and never runs the extractor, so a release depends only on what is committed.

An accepted candidate whose values give the natural key of a hand-coded record becomes
evidence for that record (method = extracted; where its values differ, they are kept as the
evidence's claims). One that matches no record becomes a record of its own, with
method = extracted and the extractor's confidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relations_data.coded import Coded, Origin, convert, fill_derived, read_evidence, record_id
from relations_data.errors import Problem
from relations_data.rawfiles import YamlList, display
from relations_data.schema import Table
from relations_data.sources import Source

FOLDER = "candidates"
STATUSES = ("open", "accepted", "rejected")
FIELDS = {"id", "status", "source", "quote", "confidence", "values", "proposed_by", "note",
          "decided_by", "decided_on", "reason"}
# Columns an extractor never sets: the build's own, and the record-level ones it fills itself.
NOT_PROPOSED = {"method", "confidence", "notes"}
ACCEPTED_NOTE = "Proposed by the extractor from {source}; accepted by {by} on {on}: {why}"


@dataclass
class Candidate:
    """One entry of raw/candidates/<table>.yaml, as read."""

    table: str
    id: str
    status: str
    source: str
    quote: str
    values: dict[str, Any]
    confidence: float | None
    line: int | None
    entry: dict  # the entry as written, for review to write back unchanged


def candidate_id(table: str, source: str, quote: str, values: dict) -> str:
    """Stable across runs: the same values proposed from the same quote of the same source.
    Given when a proposal is filed; a coder may then complete or correct the values."""
    import json

    proposed = json.dumps({k: v for k, v in values.items() if v is not None}, sort_keys=True, default=str)
    text = "\x1f".join([table, source, " ".join(quote.split()), proposed])
    return "CAN-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_candidate_files(raw_dir: Path, tables: dict[str, Table]) -> tuple[list[Candidate], list[Problem]]:
    """Every entry of raw/candidates/*.yaml, with problems of shape and decision."""
    folder = raw_dir / FOLDER
    if not folder.is_dir():
        return [], []
    candidates, problems, seen = [], [], set()
    facts = {name: t for name, t in tables.items() if t.is_fact}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        name = display(path)
        if path.suffix not in (".yaml", ".yml") or path.stem not in facts:
            problems.append(Problem(name, message=(
                f"raw/candidates/ holds one <table>.yaml per fact table: name it after one of {', '.join(facts)}")))
            continue
        entries = YamlList(path, "candidates")
        for n, entry in enumerate(entries, 1):
            candidate, found = _candidate(entry, n, name, path.stem)
            problems += found
            if candidate is None:
                continue
            if candidate.id in seen:
                problems.append(Problem(name, candidate.line, f"candidate {n} ({candidate.id})", "id",
                                        "listed twice: keep one entry per candidate"))
                continue
            seen.add(candidate.id)
            candidates.append(candidate)
        if entries.problem:
            problems.append(entries.problem)
    return candidates, problems


def _candidate(entry: Any, n: int, name: str, table: str) -> tuple[Candidate | None, list[Problem]]:
    line = getattr(entry, "line", None)
    if not isinstance(entry, dict):
        return None, [Problem(name, line, f"candidate {n}", message="expected a mapping (id, status, source, quote, values…)")]
    label = f"candidate {n} ({entry.get('id', '?')})"

    def problem(column: str | None, message: str) -> Problem:
        return Problem(name, line, label, column, message)

    problems = [problem(key, f"unknown field: use {', '.join(sorted(FIELDS))}") for key in entry if key not in FIELDS]
    status = entry.get("status")
    if status not in STATUSES:
        problems.append(problem("status", f"{status!r} is not a status: write one of {', '.join(STATUSES)}"))
    for key in ("id", "source", "quote"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(problem(key, "missing: every candidate names its id, source and verbatim quote"))
    if not isinstance(entry.get("values"), dict):
        problems.append(problem("values", "expected a mapping of column: proposed value"))
    if status in ("accepted", "rejected"):
        for key in ("decided_by", "decided_on", "reason"):
            if entry.get(key) in (None, ""):
                problems.append(problem(key, f"a decision needs decided_by, decided_on and reason: "
                                             f"use `relations-data review --{status[:-2]} {entry.get('id')}`"))
        if entry.get("decided_on") is not None and _date(entry["decided_on"]) is None:
            problems.append(problem("decided_on", f"{entry['decided_on']!r} is not a real date: write YYYY-MM-DD"))
    confidence = entry.get("confidence")
    if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, (int, float))):
        problems.append(problem("confidence", f"expected a number from 0 to 1, got {confidence!r}"))
    if problems:
        return None, problems
    return Candidate(table, entry["id"], status, entry["source"], entry["quote"], dict(entry["values"]),
                     confidence, line, dict(entry)), []


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass
class Accepted:
    """Accepted candidates, ready for the coded reader: evidence items by the record_id their
    values give, and the first candidate's row for each id."""

    evidence: dict[str, list[tuple[dict, Origin]]]
    rows: dict[str, tuple[Candidate, dict]]


def accepted_candidates(raw_dir: Path, tables: dict[str, Table]) -> tuple[Accepted, list[Problem]]:
    """The accepted candidates' evidence items by the record_id their values give, for the
    coded reader to add to the hand-coded record of that id (see coded.read_coded); what no
    record takes becomes a record of its own (add_new_records)."""
    candidates, problems = read_candidate_files(raw_dir, tables)
    accepted = Accepted({}, {})
    for candidate in (c for c in candidates if c.status == "accepted"):
        table = tables[candidate.table]
        origin = Origin(display(raw_dir / FOLDER / f"{table.name}.yaml"), candidate.line, f"candidate {candidate.id}")
        row, found = _typed(candidate, table, origin)
        problems += found
        if found:
            continue
        claims = {k: v for k, v in candidate.values.items() if _comparable(table, k)}
        rid = record_id(table, row)
        accepted.evidence.setdefault(rid, []).append(({"source": candidate.source, "quote": candidate.quote,
                                                       "claims": claims}, origin))
        accepted.rows.setdefault(rid, (candidate, row))
    return accepted, problems


def add_new_records(coded: Coded, accepted: Accepted, tables: dict[str, Table], sources: dict[str, Source]) -> list[Problem]:
    """Accepted candidates that matched no hand-coded record (what the coded reader left in
    coded.corroborating), as records of their own."""
    problems: list[Problem] = []
    for rid, items in sorted(coded.corroborating.items()):
        origin = items[0][1]
        candidate, row = accepted.rows[rid]
        table = tables[candidate.table]
        entry = candidate.entry
        row = dict(row, record_id=rid, method="extracted", confidence=candidate.confidence,
                   notes=ACCEPTED_NOTE.format(source=candidate.source, by=entry["decided_by"], on=entry["decided_on"],
                                              why=" ".join(str(entry["reason"]).split())))
        evidence = []
        for item, where in items:
            found, found_problems = read_evidence([item], row, table, sources, where.file, where, method="extracted")
            evidence += found
            problems += found_problems
        coded.add(table.name, row, origin)
        for ev in evidence:
            coded.add("evidence", ev, origin)
    coded.corroborating.clear()
    return problems


def _typed(candidate: Candidate, table: Table, origin: Origin) -> tuple[dict, list[Problem]]:
    """The candidate's values as a typed row of its table; an accepted candidate must give
    every required value (a coder completes what the text leaves out before accepting)."""
    problems: list[Problem] = []
    columns = {c.name: c for c in table.coded_columns if c.name not in NOT_PROPOSED}
    for key in candidate.values:
        if key not in columns:
            problems.append(Problem(origin.file, origin.line, origin.record, key,
                                    f"unknown column for {table.name}: use one of {', '.join(columns)}"))
    row: dict[str, Any] = {}
    for col in table.coded_columns:
        raw = candidate.values.get(col.name, col.default) if col.name in columns else None
        if raw is None:
            if col.required and col.name in columns:
                problems.append(Problem(origin.file, origin.line, origin.record, col.name,
                                        f"missing required value: add it to the candidate's values before accepting it"))
            row[col.name] = None
            continue
        value, error = convert(raw, col)
        if error:
            problems.append(Problem(origin.file, origin.line, origin.record, col.name, error))
        row[col.name] = value
    fill_derived(table, row)
    return row, problems


def _comparable(table: Table, column: str) -> bool:
    """Free text (a reason, a scope) never matches a coder's wording: it is no claim."""
    col = table.column(column)
    return not (col.type == "string" and not col.allowed)


HEADER = """\
# Proposals of the extractor for the {table} table, and a coder's decision on each.
# Written by `relations-data review`: --add files proposals (status: open); --accept and
# --reject record who decided, when and why. The build publishes accepted candidates only.
"""
ORDER = ["id", "status", "source", "quote", "confidence", "values", "proposed_by", "note",
         "decided_by", "decided_on", "reason"]


def write_candidate_file(path: Path, table: str, entries: list[dict]) -> None:
    """The file as review writes it: entries in the order given, fields in ORDER, written to a
    temporary file and renamed, so an interrupted write loses nothing."""
    import os

    import yaml

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value.isoformat() if isinstance(value, dt.date) else value

    items = [{k: plain(e[k]) for k in ORDER if e.get(k) is not None} for e in entries]
    text = HEADER.format(table=table) + yaml.safe_dump({"candidates": items}, sort_keys=False, allow_unicode=True,
                                                       width=100, default_flow_style=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
