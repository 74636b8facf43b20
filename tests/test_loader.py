"""The Python loader: rd.load, tables, versions, connect, codebook, cite, on real releases."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import relations_data as rd
from conftest import EMPTY_TABLE, NEW, OLD, REPO, table_names
from relations_data import loader
from relations_data.loader import ReleaseIntegrityError, ReleasesNotFoundError, UnknownNameError
from relations_data.schema import load_schemas

TABLES = table_names()
SCHEMAS = load_schemas()
COMMITTED = sorted((p for p in (REPO / "build").glob("*.*.*") if (p / "manifest.json").is_file()),
                   key=lambda p: loader.version_key(p.name))


def declared_dtypes(table: str) -> dict[str, str]:
    return {c.name: loader.PANDAS_DTYPES[c.type] for c in SCHEMAS[table].columns}


# --- finding releases ------------------------------------------------------------------

def test_versions_are_ordered_by_semantic_version_and_staging_is_ignored(use_releases):
    assert rd.versions() == [OLD, NEW]


def test_version_key_orders_semantic_versions():
    ordered = ["0.9.0", "1.0.0-alpha", "1.0.0-alpha.2", "1.0.0-alpha.10", "1.0.0-beta", "1.0.0", "1.2.0", "1.10.0", "10.0.0"]
    assert sorted(reversed(ordered), key=loader.version_key) == ordered


def test_tables_are_the_declared_tables(use_releases):
    assert rd.tables() == TABLES
    assert rd.tables(version=OLD) == TABLES


def test_in_a_source_checkout_releases_come_from_build(monkeypatch):
    monkeypatch.delenv(loader.ENV_VAR, raising=False)
    root, origin = loader.releases_root()
    assert (root, origin) == (REPO / "build", "source checkout")
    assert rd.versions() == [p.name for p in COMMITTED]


def test_env_var_pointing_nowhere_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv(loader.ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(ReleasesNotFoundError, match="RELATIONS_DATA_RELEASES is set to .*not a folder"):
        rd.versions()


def test_a_folder_without_releases_says_where_it_looked(monkeypatch, tmp_path):
    monkeypatch.setenv(loader.ENV_VAR, str(tmp_path))
    assert rd.versions() == []
    with pytest.raises(ReleasesNotFoundError, match=f"no releases in {tmp_path}"):
        rd.load("events")


# --- load ----------------------------------------------------------------------------

@pytest.mark.parametrize("version", [OLD, NEW])
@pytest.mark.parametrize("table", TABLES)
def test_load_returns_the_rows_written_with_the_declared_dtypes(use_releases, table, version):
    frame = rd.load(table, version=version)
    pd.testing.assert_frame_equal(frame, use_releases.frames[version][table])
    assert {c: str(t) for c, t in frame.dtypes.items()} == declared_dtypes(table)


def test_load_defaults_to_the_newest_release(use_releases):
    assert len(rd.load(EMPTY_TABLE)) == 0
    assert len(rd.load(EMPTY_TABLE, version=OLD)) == 2


def test_dtypes_are_those_of_the_build(use_releases):
    from relations_data.validate import PANDAS_DTYPES

    assert {k: pd.api.types.pandas_dtype(v) for k, v in loader.PANDAS_DTYPES.items()} == \
           {k: pd.api.types.pandas_dtype(v) for k, v in PANDAS_DTYPES.items()}


def test_missing_values_are_pandas_na(use_releases):
    frame = rd.load("tariff_threats", version=OLD)  # every nullable column empty
    assert frame["rate_pct"].isna().all() and frame["rate_pct"].dtype == "Float64"
    assert frame["outcome"].isna().all() and frame["outcome"].dtype == "string"
    assert frame.loc[0, "rate_pct"] is pd.NA


def test_unknown_table_lists_the_valid_ones(use_releases):
    with pytest.raises(UnknownNameError) as caught:
        rd.load("diplomatic_recall")
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert message.startswith(f"unknown table 'diplomatic_recall' in release {NEW} (did you mean 'diplomatic_recalls'?)")
    assert message.endswith("valid tables: " + ", ".join(TABLES))


@pytest.mark.parametrize("call", [lambda: rd.load("events", version="1.1.0"), lambda: rd.tables("1.1.0"),
                                  lambda: rd.connect("1.1.0"), lambda: rd.codebook("events", "1.1.0"),
                                  lambda: rd.cite("1.1.0")])
def test_unknown_version_lists_the_valid_ones(use_releases, call):
    with pytest.raises(UnknownNameError, match=rf"unknown version '1.1.0' in .*; valid versions: {OLD}, {NEW}$"):
        call()


COMMITTED_TABLES = [(p.name, t) for p in COMMITTED for t in json.loads((p / "manifest.json").read_text())["tables"]]


@pytest.mark.skipif(not COMMITTED, reason="no release committed under build/ yet")
@pytest.mark.parametrize("version,table", COMMITTED_TABLES or [("none", "none")])
def test_every_committed_release_loads_with_the_documented_dtypes(monkeypatch, version, table):
    monkeypatch.delenv(loader.ENV_VAR, raising=False)
    frame = rd.load(table, version=version)
    book = rd.codebook(table, version=version)
    assert list(frame.columns) == list(book["column"])
    assert [str(t) for t in frame.dtypes] == [loader.PANDAS_DTYPES[k] for k in book["type"]]
    assert len(frame) == json.loads((REPO / "build" / version / "manifest.json").read_text())["tables"][table]["rows"]


# --- integrity -----------------------------------------------------------------------

def _flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))


def test_a_changed_file_is_refused_and_named(releases_copy):
    _flip_last_byte(releases_copy / NEW / "parquet" / "events.parquet")
    with pytest.raises(ReleaseIntegrityError, match=rf"release {NEW}: parquet/events.parquet has sha256 .*manifest.json says"):
        rd.load("events")
    rd.load("tariff_threats")  # other files are still usable


def test_a_file_changed_after_it_was_checked_is_caught(releases_copy):
    rd.load("events")
    path = releases_copy / NEW / "parquet" / "events.parquet"
    assert path in loader._VERIFIED  # checked once, then cached
    _flip_last_byte(path)
    os.utime(path, ns=(1, 1))
    with pytest.raises(ReleaseIntegrityError, match="parquet/events.parquet"):
        rd.load("events")


def test_a_missing_file_among_installed_ones_is_named_not_downloaded(releases_copy):
    (releases_copy / NEW / "parquet" / "events.parquet").unlink()
    with pytest.raises(ReleaseIntegrityError, match=f"release {NEW}: parquet/events.parquet is missing"):
        rd.load("events")


def test_verify_lists_every_difference(releases_copy):
    assert loader.verify(NEW) == []
    _flip_last_byte(releases_copy / NEW / "csv" / "events.csv")
    (releases_copy / NEW / "CODEBOOK.md").unlink()
    (releases_copy / NEW / "extra.txt").write_text("x")
    problems = loader.verify(NEW)
    assert [p.split(" ")[0] for p in problems] == ["CODEBOOK.md", "csv/events.csv", "extra.txt"]
    assert problems[0] == "CODEBOOK.md is missing"
    assert problems[2] == "extra.txt is not listed in manifest.json"
    assert loader.verify(OLD) == []


# --- connect -------------------------------------------------------------------------

@pytest.mark.parametrize("table", TABLES)
def test_database_parquet_and_csv_hold_the_same_frame(use_releases, table):
    expected = rd.load(table)
    declared = {c.name: c.type for c in SCHEMAS[table].columns}
    with rd.connect() as con:
        from_db = loader.to_pandas(con.sql(f"SELECT * FROM {table}").to_arrow_table(), declared)
    pd.testing.assert_frame_equal(from_db, expected)
    pd.testing.assert_frame_equal(read_release_csv(use_releases.path / NEW / "csv" / f"{table}.csv", table), expected)


def read_release_csv(path: Path, table: str) -> pd.DataFrame:
    """The documented way to read a release CSV: strip the formula guard, parse by declared type."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    data = {}
    for i, name in enumerate(header):
        kind = SCHEMAS[table].column(name).type
        cells = [r[i] for r in body]
        if kind in ("string", "country"):
            values = [None if c == "" else c[1:] if c.startswith("'") else c for c in cells]
        elif kind == "boolean":
            values = [None if c == "" else c == "true" for c in cells]
        elif kind == "date":
            values = pd.to_datetime(pd.Series(cells, dtype="string"), format="%Y-%m-%d")
        else:
            values = [None if c == "" else c for c in cells]
        data[name] = pd.Series(values, dtype=loader.PANDAS_DTYPES[kind])
    return pd.DataFrame(data, columns=header)


