"""Stage 4, release: publish a validated dataset as an immutable, versioned folder.

<out>/<version>/ holds parquet/, csv/, relations.duckdb, datapackage.json, CODEBOOK.md and
manifest.json. Everything is written into a hidden staging folder and renamed into place
only when complete, under a lock, so a failed or concurrent build never leaves a half
release and never touches an earlier one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import pandas as pd

from relations_data import __version__, describe
from relations_data.errors import ReleaseError
from relations_data.manifest import MANIFEST, sha256_file
from relations_data.schema import Table
from relations_data.validate import Dataset, check

STAGING_PREFIX = ".tmp-"
LOCK_NAME = ".lock"
DATABASE = "relations.duckdb"
# Tables with more rows than this are large: published as gzip-compressed CSV
# (csv/<table>.csv.gz; trade_partner_ranks and its evidence would be over a gigabyte as plain
# text), and their key is not declared as a DuckDB constraint (see describe.duckdb_ddl).
LARGE_TABLE_ROWS = 100_000
# Files that may be missing from a committed release folder and are made again by the build:
# from 1.3.0 on, git keeps a release's metadata only (see .gitignore); the data files are
# published beside it and rebuilt, byte for byte, from raw/ and the imports.
DATA_PREFIXES = ("parquet/", "csv/")


@dataclass(frozen=True)
class BuildResult:
    version: str
    path: Path
    status: str  # "written" | "unchanged"
    rows: dict[str, int]


def build(raw_dir: Path = Path("raw"), out_dir: Path = Path("build"), schema_dir: Path | None = None,
          today: dt.date | None = None, imports_dir: Path | None = None) -> BuildResult:
    """Validate raw/ and publish it as <out_dir>/<version>/."""
    dataset = check(raw_dir, schema_dir, today, imports_dir=imports_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(out_dir):
        remove_stale_staging(out_dir)
        staging = out_dir / f"{STAGING_PREFIX}{dataset.version}-{os.getpid()}"
        try:
            manifest = write_release(dataset, staging)
            target = out_dir / dataset.version
            rows = {name: t["rows"] for name, t in manifest["tables"].items()}
            if target.exists():
                _compare_with_existing(target, manifest)
                restored = _restore_data_files(staging, target, manifest)
                return BuildResult(dataset.version, target, "restored" if restored else "unchanged", rows)
            os.rename(staging, target)
            _fsync_dir(out_dir)
            return BuildResult(dataset.version, target, "written", rows)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _restore_data_files(staging: Path, target: Path, manifest: dict) -> list[str]:
    """Move the data files a committed release folder lacks (its metadata is in git, its data
    is not) from the staging folder, whose manifest was just found identical. Each file is
    renamed into place whole, so an interrupted build leaves complete files only."""
    wanted = [rel for rel in manifest["files"] if rel.startswith(DATA_PREFIXES)]
    if "database" in manifest:
        wanted.append(manifest["database"]["path"])
    restored = [rel for rel in wanted if not (target / rel).exists()]
    for rel in restored:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target / rel)
    if restored:
        _fsync_tree(target)
    return restored


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one refuses rather than waits forever."""
    with open(out_dir / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReleaseError(
                f"another build is writing to {out_dir} right now; wait for it to finish and run the build again"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by a killed build (we hold the lock, so none is in use)."""
    for path in out_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


def _compare_with_existing(target: Path, manifest: dict) -> None:
    try:
        existing = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        existing = {}
    ours, theirs = content_hashes(manifest), content_hashes(existing)
    if ours != theirs:
        changed = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
        hint = ""
        if changed and all(k.startswith("parquet/") for k in changed) and existing.get("tools") != manifest.get("tools"):
            hint = (f" (only Parquet bytes differ, and they carry the writer's version: the release was built "
                    f"with {existing.get('tools')}, this build runs {manifest.get('tools')}; install those versions)")
        raise ReleaseError(
            f"release {manifest['version']} already exists in {target} with different content "
            f"({', '.join(changed)}){hint}; releases are immutable: bump `version` in raw/dataset.yaml "
            "and add a CHANGELOG.md entry, then build again"
        )


def content_hashes(manifest: dict) -> dict[str, str]:
    """The hashes that define a release's content. Releases before 1.3.0 hashed their DuckDB
    file too, which no rebuild reproduces, and their Parquet was not compared; from 1.3.0 on
    every hashed file (Parquet, CSV, datapackage.json, CODEBOOK.md) is reproduced byte for byte."""
    files = manifest.get("files", {})
    compared = ("csv/", "datapackage.json", "CODEBOOK.md") if DATABASE in files else tuple(files)
    return {path: f["sha256"] for path, f in files.items() if path.startswith(compared)}


def write_release(dataset: Dataset, folder: Path) -> dict:
    """Write every file of the release into folder; return the manifest written with them."""
    import duckdb
    import pyarrow

    from relations_data import database

    (folder / "parquet").mkdir(parents=True)
    (folder / "csv").mkdir()
    files: dict[str, dict[str, Any]] = {}
    tables = {}
    for name, table in dataset.schemas.items():
        rows = len(dataset.frames[name])
        csv = f"csv/{name}.csv" + (".gz" if rows > LARGE_TABLE_ROWS else "")
        tables[name] = {"rows": rows, "parquet": f"parquet/{name}.parquet", "csv": csv,
                        "natural_key": list(table.natural_key)}
        files[tables[name]["parquet"]] = {"rows": rows}
        files[csv] = {"rows": rows}
    row_counts = {name: t["rows"] for name, t in tables.items()}
    _write_text(folder / "datapackage.json",
                json.dumps(describe.datapackage(dataset.meta, dataset.schemas, row_counts, dataset.organisations, tables),
                           indent=2, ensure_ascii=False) + "\n")
    _write_text(folder / "CODEBOOK.md", describe.codebook_markdown(dataset.meta, dataset.schemas, row_counts, dataset.organisations))

    def each_table() -> Iterator[tuple[str, Any]]:
        # One table at a time: converted to Arrow once, written as Parquet and CSV, handed to
        # the database writer, then dropped, so that only one table's Arrow copy is held at a time.
        for name, table in dataset.schemas.items():
            arrow = to_arrow(dataset.frames[name], table, dataset.version)
            write_parquet(arrow, folder / tables[name]["parquet"])
            write_csv(arrow, table, folder / tables[name]["csv"])
            yield name, arrow
            del arrow

    ddl = {name: describe.duckdb_ddl(table, indexed=row_counts[name] <= LARGE_TABLE_ROWS)
           for name, table in dataset.schemas.items()}
    info = {k: str(dataset.meta[k]) for k in ("name", "version", "title", "license")}
    database.write(folder / DATABASE, ddl, each_table(), info)
    for rel, entry in [*files.items(), ("datapackage.json", {}), ("CODEBOOK.md", {})]:
        path = folder / rel
        files[rel] = {**entry, "sha256": sha256_file(path), "bytes": path.stat().st_size}
    manifest = {
        "name": dataset.meta["name"], "version": dataset.version, "title": dataset.meta["title"],
        "license": dataset.meta["license"], "built_with": f"relations-data {__version__}",
        **{k: dataset.meta[k] for k in ("authors", "year", "repository", "homepage") if dataset.meta.get(k)},
        # The Parquet bytes carry the writer's version: a rebuild reproduces them with these.
        "tools": {"pyarrow": pyarrow.__version__, "duckdb": duckdb.__version__},
        "tables": tables, "files": dict(sorted(files.items())),
        # Not hashed (DuckDB files are not byte-reproducible): made from the Parquet files by
        # these statements, and checked against them by content (relations_data.database).
        "database": {"path": DATABASE, "made_from": "parquet", "ddl": ddl, "info": info},
    }
    _write_text(folder / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    _fsync_tree(folder)
    return manifest


def to_arrow(frame: pd.DataFrame, table: Table, version: str):
    import pyarrow as pa

    schema = describe.parquet_schema(table, version)
    arrays = []
    for col, field in zip(table.columns, schema):
        series = frame[col.name]
        if col.type == "date":
            arrays.append(pa.array(series.dt.date.where(series.notna(), None), type=pa.date32(), from_pandas=True))
        else:
            arrays.append(pa.array(series, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


# Row groups of this many rows let a filtered read (rd.load(..., where=...), SQL over the
# Parquet) skip the groups whose statistics exclude the filter; the table is sorted by its
# natural key, so one reporter's rows sit in a few groups.
ROW_GROUP_ROWS = 65_536


def write_parquet(arrow, path: Path) -> None:
    import pyarrow.parquet as pq

    # Fixed settings so the same inputs give the same bytes (with the same pyarrow). The zstd
    # level was chosen by benchmark (benchmarks/README.md, "Parquet compression level").
    pq.write_table(arrow, path, compression="zstd", compression_level=PARQUET_ZSTD_LEVEL, use_dictionary=True,
                   write_statistics=True, data_page_version="2.0", row_group_size=ROW_GROUP_ROWS)


PARQUET_ZSTD_LEVEL = 6


def csv_cell(value: Any, col_type: str) -> str:
    """One value as its CSV cell. This is the definition: write_csv computes the same text in
    SQL (_csv_sql), and tests/test_release.py checks that the two agree on awkward values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if col_type == "date":  # four-digit years: strftime("%Y") gives "1" for the year 1
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if col_type == "boolean":
        return "true" if value else "false"
    if col_type == "integer":
        return str(int(value))
    if col_type == "number":
        value = float(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    return "'" + text if text.startswith(describe.CSV_FORMULA_STARTS) else text


def _csv_sql(name: str, col_type: str) -> str:
    """DuckDB SQL giving csv_cell's text for one column, NULL where the cell is empty."""
    c = f'"{name}"'
    if col_type == "date":
        return f"strftime({c}, '%Y-%m-%d')"
    if col_type == "boolean":
        return f"CASE WHEN {c} THEN 'true' WHEN NOT {c} THEN 'false' END"
    if col_type == "integer":
        return f"CAST({c} AS VARCHAR)"
    if col_type == "number":
        # DuckDB prints a DOUBLE as Python's repr does: shortest round trip, 1e-07, 1e+16, inf.
        return (f"CASE WHEN {c} = trunc({c}) AND abs({c}) < 1e15 THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) "
                f"ELSE CAST({c} AS VARCHAR) END")
    # ord() is the first code point (-1 for ''). An empty text is written as an empty cell, unquoted.
    starts = ", ".join(str(ord(ch)) for ch in describe.CSV_FORMULA_STARTS)
    return f"NULLIF(CASE WHEN ord({c}) IN ({starts}) THEN chr(39) || {c} ELSE {c} END, '')"


def csv_reference(frame: pd.DataFrame, table: Table) -> bytes:
    """What write_csv writes, spelled out with csv_cell and Python's csv module: slow, kept as
    the definition that the tests compare write_csv with."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.column_names)
    columns = [(frame[c.name].tolist(), c.type) for c in table.columns]
    for i in range(len(frame)):
        writer.writerow([csv_cell(values[i], kind) for values, kind in columns])
    return buffer.getvalue().encode("utf-8")


def write_csv(arrow, table: Table, path: Path) -> None:
    """An Arrow table from to_arrow as CSV: UTF-8, CRLF line ends, a header row, csv_cell's text
    in each cell, quoted only when it holds a comma, a double quote, CR or LF (as Python's
    csv.writer does). DuckDB formats the cells and writes the file, streaming. A path ending
    .gz is gzip-compressed, with no name or time in its header so that it is reproducible."""
    if path.suffix == ".gz":
        import gzip

        plain = path.with_suffix("")
        write_csv(arrow, table, plain)
        with open(plain, "rb") as source, open(path, "wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed:
            shutil.copyfileobj(source, packed, 1 << 20)
        plain.unlink()
        return
    cells = ", ".join(f'{_csv_sql(c.name, c.type)} AS "{c.name}"' for c in table.columns)
    target = str(path).replace("'", "''")
    # COMMENT '' because DuckDB otherwise quotes a cell that starts with '#'.
    con = _csv_database().cursor()  # a cursor of its own, so that threads may write at once
    try:
        con.register("incoming", arrow)
        con.execute(f"COPY (SELECT {cells} FROM incoming) TO '{target}' "
                    "(FORMAT csv, HEADER, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\r\\n', COMMENT '')")
    finally:
        con.close()


@functools.cache
def _csv_database():
    """The in-memory DuckDB that writes CSV, made once (a connection costs ~15 ms, a cursor ~1 ms).
    One thread, so that rows are written in the Arrow table's order whatever the scan does."""
    import duckdb

    return duckdb.connect(config={"threads": 1})


def _write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    for path in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
        _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
