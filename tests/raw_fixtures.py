"""A small, valid raw/ folder built in tmp_path: the real source texts, one record per
fact table quoted from them, and the reference tables they need. Tests mutate copies of it to produce each kind of bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

RECORDS = {
    "diplomatic_recalls": [{
        "actor": "USA", "target": "COL", "envoy_name": "John McNamara", "envoy_rank": "charge_d_affaires",
        "event_date": "2025-07-03", "reason": "=statements on a coup plot",
        "evidence": [{"source": "000_4a5cc6c1728668df",
                      "quote": "On Thursday, July 3, 2025, the U.S. recalled its top envoy, Chargé d'Affaires John McNamara, from Bogotá."},
                     {"source": "004_cc09aaa7987bb886",
                      "quote": "United States Secretary of State Marco Rubio recalled his acting ambassador from Colombia",
                      "claims": {"envoy_rank": "other"}}],
    }],
    "coca_cultivation": [{
        "country": "COL", "year": 2023, "hectares": 253000, "estimator": "UNODC", "cocaine_tonnes": 2600,
        "notes": "'last year' in a text of July 2025 is the UNODC survey year 2023.",
        "evidence": [{"source": "002_e3ab624f268d1e3d",
                      "quote": "increased by 10% last year to 253,000 hectares, producing over 2,600 tons of cocaine",
                      "claims": {"year": 2024}}],
    }],
    "decertifications": [{
        "actor": "USA", "target": "COL", "event_date": "2025-09-16", "fiscal_year": 2026,
        "status": "decertified", "waiver": True,
        "evidence": [{"source": "003_f7d3da1f82119494",
                      "quote": "Consequently, Washington decertified[vii] Colombia on 16 September 2025."}],
    }],
    "tariff_threats": [{
        "actor": "USA", "target": "COL", "event_date": "2025-01-26", "rate_pct": 25, "scope": "Colombian exports",
        "evidence": [{"source": "003_f7d3da1f82119494",
                      "quote": "Trump threatened to impose a 25% tariff on Colombian exports"}],
    }],
    "trade_partner_ranks": [{
        "reporter": "COL", "partner": "CHN", "year": 2025, "rank": 2, "flow": "total",
        "evidence": [{"source": "000_4a5cc6c1728668df",
                      "quote": "China is Colombia's second most important trade partner"}],
    }],
    "events": [{
        "actor": "COL", "target": "CHN", "event_date": "2025-05-01", "event_date_precision": "month",
        "event_type": "join_initiative", "description": "Colombia joins China's Belt and Road Initiative.",
        "evidence": [{"source": "000_4a5cc6c1728668df",
                      "quote": "In May 2025, Colombia officially joined China’s Belt and Road Initiative (BRI)"}],
    }],
}


REFERENCE = {
    "countries": [{"iso_alpha3": "USA", "cow_code": 2, "cow_abbrev": "USA"},
                  {"iso_alpha3": "COL", "cow_code": 100, "cow_abbrev": "COL"},
                  {"iso_alpha3": "CHN", "cow_code": 710, "cow_abbrev": "CHN"}],
    # One explicit dyad (or country) per table: the one its fixture record is about.
    "coverage": [{"table_name": table, "actor": actor, "target": target, "first_year": 2020, "last_year": 2025,
                  "completeness": "partial", "description": "The fixture's records."}
                 for table, actor, target in [
                     ("diplomatic_recalls", "USA", "COL"), ("diplomatic_recalls", "COL", "USA"),
                     ("coca_cultivation", "COL", None), ("decertifications", "USA", "COL"),
                     ("tariff_threats", "USA", "COL"), ("trade_partner_ranks", "COL", "CHN"),
                     ("trade_partner_ranks", "COL", "USA"), ("trade_partner_ranks", "USA", "COL"),
                     ("events", "COL", "CHN")]],
}


def write_reference(raw: Path, table: str, rows: list[dict]) -> None:
    (raw / "reference" / f"{table}.yaml").write_text(
        yaml.safe_dump({"rows": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_records(raw: Path, table: str, records: list[dict]) -> None:
    (raw / "coded" / f"{table}.yaml").write_text(
        yaml.safe_dump({"records": records}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_raw(root: Path) -> Path:
    raw = root / "raw"
    (raw / "coded").mkdir(parents=True)
    (raw / "reference").mkdir()
    for table, rows in REFERENCE.items():
        write_reference(raw, table, rows)
    # Only the five stored texts of sources.yaml: the fixture must not depend on the real
    # citation lists (citations.yaml, and per-table lists such as coca.yaml) nor on the texts
    # those per-table lists register (det_*.txt, eo*.txt...).
    (raw / "sources").mkdir()
    registered = yaml.safe_load((REPO / "raw" / "sources" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    shutil.copy2(REPO / "raw" / "sources" / "sources.yaml", raw / "sources" / "sources.yaml")
    for entry in registered:
        if entry.get("file"):
            shutil.copy2(REPO / "raw" / "sources" / entry["file"], raw / "sources" / entry["file"])
    meta = yaml.safe_load((REPO / "raw" / "dataset.yaml").read_text(encoding="utf-8"))
    meta["version"] = "1.0.0"  # the fixture's own version, whatever the real dataset's is
    (raw / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    (raw / "sources" / "citations.yaml").write_text("sources: []\n", encoding="utf-8")
    for table, records in RECORDS.items():
        write_records(raw, table, records)
    return raw


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A valid raw/ folder of one record per fact table."""
    return make_raw(tmp_path)