def test_connect_is_read_only_and_describes_the_release(use_releases):
    with rd.connect(version=OLD) as con:
        assert dict(con.execute("SELECT key, value FROM release_info").fetchall())["version"] == OLD
        assert con.execute("SELECT count(*) FROM tariff_threats").fetchone() == (2,)


WRITES = {
    "create": "CREATE TABLE t (a INTEGER)",
    "insert": "INSERT INTO release_info VALUES ('k', 'v')",
    "update": "UPDATE release_info SET value = 'x'",
    "delete": "DELETE FROM release_info",
    "drop": "DROP TABLE release_info",
    "comment": "COMMENT ON TABLE release_info IS 'x'",
    "copy_to": "COPY release_info TO '{tmp}/out.csv'",
    "copy_query_to": "COPY (SELECT 1) TO '{tmp}/out.parquet' (FORMAT parquet)",
    "export_database": "EXPORT DATABASE '{tmp}/exported'",
    "attach_file": "ATTACH '{tmp}/new.duckdb' AS other",
    "attach_memory": "ATTACH ':memory:' AS other",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "read_file": "SELECT * FROM read_csv('{tmp}/../*.csv')",
    "unlock": "SET lock_configuration = false",
    "external_access": "SET enable_external_access = true",
    "autoload": "SET autoload_known_extensions = true",
    "temp_directory": "SET temp_directory = '{tmp}/spill'",
}


