"""Every kind of bad input fails cleanly: exit 1, a report naming file, record and fix, no
traceback, and no release written."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from raw_fixtures import RECORDS, raw_dir, write_records  # noqa: F401  (raw_dir is a fixture)
from relations_data.cli import cli
from relations_data.errors import DataError
from relations_data.schema import load_schemas
from relations_data.validate import check, duplicate_keys, to_frame


def edit(table: str, **changes):
    """A mutation setting fields of the table's first record (None deletes the field)."""
    def mutate(raw: Path) -> None:
        records = copy.deepcopy(RECORDS[table])
        for key, value in changes.items():
            if value is None:
                records[0].pop(key, None)
            else:
                records[0][key] = value
        write_records(raw, table, records)
    return mutate


def edit_evidence(table: str, **changes):
    def mutate(raw: Path) -> None:
        records = copy.deepcopy(RECORDS[table])
        records[0]["evidence"][0].update(changes)
        write_records(raw, table, records)
    return mutate


def duplicate_record(table: str):
    def mutate(raw: Path) -> None:
        write_records(raw, table, copy.deepcopy(RECORDS[table]) * 2)
    return mutate


def write_file(relpath: str, content: bytes):
    def mutate(raw: Path) -> None:
        (raw / relpath).write_bytes(content)
    return mutate


def change_source_text(raw: Path) -> None:
    path = raw / "sources" / "003_f7d3da1f82119494.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("25%", "35%"), encoding="utf-8")


def escape_raw(raw: Path) -> None:
    (raw.parent / "outside.txt").write_text("secret", encoding="utf-8")
    meta = raw / "sources" / "sources.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(
        "file: 004_cc09aaa7987bb886.txt", "file: ../../outside.txt"), encoding="utf-8")


FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()

