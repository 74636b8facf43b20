"""coded: every row read from the coded YAML must still name where it came from."""

from __future__ import annotations

import datetime as dt

import yaml

from relations_data.coded import read_coded
from relations_data.rows import Rows
from relations_data.schema import load_schemas
from relations_data.sources import read_sources
from tests.raw_fixtures import RECORDS, make_raw, write_records

SCHEMAS = load_schemas()


def test_every_row_names_its_file_line_and_record(tmp_path, monkeypatch):
    """Many records, packed into chunks: each record and each of its evidence rows reports
    the line and label of the record, rebuilt from its values."""
    monkeypatch.setattr(Rows, "CHUNK", 3)
    raw = make_raw(tmp_path)
    base = RECORDS["tariff_threats"][0]
    records = [dict(base, event_date=(dt.date(2025, 1, 1) + dt.timedelta(days=i)).isoformat()) for i in range(10)]
    write_records(raw, "tariff_threats", records)
    sources, problems = read_sources(raw)
    coded, problems = read_coded(raw, SCHEMAS, sources)
    assert problems == []
    lines = [item.line for item in _yaml_items(raw / "coded" / "tariff_threats.yaml")]
    threats = coded["tariff_threats"]
    for i in range(10):
        origin = coded.origin("tariff_threats", i)
        assert origin.file.endswith("coded/tariff_threats.yaml") and origin.line == lines[i]
        assert origin.record.startswith(f"record {i + 1} (") and f"event_date=2025-01-{i + 1:02d}" in origin.record
        assert threats.row(i)["event_date"] == dt.date(2025, 1, i + 1)
    evidence = coded["evidence"]
    ours = [i for i in range(len(evidence)) if evidence.row(i)["table_name"] == "tariff_threats"]
    assert len(ours) == 10
    assert [coded.origin("evidence", i) for i in ours] == [coded.origin("tariff_threats", i) for i in range(10)]


def test_a_record_reported_while_reading_keeps_its_label(tmp_path):
    raw = make_raw(tmp_path)
    write_records(raw, "tariff_threats", [dict(RECORDS["tariff_threats"][0], event_date="2025-02-30")])
    sources, _ = read_sources(raw)
    coded, problems = read_coded(raw, SCHEMAS, sources)
    assert [p.record for p in problems] == ["record 1 (actor=USA, target=COL, event_date=2025-02-30)"]
    assert coded.origin("tariff_threats", 0).record == problems[0].record  # not rebuilt without the bad date


def _yaml_items(path):
    from relations_data.rawfiles import YamlList

    return list(YamlList(path, "records"))


def test_yaml_items_helper_matches_pyyaml(tmp_path):
    raw = make_raw(tmp_path)
    path = raw / "coded" / "tariff_threats.yaml"
    assert [dict(i) for i in _yaml_items(path)] == yaml.safe_load(path.read_text())["records"]
