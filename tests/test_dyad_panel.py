"""The dyad-year panel: zero/missing by coverage, cells re-derived from the records in SQL,
explain, the CLI verbs and Stata export. On the repository's working release (build/1.2.0)
and on small frames made here."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

import relations_data as rd
from conftest import REPO
from relations_data import dyad_panel
from relations_data.cli import cli

VERSION = "1.2.0"
SPEC = dyad_panel.load_spec()


@pytest.fixture
def repo_release(monkeypatch):
    monkeypatch.setenv("RELATIONS_DATA_RELEASES", str(REPO / "build"))
    return VERSION


@pytest.fixture(scope="module")
def frames():
    import os

    old = os.environ.get("RELATIONS_DATA_RELEASES")
    os.environ["RELATIONS_DATA_RELEASES"] = str(REPO / "build")
    try:
        return dyad_panel.release_frames(VERSION)
    finally:
        os.environ.pop("RELATIONS_DATA_RELEASES") if old is None else os.environ.__setitem__("RELATIONS_DATA_RELEASES", old)


def cell(panel: pd.DataFrame, actor: str, target: str, year: int, month: int | None = None) -> pd.DataFrame:
    mask = (panel["actor"] == actor) & (panel["target"] == target) & (panel["year"] == year)
    if month is not None:
        mask &= panel["month"] == month
    return panel[mask]


# --- zero means zero ---------------------------------------------------------------------

@pytest.mark.parametrize("actor,target,year", [
    ("USA", "COL", 1990),   # before every coverage of the dyad
    ("PER", "BOL", 2025),   # a dyad no table covers
    ("COL", "COL", 2025),   # not a dyad
])
def test_a_dyad_year_outside_every_coverage_is_absent(frames, actor, target, year):
    assert cell(dyad_panel.compute(frames, SPEC), actor, target, year).empty


def test_inside_recalls_coverage_with_no_recall_is_zero(frames):
    # Extend the recalls coverage of USA→COL to 2024, a year with no recall coded.
    coverage = frames["coverage"]
    extra = coverage[(coverage["table_name"] == "diplomatic_recalls") & (coverage["actor"] == "USA")].assign(first_year=2024)
    changed = {**frames, "coverage": pd.concat([coverage, extra], ignore_index=True)}
    row = cell(dyad_panel.compute(changed, SPEC), "USA", "COL", 2024)
    assert row["recalls"].tolist() == [0] and row["days_without_envoy"].tolist() == [0]
    assert row["tariff_threats"].isna().all()  # 2024 is outside tariff_threats' coverage: missing, not 0


def test_months_without_a_recall_are_zero_and_ranks_have_no_zero(frames):
    months = cell(dyad_panel.compute(frames, SPEC, "month"), "USA", "COL", 2025)
    assert months["recalls"].tolist() == [0] * 6 + [1] + [0] * 5
    assert cell(dyad_panel.compute(frames, SPEC), "COL", "VEN", 2025)["total_rank"].isna().all()


# --- cells derived from the records, without the panel code ---------------------------------

INDEPENDENT = {
    # indicator -> SQL over the release database giving (actor, target, year, value)
    "recalls": "SELECT actor, target, year(event_date), count(*) FROM diplomatic_recalls GROUP BY ALL",
    "tariff_threats": "SELECT actor, target, year(event_date), count(*) FROM tariff_threats GROUP BY ALL",
    "max_threatened_rate_pct": "SELECT actor, target, year(event_date), max(greatest(rate_pct, escalation_rate_pct)) FROM tariff_threats GROUP BY ALL",
    "decertified": "SELECT actor, target, year(event_date), bool_or(status = 'decertified') FROM decertifications GROUP BY ALL",
    "material_conflict": "SELECT actor, target, year(event_date), count(*) FROM events WHERE cameo_code[1:2]::INT BETWEEN 15 AND 20 GROUP BY ALL",
    "verbal_conflict": "SELECT actor, target, year(event_date), count(*) FROM events WHERE cameo_code[1:2]::INT BETWEEN 10 AND 14 GROUP BY ALL",
    "goldstein_sum": "SELECT actor, target, year(event_date), sum(goldstein) FROM events GROUP BY ALL",
    "total_rank": "SELECT reporter, partner, year, min(rank) FROM trade_partner_ranks WHERE flow = 'total' GROUP BY ALL",
    "reverse_total_rank": "SELECT partner, reporter, year, min(rank) FROM trade_partner_ranks WHERE flow = 'total' GROUP BY ALL",
}


@pytest.mark.parametrize("indicator", INDEPENDENT)
def test_panel_cells_match_the_records(repo_release, frames, indicator):
    panel = dyad_panel.compute(frames, SPEC)
    with rd.connect(VERSION) as con:
        expected = con.sql(INDEPENDENT[indicator]).fetchall()
    checked = 0
    for actor, target, year, value in expected:
        row = cell(panel, actor, target, year)
        if row.empty:  # a dyad of a non-state (NDB) or a year outside coverage: no row
            continue
        got = row[indicator].iat[0]
        if value is None:  # records without a value (a threat stating no rate): unknown, not 0
            assert pd.isna(got), (actor, target, year, indicator)
        else:
            assert not pd.isna(got) and got == pytest.approx(value), (actor, target, year, indicator)
        checked += 1
    assert checked >= 1


def test_days_without_envoy_counts_overlapping_recalls_once(frames):
    recalls = pd.DataFrame({
        "record_id": ["a", "b"], "actor": ["COL", "COL"], "target": ["USA", "USA"],
        "event_date": pd.to_datetime(["2025-07-03", "2025-07-05"]).astype("datetime64[s]"),
        "return_date": pd.to_datetime(["2025-07-08", "2025-07-10"]).astype("datetime64[s]"),
    })
    row = cell(dyad_panel.compute({**frames, "diplomatic_recalls": recalls}, SPEC), "COL", "USA", 2025)
    assert row["days_without_envoy"].tolist() == [(dt.date(2025, 7, 10) - dt.date(2025, 7, 3)).days]
    assert row["recalls"].tolist() == [2]


def test_the_release_table_is_the_computed_panel(repo_release, frames):
    published = rd.load("dyad_years", VERSION)
    pd.testing.assert_frame_equal(published, dyad_panel.compute(frames, SPEC), check_dtype=True)


# --- explain -----------------------------------------------------------------------------

@pytest.mark.parametrize("actor,target,year,indicator", [
    ("COL", "USA", 2025, "recalls"), ("USA", "COL", 2025, "tariff_threats"),
    ("USA", "COL", 2025, "material_conflict"), ("USA", "COL", 2025, "decertified"),
])
def test_explain_lists_the_records_behind_a_value(repo_release, actor, target, year, indicator):
    records = rd.explain(actor, target, year, indicator)
    per_record = records.drop_duplicates("record_id")["contribution"]
    value = records.attrs["value"]
    assert len(per_record) and records["quote"].notna().all()
    if indicator == "decertified":
        assert bool(value) == per_record.astype(bool).any()
    else:
        assert per_record.sum() == value


@pytest.mark.parametrize("args,says", [
    (("USA", "COL", 1850, "recalls"), "outside every coverage"),  # trade coverage starts in 1870
    (("USA", "COL", 2025, "verbal_cooperation"), "no record"),
])
def test_explain_says_why_there_is_no_record(repo_release, args, says):
    records = rd.explain(*args)
    assert records.empty and says in records.attrs["status"]


# --- command line and Stata ------------------------------------------------------------------

def test_cli_panel_month_csv(repo_release):
    result = CliRunner().invoke(cli, ["panel", "--actor", "USA", "--target", "COL", "--unit", "month", "--years", "2025", "--csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("actor,target,year,month,actor_cow,target_cow,recalls,")
    assert len(lines) == 13 and lines[7].startswith("USA,COL,2025,7,2,100,1,")


def test_cli_explain_and_its_errors(repo_release):
    ok = CliRunner().invoke(cli, ["explain", "COL", "USA", "2025", "recalls"])
    assert ok.exit_code == 0 and ok.stdout.startswith("COL→USA 2025 recalls = 2: 2 record(s) of diplomatic_recalls")
    bad = CliRunner().invoke(cli, ["explain", "COL", "USA", "2025", "recals"])
    assert bad.exit_code == 1 and "did you mean 'recalls'?" in bad.output and "Traceback" not in bad.output


def test_dta_export_carries_the_codebook_labels(repo_release, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--out", str(tmp_path), "--format", "dta", "--table", "decertifications",
                                      "--table", "dyad_years", "--version", VERSION])
    assert result.exit_code == 0, result.output
    with pd.io.stata.StataReader(tmp_path / "decertifications.dta") as reader:
        data = reader.read()
        labels, values = reader.variable_labels(), reader.value_labels()
    assert labels["target"] == "The state determined on (ISO 3166-1 alpha-3)."
    assert list(values["status"].values()) == ["decertified", "certified"]
    assert set(data["waiver"].dropna()) <= {"true", "false"}
    years = pd.read_stata(tmp_path / "dyad_years.dta")
    assert len(years) == len(rd.load("dyad_years", VERSION))
