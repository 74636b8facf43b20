"""Imports of published research data, kept the way Our World in Data keeps snapshots.

raw/imports/<name>/origin.yaml names the data set (title, publisher, version, licence, the
citation its authors ask for), the importer module that reads it
(relations_data/inputs/imports/<importer>.py, see base.py) and each upstream file with its
download URL, sha256 and retrieval date. The files themselves are not committed: the build reads
them from a data directory (`--imports-dir`, else $RELATIONS_DATA_IMPORTS, else a user cache that
`relations-data fetch-imports` fills from the URLs), after checking each file's sha256.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relations_data.errors import Problem
from relations_data.manifest import sha256_file
from relations_data.rawfiles import display, read_yaml

FOLDER = "imports"
ORIGIN_FILE = "origin.yaml"
ENV_VAR = "RELATIONS_DATA_IMPORTS"
FIELDS = {"title", "publisher", "version", "licence", "citation", "importer", "tables", "files", "language", "url",
          "notes", "status"}
STATUSES = ("published", "staged")  # staged: checked and fetchable, but not read by the build
FILE_FIELDS = {"name", "url", "sha256", "retrieved", "description"}
NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class UpstreamFile:
    name: str
    url: str
    sha256: str
    retrieved: dt.date
    description: str | None = None


@dataclass
class Import:
    """One raw/imports/<name>/origin.yaml."""

    name: str
    origin_file: str  # as reports name it
    title: str
    publisher: str
    version: str
    licence: str
    citation: str
    importer: str
    tables: tuple[str, ...]
    files: tuple[UpstreamFile, ...]
    language: str = "en"
    notes: str | None = None
    status: str = "published"
    paths: dict[str, Path] = field(default_factory=dict)  # file name -> checked local copy

    def source_id(self, file: UpstreamFile) -> str:
        """The id under which each upstream file is listed in `sources` and cited by evidence."""
        return f"{self.name}.{Path(file.name).stem}"


def default_data_dir() -> Path:
    """$RELATIONS_DATA_IMPORTS, else the user cache that `relations-data fetch-imports` fills."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    import pooch

    return Path(pooch.os_cache("relations-data")) / FOLDER


def read_imports(raw_dir: Path, tables: dict) -> tuple[list[Import], list[Problem]]:
    """Every raw/imports/<name>/origin.yaml, checked for shape (not yet for its files)."""
    folder = raw_dir / FOLDER
    if not folder.is_dir():
        return [], []
    imports, problems = [], []
    for sub in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        path = sub / ORIGIN_FILE
        if not sub.is_dir() or not path.is_file():
            problems.append(Problem(display(sub), message=(
                f"raw/imports/ holds one folder per import, each with an {ORIGIN_FILE}: add it or remove this")))
            continue
        found, found_problems = _read_origin(path, sub.name, tables)
        problems += found_problems
        if found:
            imports.append(found)
    return imports, problems


def _read_origin(path: Path, name: str, tables: dict) -> tuple[Import | None, list[Problem]]:
    where = display(path)
    doc, problem = read_yaml(path)
    if problem:
        return None, [problem]
    if not isinstance(doc, dict):
        return None, [Problem(where, message="expected a mapping: title, publisher, version, licence, citation, "
                                             "importer, tables, files")]

    def problem_at(key: str | None, message: str, line: Any = None) -> Problem:
        return Problem(where, line or getattr(doc, "line", None), f"import {name}", key, message)

    problems = [problem_at(k, f"unknown field: use {', '.join(sorted(FIELDS))}") for k in doc if k not in FIELDS]
    if not NAME.match(name):
        problems.append(problem_at(None, "the folder name must be lower-case letters, digits and '_'"))
    for key in ("title", "publisher", "version", "licence", "citation", "importer"):
        if not isinstance(doc.get(key), (str, int, float)) or not str(doc[key]).strip():
            problems.append(problem_at(key, "missing: say it as the data's publisher does"))
    if doc.get("status", "published") not in STATUSES:
        problems.append(problem_at("status", f"write one of {', '.join(STATUSES)} (default published)"))
    importer = str(doc.get("importer", ""))
    if importer and not NAME.match(importer):
        problems.append(problem_at("importer", "name a module of relations_data/inputs/imports/ (e.g. cow_trade)"))
    table_names = doc.get("tables")
    if not isinstance(table_names, list) or not table_names or any(t not in tables for t in table_names):
        problems.append(problem_at("tables", f"list the tables it fills, among {', '.join(tables)}"))
    files: list[UpstreamFile] = []
    entries = doc.get("files")
    if not isinstance(entries, list) or not entries:
        problems.append(problem_at("files", "list each upstream file: name, url, sha256, retrieved"))
        entries = []
    for n, entry in enumerate(entries, 1):
        found, found_problems = _upstream_file(entry, n, lambda k, m, line=None: problem_at(k, m, line))
        problems += found_problems
        if found:
            files.append(found)
    if problems:
        return None, problems
    return Import(name=name, origin_file=where, title=str(doc["title"]).strip(), publisher=str(doc["publisher"]).strip(),
                  version=str(doc["version"]), licence=str(doc["licence"]).strip(),
                  citation=" ".join(str(doc["citation"]).split()), importer=importer, tables=tuple(table_names),
                  files=tuple(files), language=str(doc.get("language") or "en"),
                  notes=" ".join(str(doc["notes"]).split()) if doc.get("notes") else None,
                  status=doc.get("status", "published")), []


