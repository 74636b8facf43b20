"""The 1.2.0 data of issue 13 (tariff threats, tariffs imposed, recalls, events, trade ranks):
threats link to the tariffs that carried them out, and every source those tables cite can be
found again (a full http(s) URL and the date it was read)."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from raw_fixtures import REPO

RELEASE = REPO / "build" / "1.2.0"
CHECKED_TABLES = ["tariff_threats", "tariffs_imposed", "diplomatic_recalls", "events", "trade_partner_ranks"]


def rows(table: str) -> list[dict]:
    return pq.read_table(RELEASE / "parquet" / f"{table}.parquet").to_pylist()


def test_imposed_threats_link_to_the_tariff_that_took_effect():
    imposed = {(r["actor"], r["target"], r["effective_date"]) for r in rows("tariffs_imposed")}
    threats = rows("tariff_threats")
    linked = [t for t in threats if t["imposed_effective_date"] is not None]
    assert linked, "no threat links to tariffs_imposed"
    for threat in threats:
        key = (threat["actor"], threat["target"], threat["imposed_effective_date"])
        if threat["outcome"] == "imposed":
            assert key in imposed, f"{threat['record_id']}: no tariffs_imposed row for {key}"
        else:
            assert threat["imposed_effective_date"] is None, f"{threat['record_id']} links but was not imposed"


@pytest.mark.parametrize("table", CHECKED_TABLES)
def test_every_cited_source_has_a_url_and_retrieval_date(table):
    sources = {s["source_id"]: s for s in rows("sources")}
    cited = {e["source_id"] for e in rows("evidence") if e["table_name"] == table}
    assert cited
    missing = sorted(s for s in cited
                     if not (sources[s]["url"] or "").startswith(("http://", "https://")) or sources[s]["retrieved_date"] is None)
    assert missing == []


def test_october_2025_recall_states_its_reason():
    [recall] = [r for r in rows("diplomatic_recalls")
                if (r["actor"], r["target"], str(r["event_date"])) == ("COL", "USA", "2025-10-20")]
    assert "tariffs" in recall["reason"] and "payments" in recall["reason"]
