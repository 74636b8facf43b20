"""The wheel: it carries every release's metadata, the newest release's data and the schemas,
never a build's leftovers, stays small, and works installed into a fresh venv outside the
repository: the newest release offline, older ones downloaded from a local HTTP server.

The install test downloads the wheel's dependencies once from the package index, pinned to
DuckDB 1.x and pandas 2.x, so it also checks that the releases open with DuckDB 1.x and
that load() gives the documented dtypes under pandas 2 (the project venv has DuckDB 2 and
pandas 3).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import NEW, OLD, REPO

pytestmark = pytest.mark.slow

SEMVER_DIR = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")


def build_wheel(project: Path, out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(project)],
                   check=True, capture_output=True, text=True)
    (wheel,) = out.glob("*.whl")
    return wheel


MAX_WHEEL_BYTES = 60 * 2**20


def release_files(build_dir: Path) -> dict[str, bytes]:
    """What the wheel must carry of the releases under build_dir, by path in the wheel: every
    release's metadata, and the Parquet files of the newest release (its CSV files are
    downloaded on first use, its database made from the Parquet)."""
    from relations_data.loader import METADATA_FILES, version_key

    releases = sorted((f.name for f in build_dir.iterdir() if f.is_dir() and SEMVER_DIR.match(f.name)
                       and (f / "manifest.json").is_file()), key=version_key)
    out = {}
    for release in releases:
        for path in (build_dir / release).rglob("*"):
            rel = path.relative_to(build_dir / release).as_posix()
            if path.is_file() and (rel in METADATA_FILES or (release == releases[-1] and rel.startswith("parquet/"))):
                out[f"relations_data/releases/{path.relative_to(build_dir).as_posix()}"] = path.read_bytes()
    return out


def wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def repo_wheel(tmp_path_factory) -> Path:
    return build_wheel(REPO, tmp_path_factory.mktemp("repo-wheel"))


@pytest.fixture(scope="module")
def fixture_wheel(tmp_path_factory, fixture_releases) -> Path:
    """A wheel built from a copy of the project whose build/ holds the fixture releases, a
    build's staging folder and lock, and is listed in .gitignore."""
    project = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "hatch_build.py", "README.md", ".gitignore", "schemas", "relations_data"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, project / name)
    for extra in REPO.glob("LICEN[CS]E*"):
        shutil.copy2(extra, project / extra.name)
    with open(project / ".gitignore", "a", encoding="utf-8") as handle:
        handle.write("\nbuild/\n")
    shutil.copytree(fixture_releases.path, project / "build")
    (project / "build" / ".tmp-1.11.0-123" / "csv").mkdir(parents=True, exist_ok=True)
    (project / "build" / ".tmp-1.11.0-123" / "csv" / "events.csv").write_text("half a release")
    return build_wheel(project, tmp_path_factory.mktemp("fixture-wheel"))


def assert_ships(wheel: Path, build_dir: Path, schema_dir: Path) -> None:
    files = wheel_files(wheel)
    expected = release_files(build_dir)
    shipped = {name: data for name, data in files.items() if name.startswith("relations_data/releases/")}
    assert set(shipped) == set(expected)
    assert all(shipped[name] == data for name, data in expected.items())
    schemas = {f"relations_data/schemas/{p.name}" for p in schema_dir.glob("*.yaml")}
    assert schemas and schemas <= set(files)
    assert not [n for n in files if "/.tmp-" in n or n.endswith("/.lock") or "__pycache__" in n or n.endswith(".pyc")]


def test_the_wheel_carries_every_release_s_metadata_the_newest_data_and_the_schemas(repo_wheel):
    assert_ships(repo_wheel, REPO / "build", REPO / "schemas")
    assert repo_wheel.stat().st_size < MAX_WHEEL_BYTES
    data = {f"relations_data/extract/data/{p.name}" for p in (REPO / "relations_data/extract/data").glob("*.yaml")}
    assert len(data) == 4 and data <= set(wheel_files(repo_wheel))  # the extractor's knowledge (determinations.yaml too)


def test_staging_folders_and_the_lock_never_ship_and_gitignore_cannot_drop_releases(fixture_wheel, fixture_releases):
    assert_ships(fixture_wheel, fixture_releases.path, REPO / "schemas")
    names = set(wheel_files(fixture_wheel))
    assert f"relations_data/releases/{NEW}/parquet/events.parquet" in names
    assert f"relations_data/releases/{NEW}/csv/events.csv" not in names  # downloaded on first use
    assert f"relations_data/releases/{NEW}/relations.duckdb" not in names  # made from the Parquet
    assert f"relations_data/releases/{OLD}/manifest.json" in names
    assert f"relations_data/releases/{OLD}/parquet/events.parquet" not in names  # downloaded on first use