def _upstream_file(entry: Any, n: int, problem_at) -> tuple[UpstreamFile | None, list[Problem]]:
    line = getattr(entry, "line", None)
    if not isinstance(entry, dict):
        return None, [problem_at("files", f"file {n}: expected a mapping: name, url, sha256, retrieved", line)]
    problems = [problem_at("files", f"file {n}: unknown field {k!r}: use {', '.join(sorted(FILE_FIELDS))}", line)
                for k in entry if k not in FILE_FIELDS]
    name, url, digest = entry.get("name"), entry.get("url"), entry.get("sha256")
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        problems.append(problem_at("files", f"file {n}: name must be the upstream file's plain name", line))
    if not isinstance(url, str) or not re.match(r"^https?://\S+$", url):
        problems.append(problem_at("files", f"file {n}: url must be the http(s) address it is downloaded from", line))
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        problems.append(problem_at("files", f"file {n}: sha256 must be the file's 64-character hex SHA-256", line))
    try:
        retrieved = dt.date.fromisoformat(str(entry.get("retrieved")))
    except ValueError:
        retrieved = None
        problems.append(problem_at("files", f"file {n}: retrieved must be the date it was downloaded, YYYY-MM-DD", line))
    if problems:
        return None, problems
    return UpstreamFile(name, url, digest, retrieved, entry.get("description")), []


def locate_files(imports: list[Import], data_dir: Path) -> list[Problem]:
    """Find each upstream file in the data directory (at its top or one folder down) and check
    its sha256; one line per missing or altered file, saying how to get it."""
    problems = []
    for imp in imports:
        for file in imp.files:
            found = _present(file, data_dir)
            if found is not None:
                imp.paths[file.name] = found
                continue
            candidates = [data_dir / file.name, *sorted(data_dir.glob(f"*/{file.name}"))] if data_dir.is_dir() else []
            other = next((p for p in candidates if p.is_file()), None)
            if other is None:
                problems.append(Problem(imp.origin_file, None, f"import {imp.name}", None, (
                    f"upstream file {file.name} is not in {data_dir}: run `relations-data fetch-imports` to download it "
                    f"from {file.url} (sha256 {file.sha256}), or point --imports-dir or ${ENV_VAR} at a folder holding it")))
            else:
                problems.append(Problem(imp.origin_file, None, f"import {imp.name}", None, (
                    f"upstream file {other} has sha256 {sha256_file(other)}, not the registered "
                    f"{file.sha256}: it is not the file this import was made from; delete it and run "
                    f"`relations-data fetch-imports` to download it again from {file.url}")))
    return problems


def fetch(imports: list[Import], data_dir: Path) -> list[tuple[str, Path]]:
    """Download every upstream file not yet in data_dir from its URL, checking its sha256
    (pooch refuses a file whose hash differs); a file already there with the right hash is
    kept. Returns (file name, local path) per file."""
    import pooch

    fetched = []
    for imp in imports:
        for file in imp.files:
            present = _present(file, data_dir)
            if present is None:
                present = Path(pooch.retrieve(file.url, known_hash=f"sha256:{file.sha256}", fname=file.name,
                                              path=data_dir / imp.name, progressbar=False))
            fetched.append((file.name, present))
    return fetched


