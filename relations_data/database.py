"""A release's DuckDB file: made from its tables, checked against its Parquet by content.

DuckDB files are not byte-reproducible: two writes of the same tables differ in their block
headers. So from release 1.3.0 on the manifest does not hash the database. It records the
statements that make it (`database.ddl`) and the release facts (`database.info`), and the
database is made from the release's Parquet files, which are hashed and reproducible. The build
writes it with the release (for downloads and SQL users); the loader makes it again from the
verified Parquet when a release comes without one (a wheel, a download of the Parquet only).
Either way `content_problems` checks it table by table against the Parquet files before use.

DuckDB only, imported by the functions; shared by the build (release.py) and the loader.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

# v1.0.0 storage so the file opens in DuckDB 1.x as well as 2.x.
STORAGE = {"storage_compatibility_version": "v1.0.0"}
# Set per connection (it is no global option): otherwise DuckDB prints a progress bar to the
# terminal, or into a caller's captured output, during a long insert.
QUIET = "SET enable_progress_bar = false"
INFO_TABLE = "release_info"
INFO_DDL = [
    f"CREATE TABLE {INFO_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    f"COMMENT ON TABLE {INFO_TABLE} IS 'The release this database belongs to: name, version, title, licence.'",
]


def write(path: Path, ddl: dict[str, list[str]], tables: Iterable[tuple[str, Any]], info: dict[str, str]) -> None:
    """Write (name, data) pairs as one DuckDB file at `path`, each table made by its `ddl`
    statements first. `data` is an Arrow table or the path of a Parquet file."""
    import duckdb

    con = duckdb.connect(str(path), config=dict(STORAGE))
    con.execute(QUIET)
    try:
        for name, data in tables:
            for statement in ddl[name]:
                con.execute(statement)
            if isinstance(data, (str, Path)):
                con.execute(f"INSERT INTO {name} SELECT * FROM read_parquet(?)", [str(data)])
            else:
                con.register("incoming", data)
                con.execute(f"INSERT INTO {name} SELECT * FROM incoming")
                con.unregister("incoming")
            del data  # before the next table is made
        for statement in INFO_DDL:
            con.execute(statement)
        con.executemany(f"INSERT INTO {INFO_TABLE} VALUES (?, ?)", sorted(info.items()))
        con.execute("CHECKPOINT")
    finally:
        con.close()


def make_from_parquet(path: Path, ddl: dict[str, list[str]], parquet: dict[str, Path], info: dict[str, str]) -> Path:
    """The database made from verified Parquet files, written beside `path` and renamed into
    place when complete, so that a killed process never leaves half a database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        write(partial, ddl, parquet.items(), info)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def content_problems(path: Path, parquet: dict[str, Path], info: dict[str, str]) -> list[str]:
    """How the database at `path` differs from the Parquet files and release facts: per table,
    the row count and an order-independent hash of every row (DuckDB's hash() of the whole row,
    summed), computed by the same DuckDB for both sides. Empty when they agree."""
    import duckdb

    con = duckdb.connect()
    con.execute(QUIET)
    problems = []
    try:
        con.execute(f"ATTACH '{_sql_path(path)}' AS db (READ_ONLY)")
        present = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'db'").fetchall()}
        for name, file in parquet.items():
            if name not in present:
                problems.append(f"table {name} is missing")
                continue
            columns = [r[0] for r in con.execute(f"DESCRIBE db.main.{name}").fetchall()]
            row = "(" + ", ".join(f'"{c}"' for c in columns) + ")"
            ours = con.execute(f"SELECT count(*), sum(hash(row{row})::HUGEINT) FROM db.main.{name}").fetchone()
            theirs = con.execute(f"SELECT count(*), sum(hash(row{row})::HUGEINT) FROM read_parquet(?)",
                                 [str(file)]).fetchone()
            if ours != theirs:
                problems.append(f"table {name} differs from {Path(file).name} ({ours[0]} rows against {theirs[0]})")
        stored = dict(con.execute(f"SELECT key, value FROM db.main.{INFO_TABLE}").fetchall()) if INFO_TABLE in present else {}
        if stored != info:
            problems.append(f"{INFO_TABLE} says {stored}, the manifest {info}")
    except duckdb.Error as exc:
        problems.append(f"it cannot be read as a DuckDB database ({type(exc).__name__}: {exc})")
    finally:
        con.close()
    return problems


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
