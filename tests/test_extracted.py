"""Extraction inside the build: corroborating evidence for hand-coded records, extracted-only
records published as such, and a coder's rejections respected."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from raw_fixtures import raw_dir  # noqa: F401
from relations_data.errors import DataError
from relations_data.validate import check


def extracted_records(dataset) -> list[tuple[str, dict]]:
    return [(name, row) for name, frame in dataset.frames.items() if dataset.schemas[name].is_fact
            for row in frame.to_dict("records") if row["method"] == "extracted"]


def test_extracted_quotes_are_verified_and_point_at_records(raw_dir):
    dataset = check(raw_dir)
    evidence = dataset.frames["evidence"]
    extracted = evidence[evidence["method"] == "extracted"]
    assert len(extracted), "the fixture's texts assert facts the extractor finds"
    texts = {s.source_id: (raw_dir / s.path).read_text(encoding="utf-8") for s in dataset.sources.values() if s.stored}
    record_ids = {rid for name, f in dataset.frames.items() if dataset.schemas[name].is_fact for rid in f["record_id"]}
    for row in extracted.to_dict("records"):
        assert row["verified"]
        assert texts[row["source_id"]][row["char_start"]:row["char_end"]] == row["quote"]
        assert row["record_id"] in record_ids


def test_hand_coded_records_are_corroborated_not_duplicated(raw_dir):
    dataset = check(raw_dir)
    assert dataset.review.corroborating > 0
    for name, frame in dataset.frames.items():
        if dataset.schemas[name].is_fact:
            key = list(dataset.schemas[name].natural_key)
            assert not frame.duplicated(key).any()


def test_extracted_only_records_are_marked_as_such(raw_dir):
    dataset = check(raw_dir)
    records = extracted_records(dataset)
    assert records
    assert len(records) == len(dataset.review.published)
    for _, row in records:
        assert 0 < row["confidence"] <= 1
        assert "not reviewed by a coder" in row["notes"]
    hand = [row for name, f in dataset.frames.items() if dataset.schemas[name].is_fact
            for row in f.to_dict("records") if row["method"] == "hand"]
    assert hand and all(pd.isna(row["confidence"]) for row in hand)


def test_a_rejected_candidate_is_not_published(raw_dir):
    published = check(raw_dir).review.published
    rejections = [{"record_id": p["record_id"], "reason": "Not asserted: the coder read it otherwise."} for p in published]
    (raw_dir / "coded" / "_rejected.yaml").write_text(yaml.safe_dump({"rejected": rejections}), encoding="utf-8")
    dataset = check(raw_dir)
    assert extracted_records(dataset) == []
    assert {r["record_id"] for r in dataset.review.rejected} == {p["record_id"] for p in published}
    assert all(r["reason"].startswith("Not asserted") for r in dataset.review.rejected)


def test_a_rejection_without_a_reason_is_reported(raw_dir):
    (raw_dir / "coded" / "_rejected.yaml").write_text("rejected:\n  - record_id: TAR-1\n", encoding="utf-8")
    with pytest.raises(DataError, match="_rejected.yaml:2: rejection 1: each rejection needs a record_id"):
        check(raw_dir)


def test_build_without_extraction_has_only_hand_records(raw_dir):
    dataset = check(raw_dir, extract=False)
    assert extracted_records(dataset) == []
    assert (dataset.frames["evidence"]["method"] == "hand").all()
