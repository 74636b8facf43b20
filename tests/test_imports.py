"""Imports (relations_data/inputs/imports/): origin.yaml, the data directory, hash checks,
fetching over HTTP, and records with computed evidence. A small importer module and its
upstream CSV are made here in tmp_path; the real Correlates of War imports have tests of
their own."""

from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

import pyarrow as pa
import pytest
import yaml
from click.testing import CliRunner

from raw_fixtures import raw_dir  # noqa: F401  (fixture)
from relations_data.cli import cli
from relations_data.errors import DataError
from relations_data.inputs.imports.base import Imported, UpstreamError
from relations_data.validate import check

FLOWS = "reporter,partner,year,value\nCOL,USA,2021,14.5\nCOL,CHN,2021,9.1\nUSA,COL,2021,15.2\n"


def _read(files):
    return _read_rows(files, 3)


def _read_rows(files, expected: int):
    """An importer as the protocol asks: rank each reporter's partners by value in a year."""
    import duckdb

    ranked = duckdb.connect().sql(
        "SELECT reporter, partner, year, 'total' AS flow, "
        "rank() OVER (PARTITION BY reporter, year ORDER BY value DESC)::BIGINT AS rank "
        "FROM read_csv($path, header = true) ORDER BY ALL", params={"path": str(files["flows.csv"])}).to_arrow_table()
    if ranked.num_rows != expected:
        raise UpstreamError(f"flows.csv has {ranked.num_rows} rows, not the documented {expected}")
    selection = pa.array([f"reporter = '{r}' AND year = {y}" for r, y in
                          zip(ranked.column("reporter").to_pylist(), ranked.column("year").to_pylist())])
    yield Imported("trade_partner_ranks", ranked, selection, "rank of the partner by value, descending", "flows.csv")


@pytest.fixture
def importer(monkeypatch):
    module = types.ModuleType("relations_data.inputs.imports.fixture_flows")
    module.read = _read
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module


def origin(url: str = "https://example.org/data/flows.csv", digest: str | None = None, **change) -> dict:
    doc = {
        "title": "Fixture flows", "publisher": "The test suite", "version": "1", "licence": "CC0-1.0",
        "citation": "Test suite. 2026. Fixture flows.", "importer": "fixture_flows",
        "tables": ["trade_partner_ranks"],
        "files": [{"name": "flows.csv", "url": url, "sha256": digest or hashlib.sha256(FLOWS.encode()).hexdigest(),
                   "retrieved": "2026-12-04", "description": "Flows between three states."}],
    }
    doc.update(change)
    return {k: v for k, v in doc.items() if v is not None}


def setup_import(raw: Path, data_dir: Path, doc: dict | None = None, content: str | None = FLOWS) -> None:
    folder = raw / "imports" / "fixture_flows"
    folder.mkdir(parents=True)
    (folder / "origin.yaml").write_text(yaml.safe_dump(doc or origin(), sort_keys=False), encoding="utf-8")
    data_dir.mkdir(exist_ok=True)
    if content is not None:
        (data_dir / "flows.csv").write_text(content, encoding="utf-8")


def test_imported_records_carry_computed_evidence_and_their_source(raw_dir, tmp_path, importer):
    setup_import(raw_dir, tmp_path / "data")
    dataset = check(raw_dir, imports_dir=tmp_path / "data")
    ranks = dataset.frames["trade_partner_ranks"]
    imported = ranks[ranks["method"] == "imported"]
    assert sorted(zip(imported["reporter"], imported["partner"], imported["rank"])) == \
        [("COL", "CHN", 2), ("COL", "USA", 1), ("USA", "COL", 1)]
    evidence = dataset.frames["evidence"].set_index("record_id").loc[imported["record_id"]]
    assert set(evidence["kind"]) == {"computed"} and set(evidence["method"]) == {"imported"}
    assert set(evidence["source_id"]) == {"fixture_flows.flows"} and evidence["quote"].isna().all()
    assert "reporter = 'COL' AND year = 2021" in set(evidence["selection"])
    source = dataset.frames["sources"].set_index("source_id").loc["fixture_flows.flows"]
    assert source["url"] == "https://example.org/data/flows.csv" and not source["stored"]
    assert source["sha256"] == hashlib.sha256(FLOWS.encode()).hexdigest() and "Test suite. 2026" in source["notes"]


def test_an_import_reads_one_folder_down_in_the_data_directory(raw_dir, tmp_path, importer):
    setup_import(raw_dir, tmp_path / "data", content=None)
    (tmp_path / "data" / "upstream-copy").mkdir()
    (tmp_path / "data" / "upstream-copy" / "flows.csv").write_text(FLOWS, encoding="utf-8")
    assert len(check(raw_dir, imports_dir=tmp_path / "data").frames["trade_partner_ranks"]) == 4


