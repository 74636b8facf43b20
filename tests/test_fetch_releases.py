"""Releases whose data files are not installed (the wheel carries only the newest release's):
loader.fetch_release_file downloads them on first use from a local HTTP server here, checks
them against the installed manifest, caches them, and refuses altered files in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import relations_data as rd
from conftest import NEW, OLD
from relations_data.cli import cli
from relations_data.errors import ReleaseIntegrityError, ReleasesNotFoundError

from relations_data.loader import METADATA_FILES


@pytest.fixture
def installed(fixture_releases, tmp_path, monkeypatch, http_server) -> dict:
    """An installation like the wheel's: OLD has its metadata only, NEW everything; the
    published release folders are served over HTTP, and downloads go to a private cache."""
    served, url = http_server(tmp_path / "served")
    shutil.copytree(fixture_releases.path, served, dirs_exist_ok=True)
    root = tmp_path / "installed"
    shutil.copytree(fixture_releases.path / NEW, root / NEW)
    (root / OLD).mkdir(parents=True)
    for name in METADATA_FILES:
        shutil.copyfile(fixture_releases.path / OLD / name, root / OLD / name)
    monkeypatch.setenv("RELATIONS_DATA_RELEASES", str(root))
    monkeypatch.setenv("RELATIONS_DATA_RELEASES_URL", url)
    monkeypatch.setenv("RELATIONS_DATA_CACHE", str(tmp_path / "cache"))
    return {"served": served, "url": url, "cache": tmp_path / "cache", "root": root}


@pytest.mark.parametrize("table", ["events", "evidence", "coca_cultivation"])
def test_an_older_release_is_downloaded_checked_and_cached(installed, fixture_releases, table):
    assert rd.versions() == [OLD, NEW]
    frame = rd.load(table, version=OLD)
    pd.testing.assert_frame_equal(frame, fixture_releases.frames[OLD][table], check_dtype=True)
    cached = installed["cache"] / "releases" / OLD / "parquet" / f"{table}.parquet"
    assert cached.is_file()
    shutil.rmtree(installed["served"])  # the server no longer has it: the cache serves
    pd.testing.assert_frame_equal(rd.load(table, version=OLD), frame)


def test_sql_over_an_older_release_downloads_its_database(installed):
    con = rd.connect(OLD)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 2


def test_an_altered_download_is_refused_and_not_kept(installed):
    path = installed["served"] / OLD / "parquet" / "events.parquet"
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ReleaseIntegrityError, match=rf"release {OLD}: parquet/events.parquet downloaded from "):
        rd.load("events", version=OLD)
    assert not (installed["cache"] / "releases" / OLD / "parquet" / "events.parquet").exists()


def test_no_network_is_one_line_saying_what_to_do(installed, monkeypatch):
    monkeypatch.setenv("RELATIONS_DATA_RELEASES_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(ReleasesNotFoundError, match="is not installed and could not be downloaded from"):
        rd.load("events", version=OLD)
    result = CliRunner().invoke(cli, ["sql", "SELECT 1 FROM events", "--version", OLD])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_newest_release_needs_no_network(installed, monkeypatch, fixture_releases):
    monkeypatch.setenv("RELATIONS_DATA_RELEASES_URL", "http://127.0.0.1:9")
    pd.testing.assert_frame_equal(rd.load("events"), fixture_releases.frames[NEW]["events"])
    assert not installed["cache"].exists()