# (id, mutation, file named in the report, words the report must contain)
BAD_INPUTS = [
    ("malformed-yaml", write_file("coded/events.yaml", b"records: [\n  - a: b\n"), "coded/events.yaml", "malformed YAML"),
    ("not-utf8", write_file("coded/events.yaml", b"records:\n  - description: caf\xe9\n"), "coded/events.yaml", "not valid UTF-8"),
    ("empty-file", write_file("coded/events.yaml", b"   \n"), "coded/events.yaml", "file is empty"),
    ("enormous-file", write_file("coded/events.yaml", b"#" * (21 * 1024 * 1024)), "coded/events.yaml", "over the"),
    ("unknown-table", write_file("coded/embassies.yaml", b"records: []\n"), "coded/embassies.yaml", "unknown table"),
    ("unknown-column", edit("events", colour="red"), "coded/events.yaml", "unknown column"),
    ("derived-column", edit("events", record_id="EVT-1"), "coded/events.yaml", "computed by the build"),
    ("missing-required", edit("diplomatic_recalls", envoy_name=None), "coded/diplomatic_recalls.yaml", "missing required value"),
    ("wrong-type", edit("coca_cultivation", hectares="lots"), "coded/coca_cultivation.yaml", "expected a number"),
    ("invalid-country", edit("events", actor="XYZ"), "coded/events.yaml", "not an ISO 3166-1 alpha-3"),
    ("impossible-date", edit("tariff_threats", event_date="2025-02-30"), "coded/tariff_threats.yaml", "not a real date"),
    ("future-date", edit("tariff_threats", event_date=FUTURE), "coded/tariff_threats.yaml", "in the future"),
    ("before-1900", edit("decertifications", event_date="1899-12-31"), "coded/decertifications.yaml", "before 1900"),
    ("negative-hectares", edit("coca_cultivation", hectares=-5), "coded/coca_cultivation.yaml", "outside the valid range"),
    ("absurd-number", edit("coca_cultivation", hectares=1e300), "coded/coca_cultivation.yaml", "too large"),
    ("rank-zero", edit("trade_partner_ranks", rank=0), "coded/trade_partner_ranks.yaml", "outside the valid range"),
    ("percent-over-1000", edit("tariff_threats", rate_pct=2500), "coded/tariff_threats.yaml", "outside the valid range"),
    ("vocabulary", edit("diplomatic_recalls", envoy_rank="envoy"), "coded/diplomatic_recalls.yaml", "not an allowed value"),
    ("duplicate-key", duplicate_record("events"), "coded/events.yaml", "share the natural key"),
    ("no-evidence", edit("events", evidence=[]), "coded/events.yaml", "at least one evidence"),
    ("quote-not-in-source", edit_evidence("tariff_threats", quote="Trump threatened a 99% tariff"), "coded/tariff_threats.yaml", "quote not found"),
    ("missing-source", edit_evidence("events", source="999_missing"), "coded/events.yaml", "not registered"),
    ("source-text-changed", change_source_text, "sources/sources.yaml", "sha256"),
    ("path-escapes-raw", escape_raw, "sources/sources.yaml", "outside raw/sources/"),
    ("unregistered-text", write_file("sources/new_article.txt", b"An article."), "sources/new_article.txt", "no metadata record"),
    ("country-not-in-reference", edit("events", target="BRA"), "coded/events.yaml", "not in raw/reference/countries.yaml"),
    ("outside-coverage", edit("coca_cultivation", year=1990), "coded/coca_cultivation.yaml", "outside the coverage statement"),
    ("missing-reference", lambda raw: (raw / "reference" / "countries.yaml").unlink(), "reference/countries.yaml", "file is missing"),
    ("bad-reference-row", write_file("reference/countries.yaml", b"rows:\n  - iso_alpha3: USA\n    cow_code: two\n"), "reference/countries.yaml", "expected a number"),
    ("bad-version", write_file("dataset.yaml", b"version: one\nname: x\ntitle: x\ndescription: x\nlicense: x\n"), "dataset.yaml", "semantic versioning"),
]


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("case_id, mutate, file, words", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_fails_cleanly(raw_dir, tmp_path, monkeypatch, command, case_id, mutate, file, words):
    mutate(raw_dir)
    monkeypatch.chdir(tmp_path)
    args = [command, "--raw", "raw"] + (["--out", "out"] if command == "build" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if words in line]
    assert lines, result.output
    assert any(f"raw/{file}" in line for line in lines), result.output
    if command == "build":
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir()) or \
            [p.name for p in (tmp_path / "out").iterdir()] == [".lock"]


def test_record_problems_name_the_record_and_line(raw_dir):
    edit("tariff_threats", actor="XYZ", rate_pct=-1)(raw_dir)
    with pytest.raises(DataError) as info:
        check(raw_dir)
    lines = str(info.value).splitlines()[1:]
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(f"{raw_dir / 'coded' / 'tariff_threats.yaml'}:2: record 1 (actor=XYZ, target=COL, event_date=2025-01-26): column ")


def test_every_problem_is_reported_at_once(raw_dir):
    for table, field, value in [("events", "actor", "XYZ"), ("coca_cultivation", "hectares", -1),
                                ("trade_partner_ranks", "rank", 0), ("tariff_threats", "event_date", "2025-13-01")]:
        edit(table, **{field: value})(raw_dir)
    with pytest.raises(DataError) as info:
        check(raw_dir)
    assert len(info.value.problems) == 4


def test_valid_fixture_passes(raw_dir):
    dataset = check(raw_dir)
    assert {name: len(frame) for name, frame in dataset.frames.items()} == {
        "coca_cultivation": 1, "decertifications": 1, "diplomatic_recalls": 1, "events": 1,
        "tariff_threats": 1, "trade_partner_ranks": 1, "tariffs_imposed": 0, "countries": 3, "coverage": 9,
        "sources": 5, "evidence": 7, "dyad_years": 24}


def test_disagreeing_evidence_is_kept_and_flagged(raw_dir):
    dataset = check(raw_dir)
    recall = dataset.frames["diplomatic_recalls"].iloc[0]
    assert recall["envoy_rank"] == "charge_d_affaires"
    assert recall["disputed_columns"] == "envoy_rank"
    evidence = dataset.frames["evidence"]
    hand = evidence[(evidence["record_id"] == recall["record_id"]) & (evidence["method"] == "hand")]
    claims = hand["claims"].dropna().tolist()
    assert claims == ['{"envoy_rank": "other"}']


