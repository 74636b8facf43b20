"""relations_data/database.py and the loader around it: a release's DuckDB file is made from its
Parquet files and checked against them by content before it is opened; rd.load(where=...)."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest

import relations_data as rd
from conftest import NEW
from relations_data import database, loader
from relations_data.loader import ReleaseIntegrityError, UnknownNameError

TABLE = "trade_partner_ranks"


def _parquet(release_dir, manifest):
    return {name: release_dir / t["parquet"] for name, t in manifest["tables"].items()}


def test_fixture_release_database_matches_its_parquet(use_releases):
    folder = use_releases.path / NEW
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "relations.duckdb" not in manifest["files"]  # not hashed: not byte-reproducible
    assert database.content_problems(folder / "relations.duckdb", _parquet(folder, manifest),
                                     manifest["database"]["info"]) == []


@pytest.mark.parametrize("damage, expected", [
    ("DELETE FROM events WHERE rowid = (SELECT min(rowid) FROM events)", "table events differs"),
    ("UPDATE countries SET iso_alpha3 = 'XXX' WHERE rowid = (SELECT min(rowid) FROM countries)", "table countries differs"),
    ("DROP TABLE sources", "table sources is missing"),
    ("UPDATE release_info SET value = '9.9.9' WHERE key = 'version'", "release_info says"),
])
def test_an_altered_database_is_refused_before_it_is_opened(releases_copy, damage, expected):
    path = releases_copy / NEW / "relations.duckdb"
    con = duckdb.connect(str(path))
    con.execute(damage)
    con.close()
    loader._VERIFIED.clear()
    with pytest.raises(ReleaseIntegrityError, match=expected):
        rd.connect()
    assert any(expected in p for p in loader.verify(NEW))


def test_a_release_without_a_database_gets_one_made_from_its_parquet(releases_copy, tmp_path, monkeypatch):
    monkeypatch.setenv(loader.CACHE_ENV, str(tmp_path / "cache"))
    (releases_copy / NEW / "relations.duckdb").unlink()
    with rd.connect() as con:
        rows = con.execute("SELECT count(*) FROM events").fetchone()[0]
        version = con.execute("SELECT value FROM release_info WHERE key = 'version'").fetchone()[0]
    made = tmp_path / "cache" / "releases" / NEW / "relations.duckdb"
    assert made.is_file() and version == NEW
    assert rows == len(rd.load("events"))
    assert not list(made.parent.glob(".*partial"))  # written beside it, renamed into place


def test_the_real_release_database_matches_its_parquet():
    release = loader.get_release()
    if "database" not in release.manifest:
        pytest.skip("the newest release hashes its database (before 1.3.0)")
    assert database.content_problems(release.database(), _parquet(release.path, release.manifest),
                                     release.manifest["database"]["info"]) == []


# --- rd.load(where=...) -------------------------------------------------------------------

def test_where_gives_the_rows_a_filter_of_the_full_table_gives():
    full = rd.load(TABLE)
    part = rd.load(TABLE, where={"reporter": "COL", "year": [2013, 2014]})
    expected = full[(full["reporter"] == "COL") & full["year"].isin([2013, 2014])].reset_index(drop=True)
    assert len(part) > 0
    pd.testing.assert_frame_equal(part.reset_index(drop=True), expected)


def test_colombias_first_import_partner_in_2014_is_the_united_states():
    first = rd.load(TABLE, where={"reporter": "COL", "year": 2014, "flow": "imports", "rank": 1})
    assert first[["partner", "value_usd"]].values.tolist() == [["USA", 18_256_000_000]]


@pytest.mark.parametrize("where, message", [
    ({"reporterr": "COL"}, "unknown column 'reporterr'.*did you mean 'reporter'"),
    ({"year": "last year"}, "not values of trade_partner_ranks.year"),
    ({"rank": [1, "first"]}, "not values of trade_partner_ranks.rank"),
])
def test_a_bad_where_names_the_column_and_what_is_wrong(where, message):
    with pytest.raises(UnknownNameError, match=message):
        rd.load(TABLE, where=where)


def test_where_on_a_date_column_takes_iso_text(use_releases):
    frame = rd.load("events")
    day = frame["event_date"].dropna().iloc[0]
    found = rd.load("events", where={"event_date": day.strftime("%Y-%m-%d")})
    assert len(found) == (frame["event_date"] == day).sum()


def test_a_release_folder_without_its_database_is_still_verified_clean(releases_copy):
    (releases_copy / NEW / "relations.duckdb").unlink()
    assert loader.verify(NEW) == []
    shutil.copy(releases_copy / NEW / "CODEBOOK.md", releases_copy / NEW / "stray.md")
    assert loader.verify(NEW) == ["stray.md is not listed in manifest.json"]