@pytest.mark.parametrize("content,expected", [
    (None, "upstream file flows.csv is not in {data}: run `relations-data fetch-imports` to download it from "
           "https://example.org/data/flows.csv"),
    (FLOWS + "COL,PER,2021,1.0\n", "has sha256 "),
], ids=["missing", "altered"])
def test_a_missing_or_altered_upstream_file_stops_the_build_in_one_line(raw_dir, tmp_path, importer, monkeypatch,
                                                                       content, expected):
    setup_import(raw_dir, tmp_path / "data", content=content)
    monkeypatch.chdir(raw_dir.parent)
    result = CliRunner().invoke(cli, ["build", "--imports-dir", str(tmp_path / "data"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if "flows.csv" in line]
    assert line.startswith("raw/imports/fixture_flows/origin.yaml: import fixture_flows: ")
    assert expected.format(data=tmp_path / "data") in line
    assert not (tmp_path / "out" / "1.0.0").exists()


BAD_ORIGINS = {
    "no citation": (dict(citation=None), "citation"),
    "unknown field": (dict(colour="red"), "colour"),
    "a table not declared": (dict(tables=["gossip"]), "tables"),
    "a url that is not http": (dict(files=[{"name": "flows.csv", "url": "example.org/flows.csv", "sha256": "0" * 64,
                                            "retrieved": "2026-12-04"}]), "url must be the http(s) address"),
    "a short hash": (dict(files=[{"name": "flows.csv", "url": "https://example.org/f.csv", "sha256": "abc",
                                  "retrieved": "2026-12-04"}]), "sha256 must be"),
    "no retrieval date": (dict(files=[{"name": "flows.csv", "url": "https://example.org/f.csv", "sha256": "0" * 64}]),
                          "retrieved must be"),
}


@pytest.mark.parametrize("change,expected", BAD_ORIGINS.values(), ids=BAD_ORIGINS.keys())
def test_bad_origin_files_are_reported(raw_dir, tmp_path, importer, change, expected):
    setup_import(raw_dir, tmp_path / "data", origin(**change))
    with pytest.raises(DataError) as caught:
        check(raw_dir, imports_dir=tmp_path / "data")
    lines = [str(p) for p in caught.value.problems]
    assert all(line.startswith(str(raw_dir / "imports" / "fixture_flows" / "origin.yaml")) or
               line.startswith("raw/imports/fixture_flows/origin.yaml") or "origin.yaml" in line for line in lines)
    assert any(expected in line for line in lines), lines


def test_an_importer_refusing_its_file_is_one_problem(raw_dir, tmp_path, importer):
    short = "reporter,partner,year,value\nCOL,USA,2021,14.5\n"
    setup_import(raw_dir, tmp_path / "data", origin(digest=hashlib.sha256(short.encode()).hexdigest()), content=short)
    with pytest.raises(DataError, match="import fixture_flows: flows.csv has 1 rows, not the documented 3"):
        check(raw_dir, imports_dir=tmp_path / "data")


def test_fetch_imports_downloads_checks_and_then_builds(raw_dir, tmp_path, importer, http_server, monkeypatch):
    served, base = http_server(tmp_path / "served")
    (served / "flows.csv").write_text(FLOWS, encoding="utf-8")
    setup_import(raw_dir, tmp_path / "unused", origin(url=f"{base}/flows.csv"), content=None)
    monkeypatch.chdir(raw_dir.parent)
    monkeypatch.setenv("RELATIONS_DATA_IMPORTS", str(tmp_path / "cache"))
    fetched = CliRunner().invoke(cli, ["fetch-imports"])
    assert fetched.exit_code == 0, fetched.output
    assert (tmp_path / "cache" / "fixture_flows" / "flows.csv").read_text(encoding="utf-8") == FLOWS
    built = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output


def test_fetch_imports_refuses_a_file_whose_hash_differs(raw_dir, tmp_path, importer, http_server, monkeypatch):
    served, base = http_server(tmp_path / "served")
    (served / "flows.csv").write_text(FLOWS.replace("14.5", "41.5"), encoding="utf-8")
    setup_import(raw_dir, tmp_path / "unused", origin(url=f"{base}/flows.csv"), content=None)
    monkeypatch.chdir(raw_dir.parent)
    result = CliRunner().invoke(cli, ["fetch-imports", "--imports-dir", str(tmp_path / "cache")])
    assert result.exit_code == 1 and result.stderr.startswith("error: could not fetch the upstream files")
    assert "Traceback" not in result.output
    assert not (tmp_path / "cache" / "fixture_flows" / "flows.csv").exists()


def test_an_imported_key_a_hand_coded_record_has_becomes_its_evidence(raw_dir, tmp_path, importer):
    """The fixture hand-codes COL's rank of CHN in 2025 as 2; an import ranking it 1 adds
    computed evidence claiming rank 1 to that record instead of a second record."""
    flows = FLOWS + "COL,CHN,2025,3.0\n"
    setup_import(raw_dir, tmp_path / "data", origin(digest=hashlib.sha256(flows.encode()).hexdigest()),
                 content=flows)
    sys.modules["relations_data.inputs.imports.fixture_flows"].read = lambda files: _read_rows(files, 4)
    dataset = check(raw_dir, imports_dir=tmp_path / "data")
    ranks = dataset.frames["trade_partner_ranks"]
    [record] = ranks[(ranks["year"] == 2025)].to_dict("records")
    assert record["method"] == "hand" and record["rank"] == 2 and record["disputed_columns"] == "rank"
    evidence = dataset.frames["evidence"]
    computed = evidence[(evidence["record_id"] == record["record_id"]) & (evidence["kind"] == "computed")]
    assert list(computed["claims"]) == ['{"rank": 1}'] and list(computed["selection"]) == ["reporter = 'COL' AND year = 2025"]


def test_a_staged_import_is_not_read_by_the_build(raw_dir, tmp_path, importer):
    setup_import(raw_dir, tmp_path / "data", origin(status="staged"), content=None)  # not even its file
    ranks = check(raw_dir, imports_dir=tmp_path / "data").frames["trade_partner_ranks"]
    assert set(ranks["method"]) == {"hand"}