def test_record_id_depends_on_the_natural_key_only(raw_dir):
    before = check(raw_dir).frames["events"]["record_id"].iloc[0]
    edit("events", description="Another wording.")(raw_dir)
    assert check(raw_dir).frames["events"]["record_id"].iloc[0] == before
    edit("events", event_date="2025-05-14", event_date_precision="day")(raw_dir)
    assert check(raw_dir).frames["events"]["record_id"].iloc[0] != before


_KEY_VALUES = {"country": ["USA", "COL", None], "string": ["a", "b", None], "integer": [1, 2, None],
               "date": [dt.date(2025, 1, 1), dt.date(2025, 1, 2), None], "number": [1.5, 2.0, None]}


@pytest.mark.parametrize("block", [1, 3, 65_536])
@pytest.mark.parametrize("table_name", ["evidence", "diplomatic_recalls", "trade_partner_ranks", "coca_cultivation"])
def test_duplicate_keys_are_the_rows_pandas_calls_duplicated(table_name, block):
    """The Arrow check finds exactly the rows pandas' duplicated(keep=False) does, empty values
    equal to each other, whatever the block size."""
    table = load_schemas()[table_name]
    key_columns = [table.column(k) for k in table.natural_key]
    row = st.fixed_dictionaries({c.name: st.sampled_from(_KEY_VALUES.get(c.type, ["x", "y", None]))
                                 for c in key_columns})

    @settings(max_examples=60, deadline=None)
    @given(st.lists(row, max_size=12))
    def check_rows(rows):
        frame = to_frame([{**dict.fromkeys(table.column_names), **r} for r in rows], table)
        expected = frame.duplicated(list(table.natural_key), keep=False)
        assert duplicate_keys(frame, table, block=block) == expected[expected].index.tolist()

    check_rows()


CITED_QUOTE = "Trump then announced a 25% tariff on all Colombian imports"


@pytest.mark.parametrize("source,problem", [
    ({"url": "https://example.org/news/2025/01/26/colombia", "retrieved": "2026-12-04"}, None),
    ({"url": None, "retrieved": "2026-12-04"}, "without a whole http(s) URL"),
    ({"url": "example.org 2025/01/26", "retrieved": "2026-12-04"}, "without a whole http(s) URL"),
    ({"url": "https://example.org/news/2025/01/26/colombia", "retrieved": None}, "without a whole http(s) URL"),
    ({"url": "https://example.org/news/2025/01/26/colombia-tariffs-...", "retrieved": "2026-12-04"},
     "not cut short with ..."),
], ids=["url and date", "no url", "an outlet name, not a url", "no retrieval date", "a url cut short"])
def test_a_citation_needs_a_url_and_a_retrieval_date(raw_dir, source, problem):
    entry = {"source_id": "cite_example", "title": "Colombia news", "publisher": "Example", "language": "en",
             "published_date": "2025-01-26", **{k: v for k, v in source.items() if v is not None}}
    (raw_dir / "sources" / "citations.yaml").write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")
    records = copy.deepcopy(RECORDS["tariff_threats"])
    records[0]["evidence"].append({"source": "cite_example", "quote": CITED_QUOTE})
    write_records(raw_dir, "tariff_threats", records)
    if problem is None:
        evidence = check(raw_dir).frames["evidence"]
        cited = evidence[evidence["source_id"] == "cite_example"]
        assert list(cited["kind"]) == ["citation"] and not cited["verified"].any()
        assert (evidence.loc[evidence["source_id"] != "cite_example", "kind"] == "quote").all()
        return
    with pytest.raises(DataError) as caught:
        check(raw_dir)
    lines = [str(p) for p in caught.value.problems]
    assert any("citations.yaml" in line and "cite_example" in line for line in lines), lines  # the source itself