def _present(file: UpstreamFile, data_dir: Path) -> Path | None:
    """The file in data_dir (at its top or one folder down) with the registered sha256, if any."""
    if not data_dir.is_dir():
        return None
    candidates = [data_dir / file.name, *sorted(data_dir.glob(f"*/{file.name}"))]
    return next((p for p in candidates if p.is_file() and sha256_file(p) == file.sha256), None)


def source_rows(imports: list[Import]) -> list[dict]:
    """Each upstream file as a row of `sources`: what computed evidence cites."""
    rows = []
    for imp in imports:
        for file in imp.files:
            rows.append({
                "source_id": imp.source_id(file), "title": f"{imp.title}, version {imp.version}: {file.name}",
                "publisher": imp.publisher, "published_date": None, "url": file.url, "retrieved_date": file.retrieved,
                "language": imp.language, "stored": False, "path": None, "sha256": file.sha256,
                "notes": " ".join(filter(None, [file.description, f"Licence: {imp.licence}.",
                                                f"Cite as: {imp.citation}", imp.notes])),
            })
    return rows


def run_importers(imports: list[Import], tables: dict, coded) -> list[Problem]:
    """Run each import's importer on its checked files and add its records, each with computed
    evidence naming the upstream file, the rows it was computed from and the computation."""
    problems = []
    for imp in imports:
        module = importlib.import_module(f"{__name__}.{imp.importer}")
        try:
            for result in module.read(dict(imp.paths)):
                problems += _add_imported(imp, result, tables, coded)
        except ValueError as exc:  # UpstreamError and the readers' own complaints about the file
            problems.append(Problem(imp.origin_file, None, f"import {imp.name}", None, str(exc)))
    return problems


def _add_imported(imp: Import, result, tables: dict, coded) -> list[Problem]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from relations_data.coded import _key_text, fill_derived

    table = tables.get(result.table)
    where = f"{imp.origin_file} ({result.upstream_file})"
    if table is None or table.name not in imp.tables:
        return [Problem(imp.origin_file, None, f"import {imp.name}", "tables",
                        f"the importer gives table {result.table!r}, which origin.yaml does not list")]
    file = next((f for f in imp.files if f.name == result.upstream_file), None)
    if file is None:
        return [Problem(imp.origin_file, None, f"import {imp.name}", "files",
                        f"the importer cites upstream file {result.upstream_file!r}, which origin.yaml does not list")]
    writable = {c.name for c in table.coded_columns}
    unknown = [c for c in result.rows.column_names if c not in writable]
    if unknown:
        return [Problem(imp.origin_file, None, f"import {imp.name}", unknown[0],
                        f"the importer gives column {unknown[0]!r}, which schemas/{table.name}.yaml does not declare")]
    n = result.rows.num_rows
    columns = {name: result.rows.column(name).combine_chunks() for name in result.rows.column_names}
    if any(c.lookup for c in table.columns):
        rows = result.rows.to_pylist()
        for row in rows:
            fill_derived(table, row)
        columns.update({c.name: pa.array([r[c.name] for r in rows]) for c in table.columns if c.lookup})
    if table.is_fact:
        ids = imported_record_ids(table, columns, n)
        columns["record_id"] = ids.cast(pa.large_string())
        columns["method"] = pa.array(["imported"] * n, pa.large_string())
    if not table.is_fact:
        problems = _drop_agreeing_hand_rows(imp, table, columns, coded)
        if problems:
            return problems
    if not table.is_fact:
        coded[table.name].extend(columns, where)
        return []
    if result.coverage is not None:
        cover = {name: result.coverage.column(name).combine_chunks() for name in result.coverage.column_names}
        cover["table_name"] = pa.array([table.name] * result.coverage.num_rows, pa.string())
        coded["coverage"].extend(cover, where)
    source_id = imp.source_id(file)
    selection = result.selection.to_pylist()
    # Spelled out like the record ids, so that a million of them compress (see imported_record_ids).
    evidence_ids = pc.binary_join_element_wise("EV-", ids, f"-{imp.name}", "")
    computed = {"table_name": table.name, "source_id": source_id, "verified": True, "method": "imported",
                "kind": "computed", "computation": result.computation}
    # A key a hand-coded record already has is not published twice: the import becomes that
    # record's computed evidence, and the values it computes otherwise are kept as its claims.
    # Matched on the natural key: hand-coded ids are hashes of it, imported ids spell it out.
    hand = {_key(table, record): i for i, record in enumerate(coded[table.name].records())}
    overlap = []
    if hand:  # compare keys only for rows whose first key column a hand-coded record shares
        first = table.natural_key[0]
        maybe = pc.is_in(columns[first], value_set=pa.array(list({r.get(first) for r in coded[table.name].records()}),
                                                                columns[first].type))
        for i in np.flatnonzero(maybe.to_numpy(zero_copy_only=False)):
            if tuple(_key_text(columns[k][i].as_py()) for k in table.natural_key) in hand:
                overlap.append(int(i))
    for i in overlap:
        at = hand[tuple(_key_text(columns[k][i].as_py()) for k in table.natural_key)]
        record = coded[table.name].row(at)
        claims = {c: _plain(columns[c][i].as_py()) for c in result.rows.column_names
                  if record.get(c) is not None and columns[c][i].as_py() != record[c]}
        coded["evidence"].add(dict(computed, evidence_id=f"EV-{record['record_id']}-{imp.name}", record_id=record["record_id"],
                                   selection=selection[i],
                                   claims=json.dumps(claims, sort_keys=True, ensure_ascii=False) if claims else None),
                              where, None, parent=at)
    if overlap:
        keep = pa.array(sorted(set(range(n)) - set(overlap)))
        columns = {name: values.take(keep) for name, values in columns.items()}
        evidence_ids, result_selection = evidence_ids.take(keep), result.selection.take(keep)
        n = len(keep)
    else:
        result_selection = result.selection
    start = coded[table.name].extend(columns, where)
    evidence = {name: pa.array([value] * n) for name, value in computed.items()}
    evidence.update(evidence_id=evidence_ids, record_id=columns["record_id"], selection=result_selection)
    coded["evidence"].extend(evidence, where, parents=array("i", range(start, start + n)))
    return []


