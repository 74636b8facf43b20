"""Reviewed candidates (relations_data/inputs/candidates.py, review.py): only accepted
proposals are published, each decision names who, when and why, and bad entries are reported
in one line each without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from raw_fixtures import raw_dir  # noqa: F401  (fixture)
from relations_data.cli import cli
from relations_data.errors import DataError
from relations_data.inputs.candidates import candidate_id
from relations_data.validate import check

RECALL_QUOTE = ("United States Secretary of State Marco Rubio recalled his acting ambassador from Colombia after "
                "President Gustavo Petro sent a letter of reconciliation to his American counterpart Donald Trump.")
RECALL_SOURCE = "004_cc09aaa7987bb886"
PETRO_QUOTE = "In a tit-for-tat response, President Petro recalled his ambassador from Washington, D.C."
PETRO_SOURCE = "000_4a5cc6c1728668df"


def entry(table: str, source: str, quote: str, values: dict, status: str = "open", **decision) -> dict:
    found = {"id": candidate_id(table, source, quote, values), "status": status, "source": source, "quote": quote,
             "confidence": 0.7, "values": values, "proposed_by": "relations-data extract"}
    if status != "open":
        found.update({"decided_by": "A. Coder", "decided_on": "2026-12-01", "reason": "checked against the text"},
                     **decision)
    return found


# Corroborates the fixture's hand-coded recall (same key), claiming another rank.
CORROBORATING = ("diplomatic_recalls", RECALL_SOURCE, RECALL_QUOTE,
                 {"actor": "USA", "target": "COL", "envoy_name": "John McNamara", "event_date": "2025-07-03",
                  "envoy_rank": "ambassador"})
# Matches no hand-coded record: a record of its own once accepted.
NEW_RECORD = ("diplomatic_recalls", PETRO_SOURCE, PETRO_QUOTE,
              {"actor": "COL", "target": "USA", "envoy_name": "Daniel García-Peña", "envoy_rank": "ambassador",
               "event_date": "2025-07-03"})


def write(raw: Path, *entries: dict) -> None:
    by_table: dict[str, list[dict]] = {}
    for e, table in entries:
        by_table.setdefault(table, []).append(e)
    (raw / "candidates").mkdir(exist_ok=True)
    for table, items in by_table.items():  # written as a coder might, not through review's writer
        text = yaml.safe_dump({"candidates": items}, allow_unicode=True, sort_keys=False)
        (raw / "candidates" / f"{table}.yaml").write_text(text, encoding="utf-8")


def extracted(dataset, table: str):
    frame = dataset.frames[table]
    return frame[frame["method"] == "extracted"]


@pytest.mark.parametrize("status", ["open", "rejected"])
def test_only_accepted_candidates_are_published(raw_dir, status):
    write(raw_dir, (entry(*CORROBORATING, status=status), "diplomatic_recalls"), (entry(*NEW_RECORD, status=status), "diplomatic_recalls"))
    dataset = check(raw_dir)
    assert extracted(dataset, "evidence").empty and extracted(dataset, "diplomatic_recalls").empty


def test_accepted_candidate_corroborates_the_record_with_its_key(raw_dir):
    write(raw_dir, (entry(*CORROBORATING, status="accepted"), "diplomatic_recalls"))
    dataset = check(raw_dir)
    added = extracted(dataset, "evidence")
    assert len(added) == 1
    row = added.iloc[0]
    recall = dataset.frames["diplomatic_recalls"].iloc[0]
    assert row["record_id"] == recall["record_id"] and row["kind"] == "quote"
    assert json.loads(row["claims"]) == {"envoy_rank": "ambassador"}
    assert "envoy_rank" in recall["disputed_columns"]
    assert RECALL_QUOTE.startswith(row["quote"]) or row["quote"] == RECALL_QUOTE


def test_accepted_candidate_without_a_record_becomes_one(raw_dir):
    write(raw_dir, (entry(*NEW_RECORD, status="accepted"), "diplomatic_recalls"))
    dataset = check(raw_dir)
    records = extracted(dataset, "diplomatic_recalls")
    assert len(records) == 1
    record = records.iloc[0]
    assert record["confidence"] == 0.7 and "accepted by A. Coder on 2026-12-01" in record["notes"]
    evidence = dataset.frames["evidence"]
    quote = evidence[evidence["record_id"] == record["record_id"]].iloc[0]
    assert quote["method"] == "extracted" and quote["kind"] == "quote" and quote["char_start"] >= 0


BAD = {
    "unknown status": ({"status": "maybe"}, "status"),
    "decision without who": ({"status": "accepted", "decided_by": None}, "decided_by"),
    "decision with a bad date": ({"status": "accepted", "decided_on": "2026-13-01"}, "decided_on"),
    "no quote": ({"quote": None}, "quote"),
    "unknown field": ({"votes": 3}, "votes"),
    "values not a mapping": ({"values": "USA"}, "values"),
    "quote not in its source": ({"status": "accepted", "quote": "Colombia annexed the moon."}, "quote not found"),
    "unregistered source": ({"status": "accepted", "source": "nowhere"}, "not registered"),
    "unknown column": ({"status": "accepted", "values": dict(NEW_RECORD[3], colour="red")}, "colour"),
    "missing required value": ({"status": "accepted", "values": {"actor": "COL", "target": "USA"}}, "event_date"),
    "value of the wrong type": ({"status": "accepted", "values": dict(NEW_RECORD[3], event_date="May")}, "event_date"),
}


@pytest.mark.parametrize("change,expected", BAD.values(), ids=BAD.keys())
def test_bad_candidates_are_reported_in_one_line_each(raw_dir, change, expected):
    item = entry(*NEW_RECORD, status="accepted")
    item.update(change)
    if change.get("status") == "accepted" and "decided_by" in change:
        item.pop("decided_by")
    item = {k: v for k, v in item.items() if v is not None}
    write(raw_dir, (item, "diplomatic_recalls"))
    with pytest.raises(DataError) as caught:
        check(raw_dir)
    lines = [str(p) for p in caught.value.problems]
    assert any("candidates/diplomatic_recalls.yaml" in line
               for line in lines), lines
    assert any(expected in line for line in lines), lines


def test_a_candidate_file_must_name_a_fact_table(raw_dir):
    (raw_dir / "candidates").mkdir()
    (raw_dir / "candidates" / "gossip.yaml").write_text("candidates: []\n", encoding="utf-8")
    with pytest.raises(DataError, match="gossip.yaml: raw/candidates/ holds one <table>.yaml"):
        check(raw_dir)


def test_review_files_proposals_and_records_decisions(raw_dir, monkeypatch):
    monkeypatch.chdir(raw_dir.parent)
    table, source, quote, values = NEW_RECORD
    proposals = raw_dir.parent / "proposals.jsonl"
    proposals.write_text(json.dumps(dict(values, table=table, source=f"raw/sources/{source}.txt", quote=quote,
                                         confidence=0.6)) + "\n", encoding="utf-8")
    runner = CliRunner()
    added = runner.invoke(cli, ["review", "--add", str(proposals), "--json"])
    assert added.exit_code == 0, added.output
    assert "filed 1 new proposals" in added.stderr
    [row] = json.loads(added.stdout)
    assert row["status"] == "open" and row["source"] == source
    again = runner.invoke(cli, ["review", "--add", str(proposals)])
    assert "filed 0 new proposals as open (1 already filed)" in again.stderr
    assert extracted(check(raw_dir), "diplomatic_recalls").empty
    refused = runner.invoke(cli, ["review", "--accept", row["id"]])
    assert refused.exit_code == 1 and refused.stderr.startswith("error: a decision needs --by")
    accepted = runner.invoke(cli, ["review", "--accept", row["id"], "--by", "A. Coder", "--reason", "in the text"])
    assert accepted.exit_code == 0, accepted.output
    assert len(extracted(check(raw_dir), "diplomatic_recalls")) == 1
    assert json.loads(runner.invoke(cli, ["review", "--json"]).stdout) == []


@pytest.mark.parametrize("content,message", [
    ('{"table": "events", "source": "not-registered.txt", "quote": "x"}\n', "is not a text registered"),
    ('{"table": "gossip", "source": "000_4a5cc6c1728668df", "quote": "x"}\n', "names no fact table"),
    ("this is not json\n", "line 1 is not JSON"),
], ids=["unregistered source", "unknown table", "not JSON"])
def test_review_refuses_bad_proposal_files_in_one_line(raw_dir, monkeypatch, content, message):
    monkeypatch.chdir(raw_dir.parent)
    path = raw_dir.parent / "proposals.jsonl"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", "--add", str(path)])
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output
    assert not (raw_dir / "candidates").exists(), "nothing is written when a proposal is refused"


def test_review_refuses_an_unknown_candidate(raw_dir, monkeypatch):
    monkeypatch.chdir(raw_dir.parent)
    result = CliRunner().invoke(cli, ["review", "--reject", "CAN-000000000000", "--by", "me", "--reason", "no"])
    assert result.exit_code == 1 and "no candidate CAN-000000000000" in result.stderr


def test_build_validate_and_review_never_import_the_extractor(raw_dir, tmp_path):
    """With relations_data.extract unimportable, the committed inputs still build."""
    write(raw_dir, (entry(*CORROBORATING, status="accepted"), "diplomatic_recalls"))
    code = (
        "import sys\nsys.modules['relations_data.extract'] = None  # any import of it now fails\n"
        "from relations_data.cli import cli\n"
        f"for args in (['validate', '--raw', {str(raw_dir)!r}], ['review', '--raw', {str(raw_dir)!r}, '--all'],\n"
        f"             ['build', '--raw', {str(raw_dir)!r}, '--out', {str(tmp_path / 'out')!r}]):\n"
        "    try:\n        cli(args)\n    except SystemExit as exc:\n        assert not exc.code, (args, exc.code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "1.0.0" / "manifest.json").exists()