@pytest.mark.parametrize("statement", WRITES.values(), ids=WRITES.keys())
def test_connect_refuses_every_way_to_write(use_releases, tmp_path, statement):
    with rd.connect() as con:
        with pytest.raises(duckdb.Error):
            con.execute(statement.format(tmp=tmp_path))
        assert con.execute("SELECT count(*) FROM release_info").fetchone() == (4,)
    assert list(tmp_path.iterdir()) == []
    assert loader.verify(NEW) == []


# --- codebook and cite ---------------------------------------------------------------

@pytest.mark.parametrize("table", TABLES)
def test_codebook_describes_every_column(use_releases, table):
    book = rd.codebook(table)
    assert list(book.columns) == ["column", "type", "dtype", "nullable", "unit", "description", "allowed"]
    declared = SCHEMAS[table].columns
    assert list(book["column"]) == [c.name for c in declared]
    assert list(book["type"]) == [c.type for c in declared]
    assert list(book["dtype"]) == [loader.PANDAS_DTYPES[c.type] for c in declared]
    assert list(book["nullable"]) == [c.nullable for c in declared]
    assert [None if pd.isna(u) else u for u in book["unit"]] == [c.unit for c in declared]
    assert list(book["description"]) == [c.description for c in declared]
    assert list(book["allowed"]) == [list(c.allowed) if c.allowed else None for c in declared]


def test_cite_names_the_release(use_releases):
    text = rd.cite()
    assert text.splitlines()[0] == (f"relations-data contributors (n.d.). relations-data test release. Version {NEW} "
                                    "[data set]. Licence: CC-BY-4.0. https://pypi.org/project/relations-data/")
    assert "@misc{relations_data_1_10_0," in text and f"version = {{{NEW}}}" in text
    assert f"Version {OLD}" in rd.cite(OLD)


# --- staying light -------------------------------------------------------------------

def test_import_and_listing_stay_light(fixture_releases):
    code = (
        "import sys, relations_data as rd\n"
        "heavy = ('pandas', 'pyarrow', 'duckdb', 'pandera', 'numpy')\n"
        "assert not [m for m in heavy if m in sys.modules], sorted(m for m in heavy if m in sys.modules)\n"
        "rd.versions(); rd.tables(); rd.cite()\n"
        "assert not [m for m in heavy if m in sys.modules], sorted(m for m in heavy if m in sys.modules)\n"
        "rd.load('events')\n"
        "assert 'pandera' not in sys.modules\n"
    )
    env = dict(os.environ, RELATIONS_DATA_RELEASES=str(fixture_releases.path))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=fixture_releases.path)

REPO_BUILD_NEWEST = max((p for p in (REPO / "build").glob("[0-9]*") if (p / "manifest.json").is_file()),
                        key=lambda p: loader.version_key(p.name))


@pytest.mark.parametrize("table", table_names())
def test_read_csv_gives_what_load_gives(use_releases, table):
    """Formula-like texts (=SUM…, -5 degrees, 'apostrophe), nulls and every type round-trip."""
    frame = rd.read_csv(use_releases.path / NEW / "csv" / f"{table}.csv")
    pd.testing.assert_frame_equal(frame, rd.load(table), check_dtype=True)


def test_read_csv_keeps_leading_zeros_a_naive_reader_drops(tmp_path):
    events = REPO_BUILD_NEWEST / "csv" / "events.csv"
    naive = pd.read_csv(events)
    typed = rd.read_csv(events, version=REPO_BUILD_NEWEST.name)
    assert "057" in set(typed["cameo_code"]) and 57 in set(naive["cameo_code"])