def _key(table, record: dict) -> tuple[str, ...]:
    from relations_data.coded import _key_text

    return tuple(_key_text(record.get(k)) for k in table.natural_key)


def imported_record_ids(table, columns: dict, n: int):
    """Ids of imported records: the table's prefix and the natural key spelled out
    (TRD-COL-USA-2014-imports), not the hash hand-coded records get. Both are derived from the
    key alone and stable across releases; the spelled-out form also compresses, which matters
    for millions of rows (1.8 million take 5.1 MB of zstd Parquet; as hashes, 13.5 MB)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [pc.fill_null(pc.cast(columns[k], pa.string()), "") if k in columns else pa.array([""] * n)
             for k in table.natural_key]
    return pc.binary_join_element_wise(table.id_prefix, *parts, "-")


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _drop_agreeing_hand_rows(imp: Import, table, columns: dict, coded) -> list[Problem]:
    """A reference table's hand-coded rows whose key the import also gives must agree with the
    imported row on every value they set; they are then dropped (the imported row stands).
    Hand-coded rows for keys the import lacks are kept."""
    from relations_data.rows import Rows

    key = table.natural_key
    imported = {tuple(values): i for i, values in enumerate(zip(*(columns[k].to_pylist() for k in key)))}
    rows = coded[table.name]
    kept, problems = [], []
    for i, row in enumerate(rows.records()):
        at = imported.get(tuple(row[k] for k in key))
        if at is None:
            kept.append(i)
            continue
        for col in table.coded_columns:
            theirs = columns[col.name][at].as_py() if col.name in columns else None
            if row.get(col.name) is not None and row[col.name] != theirs:
                o = coded.origin(table.name, i)
                problems.append(Problem(o.file, o.line, o.record, col.name, (
                    f"{row[col.name]!r} differs from import {imp.name}'s {theirs!r}: correct the hand-coded row, "
                    "or delete it and let the imported row stand")))
    if problems or len(kept) == len(rows):
        return problems
    rebuilt = Rows(table)
    rebuilt.word = rows.word
    for i in kept:
        rebuilt.add(rows.row(i), rows.files[rows.file[i]], rows.line[i] or None, rows.number[i], rows.labels.get(i))
    coded.tables[table.name] = rebuilt
    return []