INSTALLED_CHECKS = textwrap.dedent('''
    import json, sys
    import relations_data as rd
    heavy = [m for m in ("pandas", "pyarrow", "duckdb", "pandera") if m in sys.modules]
    assert not heavy, heavy
    from relations_data import loader
    site = sys.argv[1]
    assert rd.__file__.startswith(site), rd.__file__
    root, origin = loader.releases_root()
    assert origin == "packaged with relations-data" and str(root).startswith(site), (root, origin)
    import duckdb, pandas as pd
    assert duckdb.__version__.startswith("1.") and pd.__version__.startswith("2."), (duckdb.__version__, pd.__version__)
    versions = rd.versions()
    assert versions == sorted(versions, key=loader.version_key) and versions, versions
    for version in versions:
        manifest = json.loads((root / version / "manifest.json").read_text())
        assert rd.tables(version) == list(manifest["tables"])
        for table in rd.tables(version):
            frame = rd.load(table, version=version)
            book = rd.codebook(table, version=version)
            assert list(frame.columns) == list(book["column"])
            assert [str(t) for t in frame.dtypes] == [loader.PANDAS_DTYPES[k] for k in book["type"]], (table, frame.dtypes)
            assert len(frame) == manifest["tables"][table]["rows"]
        assert version in rd.cite(version)
        assert loader.verify(version) == []
        with rd.connect(version) as con:
            assert dict(con.execute("SELECT key, value FROM release_info").fetchall())["version"] == version
            for statement in ("CREATE TABLE t (a INTEGER)", "COPY release_info TO 'x.csv'", "INSTALL httpfs",
                              "ATTACH 'y.duckdb' AS y", "SET enable_external_access = true"):
                try:
                    con.execute(statement)
                except duckdb.Error:
                    pass
                else:
                    raise AssertionError(statement + " was allowed")
    assert rd.load(rd.tables()[0]).equals(rd.load(rd.tables()[0], version=versions[-1]))
    try:
        rd.load("no_such_table")
    except ValueError as exc:
        assert "valid tables" in str(exc)
    else:
        raise AssertionError("unknown table accepted")
    print("ok", versions)
''')


def test_the_installed_wheel_works_outside_the_repo(repo_wheel, fixture_wheel, fixture_releases, tmp_path, http_server):
    # The committed releases when there are any, else the fixture releases.
    wheel = repo_wheel if release_files(REPO / "build") else fixture_wheel
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python, cli = venv / "bin" / "python", venv / "bin" / "relations-data"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel),
                    "duckdb<2", "pandas<3"], check=True, capture_output=True, text=True, timeout=540)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    # Older releases come from a local server of the published release folders; no other network.
    _, url = http_server(REPO / "build" if wheel == repo_wheel else fixture_releases.path)
    env = {k: v for k, v in os.environ.items() if k not in ("RELATIONS_DATA_RELEASES", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
               https_proxy="http://127.0.0.1:9", NO_PROXY="127.0.0.1", no_proxy="127.0.0.1",
               RELATIONS_DATA_RELEASES_URL=url, RELATIONS_DATA_CACHE=str(tmp_path / "cache"))

    def sh(*args: str, code: int = 0, timeout: int = 120) -> subprocess.CompletedProcess:
        result = subprocess.run([str(a) for a in args], cwd=outside, env=env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        return result

    # Every table of every release: the newest alone has 5.5 million rows and makes its database.
    assert sh(python, "-c", INSTALLED_CHECKS, site, timeout=900).stdout.startswith("ok")

    versions = [line.split(",")[0] for line in sh(cli, "versions", "--csv").stdout.splitlines()[1:]]
    newest = versions[-1]
    assert "Example:" in sh(cli, "--help").stdout
    tables = json.loads(sh(cli, "tables", "--json").stdout)
    first = tables[0]["table"]
    assert sh(cli, "info", first).stdout.startswith(f"{first}: ")
    assert sh(cli, "sql", "SELECT value FROM release_info WHERE key = 'version'", "--csv").stdout == f"value\n{newest}\n"
    refused = sh(cli, "sql", "DROP TABLE release_info", code=1)
    assert refused.stderr.startswith("error: the release database is read-only") and refused.stderr.count("\n") == 1
    sh(cli, "export", "--out", "csv-out", "--version", versions[0], "--bom")
    sh(cli, "export", "--out", "pq-out", "--format", "parquet", "--table", first)
    assert len(list((outside / "csv-out").glob("*.csv"))) == len(json.loads(sh(cli, "tables", "--json", "--version", versions[0]).stdout))
    assert (outside / "pq-out" / f"{first}.parquet").is_file()
    assert sh(cli, "verify", timeout=600).stdout.count("files match manifest.json") == len(versions)
    assert f"Version {newest}" in sh(cli, "cite").stdout
    # the plain wheel has no extract extra: one line naming it
    article = outside / "article.txt"
    article.write_text("Ecuador recalled its ambassador to Venezuela on Monday.\n", encoding="utf-8")
    assert sh(cli, "extract", article, code=1).stderr == (
        "error: extraction needs the extract extra (missing: pycountry): pip install 'relations-data[extract]'\n")
    # ... nor the build extra: validate and build say so in one line; review needs neither
    for verb in ("validate", "build"):
        result = sh(cli, verb, code=1)
        assert result.stderr.startswith(f"error: `relations-data {verb}` needs the build extra (missing: ")
        assert result.stderr.endswith("pip install 'relations-data[build]'\n") and result.stderr.count("\n") == 1
    shutil.copytree(REPO / "raw" / "sources", outside / "raw" / "sources")
    shutil.copytree(REPO / "raw" / "candidates", outside / "raw" / "candidates")
    assert "open" in sh(cli, "review", "--csv").stdout
