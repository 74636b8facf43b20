"""Shared fixtures.

Releases for the loader and CLI tests: `fixture_releases` builds, once per session, a
folder holding two synthetic releases written by the real release writer, so every table
has rows of every declared type (including formula-like text, non-ASCII text and nulls):

- 1.2.0:  2 rows per table, every nullable column entirely empty;
- 1.10.0: 4 rows per table (nulls in row 3) except coca_cultivation, which is empty.

1.10.0 is the newest: it sorts after 1.2.0 by semantic version, before it as a string.
`use_releases` points RELATIONS_DATA_RELEASES at that folder for one test.
"""

from __future__ import annotations

import dataclasses
import os
import datetime as dt
import functools
import http.server
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The imports' upstream files: the copies beside the checkout unless the environment names a
# folder (.ci/run sets it too). They are never committed.
os.environ.setdefault("RELATIONS_DATA_IMPORTS", str(REPO.parent / "shared" / "imports"))
OLD, NEW = "1.2.0", "1.10.0"
EMPTY_TABLE = "coca_cultivation"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds a wheel and installs it into a fresh venv (runs by default)")


def table_names() -> list[str]:
    """Declared tables, for parametrising (read from schemas/ at collection time)."""
    from relations_data.schema import load_schemas

    return list(load_schemas())


TEXTS = ["=SUM(A1:A2)", "Bogotá, \"quoted\"\nsecond line", "-5 degrees", "plain text", "@mention", "'apostrophe"]
COUNTRIES = ["USA", "COL", "CHN", "VEN"]
NUMBERS = [12.5, 0.1, 1000000.0, 3.0]


def synthetic_rows(table, n: int, all_nulls: bool) -> list[dict]:
    """n rows of `table` with a value of the declared type in every column."""
    rows = []
    for i in range(n):
        row = {}
        for k, col in enumerate(table.columns):
            if col.nullable and (all_nulls or i % 3 == 2):
                row[col.name] = None
            elif col.allowed:
                values = list(col.allowed)
                row[col.name] = values[i % len(values)]
            elif col.type == "string":
                row[col.name] = f"{TEXTS[(i + k) % len(TEXTS)]} {col.name} {i}"
            elif col.type == "country":
                row[col.name] = COUNTRIES[(i + k) % len(COUNTRIES)]
            elif col.type == "date":
                row[col.name] = dt.date(2025, 1, 31) + dt.timedelta(days=40 * i + k)
            elif col.type == "integer":
                row[col.name] = 2000 + 10 * i + k
            elif col.type == "number":
                row[col.name] = NUMBERS[(i + k) % len(NUMBERS)]
            elif col.type == "boolean":
                row[col.name] = (i + k) % 2 == 0
            else:
                raise AssertionError(f"no synthetic value for type {col.type}")
        rows.append(row)
    return rows


@dataclass(frozen=True)
class FixtureReleases:
    path: Path
    frames: dict  # version -> table -> the DataFrame the release was written from


def write_fixture_release(root: Path, version: str, rows: dict[str, int], all_nulls: bool):
    """Write one release with the real writer; return the frames it was written from.

    The dataset is made directly rather than through validate.check(), so it needs no raw/
    folder; Dataset fields other than meta, schemas and frames (sources, codes...) are empty.
    """
    from relations_data.release import write_release
    from relations_data.schema import load_schemas
    from relations_data.validate import Dataset, to_frame

    schemas = load_schemas()
    frames = {name: to_frame(synthetic_rows(table, rows.get(name, 0), all_nulls), table)
              for name, table in schemas.items()}
    meta = {"version": version, "name": "relations-data", "title": "relations-data test release",
            "description": "Synthetic rows for the tests.", "license": "CC-BY-4.0"}
    given = {"meta": meta, "schemas": schemas, "frames": frames}
    dataset = Dataset(**{f.name: given.get(f.name, {}) for f in dataclasses.fields(Dataset)})
    write_release(dataset, root / version)
    return frames


@pytest.fixture(scope="session")
def fixture_releases(tmp_path_factory) -> FixtureReleases:
    root = tmp_path_factory.mktemp("releases")
    names = table_names()
    frames = {
        OLD: write_fixture_release(root, OLD, {t: 2 for t in names}, all_nulls=True),
        NEW: write_fixture_release(root, NEW, {t: 0 if t == EMPTY_TABLE else 4 for t in names}, all_nulls=False),
    }
    (root / ".tmp-1.11.0-123").mkdir()  # a build's staging folder: not a release
    (root / ".lock").touch()
    return FixtureReleases(root, frames)


@pytest.fixture
def use_releases(fixture_releases, monkeypatch) -> FixtureReleases:
    """The fixture releases, found through RELATIONS_DATA_RELEASES."""
    monkeypatch.setenv("RELATIONS_DATA_RELEASES", str(fixture_releases.path))
    return fixture_releases


@pytest.fixture
def releases_copy(fixture_releases, tmp_path, monkeypatch) -> Path:
    """A private copy of the fixture releases (found through RELATIONS_DATA_RELEASES) to damage."""
    copy = tmp_path / "releases"
    shutil.copytree(fixture_releases.path, copy)
    monkeypatch.setenv("RELATIONS_DATA_RELEASES", str(copy))
    return copy


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def http_server():
    """Start local HTTP servers (loopback only) over given folders: http_server(folder) ->
    (folder, base URL). All are stopped after the test."""
    servers = []

    def start(folder: Path) -> tuple[Path, str]:
        folder.mkdir(parents=True, exist_ok=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return folder, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
