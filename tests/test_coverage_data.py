"""Pinned values of the published series and codes (release 1.1.0 onward): a changed value
here must be a deliberate correction, with a new version and a CHANGELOG line."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
import yaml

from raw_fixtures import REPO
from relations_data.schema import load_schemas

RELEASE = REPO / "build" / "1.1.0"
WORKING = REPO / "build" / "1.2.0"  # the unreleased build, for values new since 1.1.0


def rows(table: str, release=RELEASE) -> list[dict]:
    return pq.read_table(release / "parquet" / f"{table}.parquet").to_pylist()


@pytest.mark.parametrize("estimator, year, hectares, tonnes", [
    ("UNODC", 2022, 230_000, 1_738),
    ("UNODC", 2023, 253_000, 2_644),
    ("UNODC", 2020, 143_000, 1_228),
    ("ONDCP", 2020, 245_000, 1_010),
    ("ONDCP", 2021, 234_000, 972),
    ("ONDCP", 2017, 209_000, 900),
])
def test_coca_series_values(estimator, year, hectares, tonnes):
    [row] = [r for r in rows("coca_cultivation") if (r["country"], r["estimator"], r["year"]) == ("COL", estimator, year)]
    assert (row["hectares"], row["cocaine_tonnes"]) == (hectares, tonnes)


def test_the_us_series_stops_after_2021():
    assert max(r["year"] for r in rows("coca_cultivation") if r["estimator"] == "ONDCP") == 2021


def test_conflicting_coca_figures_stay_visible():
    [record] = [r for r in rows("coca_cultivation") if (r["estimator"], r["year"]) == ("UNODC", 2021)]
    assert record["hectares"] == 204_000 and "hectares" in record["disputed_columns"]
    claims = [e["claims"] for e in rows("evidence") if e["record_id"] == record["record_id"] and e["claims"]]
    assert '{"hectares": 207000.0}' in claims


@pytest.mark.parametrize("target, fiscal_year, status, waiver", [
    ("COL", 1996, "decertified", False),
    ("COL", 1997, "decertified", False),
    ("COL", 1999, "certified", None),
    ("COL", 2026, "decertified", True),
    ("AFG", 2026, "decertified", False),
    ("VEN", 2026, "decertified", True),
])
def test_decertification_history(target, fiscal_year, status, waiver):
    [row] = [r for r in rows("decertifications") if (r["target"], r["fiscal_year"]) == (target, fiscal_year)]
    assert (row["status"], row["waiver"]) == (status, waiver)


def test_fy2026_determination_names_every_country_failing_demonstrably():
    named = {r["target"] for r in rows("decertifications")
             if r["fiscal_year"] == 2026 and r["status"] == "decertified"}
    assert named == {"AFG", "BOL", "COL", "MMR", "VEN"}


@pytest.mark.parametrize("fiscal_year, event_date, listed", [
    (1991, "1991-03-01", 24), (1997, "1997-02-28", 30), (1998, "1998-02-26", 28),
    (1999, "1999-02-26", 26), (2000, "2000-02-29", 25), (2002, "2002-02-23", 23),
    (2004, "2003-09-15", 23), (2007, "2006-09-15", 20), (2010, "2009-09-15", 20),
    (2011, "2010-09-15", 20),
    (2015, "2014-09-15", 22), (2017, "2016-09-12", 22), (2018, "2017-09-13", 22), (2019, "2018-09-11", 22),
    (2020, "2019-08-08", 22), (2022, "2021-09-15", 22), (2023, "2022-09-15", 22),
    (2026, "2025-09-15", 23),
])
def test_determination_has_a_row_per_named_country_on_its_own_date(fiscal_year, event_date, listed):
    """Every state a coded determination names has a row dated by the determination."""
    found = [r for r in rows("decertifications", WORKING) if r["fiscal_year"] == fiscal_year]
    assert len(found) == listed
    assert {str(r["event_date"])[:10] for r in found} == {event_date}


@pytest.mark.parametrize("event_date, fiscal_year, listed, decertified", [
    ("1987-01-01", 1987, 2, {}),  # Mexico and Panama certified, date known to the year
    ("1989-03-01", 1989, 1, {}),  # Mexico certified, from a report
    ("1988-03-01", 1988, 7, {"LAO": True, "LBN": True, "PAN": False, "PRY": True}),  # in part, from reports
    ("1990-02-28", 1990, 23, {"AFG": False, "IRN": False, "LBN": True, "MMR": False, "SYR": False}),
    ("1993-03-31", 1993, 26, {"AFG": True, "IRN": False, "LBN": True, "MMR": False, "SYR": False}),
    ("1995-02-28", 1995, 28, {"AFG": False, "BOL": True, "COL": True, "IRN": False, "LBN": True, "MMR": False,
                              "NGA": False, "PAK": True, "PER": True, "PRY": True, "SYR": False}),
    ("1994-04-01", 1994, 1, {"NGA": False}),  # only Nigeria, from a report, month precision
    ("1996-03-01", 1996, 2, {"COL": False}),  # only Colombia and Mexico, from a report
    ("2001-03-01", 2001, 24, {"AFG": False, "HTI": True, "KHM": True, "MMR": False}),  # from reports
    ("2003-01-31", 2003, 23, {"GTM": True, "HTI": True, "MMR": False}),
    ("2005-09-14", 2006, 20, {"MMR": False, "VEN": True}),
    ("2007-09-14", 2008, 20, {"MMR": None, "VEN": True}),
    ("2008-09-15", 2009, 20, {"BOL": True, "MMR": False, "VEN": True}),
    ("2011-09-15", 2012, 22, {"BOL": True, "MMR": False, "VEN": True}),
    ("2012-09-14", 2013, 22, {"BOL": True, "MMR": True, "VEN": True}),
    ("2013-09-13", 2014, 22, {"BOL": False, "MMR": True, "VEN": True}),
    ("2014-09-15", 2015, 22, {"BOL": False, "MMR": True, "VEN": True}),  # waivers from a report
    ("2016-09-12", 2017, 22, {"BOL": False, "MMR": True, "VEN": True}),  # waivers from a report
    ("2015-09-14", 2016, 22, {"BOL": False, "MMR": True, "VEN": True}),
    ("2020-09-16", 2021, 22, {"BOL": True, "VEN": True}),
    ("2019-08-08", 2020, 22, {"BOL": False, "VEN": True}),
    ("2023-09-15", 2024, 23, {"BOL": True, "MMR": True, "VEN": True}),
    ("2024-09-15", 2025, 23, {"BOL": True, "MMR": True, "VEN": True}),
])
def test_coded_determination_rows(event_date, fiscal_year, listed, decertified):
    """The determinations coded since release 1.2.0 (read from raw/, before a build): one row
    per country named, on the determination's date, and who was decertified with what waiver."""
    records = yaml.safe_load((REPO / "raw" / "coded" / "decertifications.yaml").read_text(encoding="utf-8"))["records"]
    found = [r for r in records if str(r["event_date"]) == event_date]
    assert len(found) == listed and {r["fiscal_year"] for r in found} == {fiscal_year}
    assert {r["target"]: r["waiver"] for r in found if r["status"] == "decertified"} == decertified


EVENT_CODES = {  # event_type: (CAMEO, Goldstein, PLOVER type)
    "join_initiative": ("057", 8.0, "AGREE"), "apply_membership": ("0211", 3.4, "REQUEST"),
    "membership_approved": ("061", 6.4, "COOPERATE"), "strategic_partnership": ("057", 8.0, "AGREE"),
    "visa_revocation": ("172", -5.0, "SANCTION"), "halt_arms_purchases": ("163", -8.0, "SANCTION"),
    "refuse_deportation_flights": ("120", -4.0, "REJECT"), "settle_dispute": ("080", 5.0, "CONCEDE"),
    "conciliatory_letter": ("030", 4.0, "CONSULT"), "aid_reduction": ("162", -5.6, "SANCTION"),
    "sever_relations": ("161", -4.0, "SANCTION"), "condemn": ("111", -2.0, "ACCUSE"),
    "reject_accusation": ("120", -4.0, "REJECT"), "cancel_joint_venture": ("160", -4.0, "SANCTION"),
    "impose_sanctions": ("163", -8.0, "SANCTION"), "suspend_intelligence_sharing": ("160", -4.0, "SANCTION"),
    "leaders_meet": ("040", 1.0, "CONSULT"),
}


def test_every_event_type_has_a_pinned_mapping():
    assert set(load_schemas()["events"].column("event_type").allowed) == set(EVENT_CODES)


@pytest.mark.parametrize("event_type", sorted(EVENT_CODES))
def test_cameo_mapping(event_type):
    codes = load_schemas()["events"].column("event_type").codes[event_type]
    assert (codes["cameo"], codes["goldstein"], codes["plover_type"]) == EVENT_CODES[event_type]
    for row in rows("events"):
        if row["event_type"] == event_type:
            assert (row["cameo_code"], row["goldstein"], row["plover_type"]) == EVENT_CODES[event_type]


def test_visa_revocation_documents_the_judgement():
    assert "no code for revoking a visa" in load_schemas()["events"].column("event_type").codes["visa_revocation"]["judgement"]


@pytest.mark.parametrize("iso3, cow", [("USA", 2), ("COL", 100), ("CHN", 710), ("VEN", 101)])
def test_cow_codes(iso3, cow):
    [row] = [r for r in rows("countries") if r["iso_alpha3"] == iso3]
    assert row["cow_code"] == cow


def test_every_coded_state_joins_to_countries():
    schemas = load_schemas()
    known = {r["iso_alpha3"] for r in rows("countries")}
    for name, table in schemas.items():
        if table.is_fact:
            for col in (c.name for c in table.columns if c.type == "country"):
                assert {r[col] for r in rows(name)} - known <= {"NDB"}, (name, col)


def test_every_fact_table_has_a_coverage_statement():
    covered = {r["table_name"] for r in rows("coverage")}
    assert covered == {name for name, t in load_schemas().items() if t.is_fact}


# The committed coca inputs (raw/coded), read before any build: the corrected values and the
# rule that every coca quote cites a page registered with its URL and retrieval date.
def coded_coca() -> list[dict]:
    return yaml.safe_load((REPO / "raw" / "coded" / "coca_cultivation.yaml").read_text(encoding="utf-8"))["records"]


@pytest.mark.parametrize("country, estimator, year, hectares, tonnes", [
    ("COL", "UNODC", 2023, 253_000, 2_664),
    ("COL", "UNODC", 2024, 261_000, 3_001),
    ("COL", "ONDCP", 2021, 234_000, 972),
    ("PER", "ONDCP", 2018, 52_100, 509),
    ("BOL", "ONDCP", 2018, 32_900, 254),
    ("BOL", "UNODC", 2024, 34_000, None),
    ("COL", "UNODC", 2008, 81_000, 430),
    ("COL", "ONDCP", 2000, 136_200, None),
    ("PER", "national_government", 2023, 92_784, None),
    # Gaps filled for issue 13 (item 2), and the figures corrected there.
    ("COL", "UNODC", 1999, 160_100, 680),
    ("COL", "UNODC", 2000, 163_300, 695),
    ("COL", "UNODC", 2006, 78_000, None),
    ("COL", "UNODC", 2010, 62_000, 350),
    ("COL", "ONDCP", 2002, 144_450, 680),
    ("COL", "ONDCP", 2005, 144_000, 545),
    ("COL", "ONDCP", 2011, 83_000, 195),
    ("COL", "ONDCP", 2014, 112_000, 245),
    ("PER", "UNODC", 2007, 53_700, 290),
    ("PER", "UNODC", 2011, 62_500, None),
    ("PER", "ONDCP", 2014, 46_500, 285),
    ("PER", "ONDCP", 2013, 59_500, 305),
    ("PER", "UNODC", 2002, 46_700, 160),
    ("BOL", "UNODC", 2008, 30_500, 113),
    ("BOL", "ONDCP", 2009, 35_000, None),
])
def test_coded_coca_values(country, estimator, year, hectares, tonnes):
    [row] = [r for r in coded_coca() if (r["country"], r["estimator"], r["year"]) == (country, estimator, year)]
    assert (row["hectares"], row["cocaine_tonnes"]) == (hectares, tonnes)


def test_petros_262000_is_a_claim_on_the_unodc_2024_survey():
    assert not [r for r in coded_coca() if (r["country"], r["estimator"]) == ("COL", "national_government")]
    [row] = [r for r in coded_coca() if (r["country"], r["estimator"], r["year"]) == ("COL", "UNODC", 2024)]
    assert {"hectares": 262000} in [e.get("claims") for e in row["evidence"]]


# Where raw/reference/coverage.yaml calls an estimator's area series complete (systematic),
# every year of that range has a record.
@pytest.mark.parametrize("country, estimator, first, last", [
    ("COL", "UNODC", 1999, 2024),
    ("COL", "ONDCP", 2000, 2021),
    ("PER", "UNODC", 2000, 2017),
    ("PER", "ONDCP", 2012, 2021),
    ("PER", "national_government", 2019, 2024),
    ("BOL", "UNODC", 2003, 2024),
    ("BOL", "ONDCP", 2012, 2020),
])
def test_complete_coca_series_have_every_year(country, estimator, first, last):
    years = {r["year"] for r in coded_coca() if (r["country"], r["estimator"]) == (country, estimator)}
    assert set(range(first, last + 1)) - years == set()


# A later report's different figure stays visible as a claim on the record of that year.
@pytest.mark.parametrize("country, estimator, year, claim", [
    ("PER", "UNODC", 2011, {"hectares": 64400}),
    ("COL", "ONDCP", 2014, {"cocaine_tonnes": 324}),
    ("PER", "ONDCP", 2014, {"cocaine_tonnes": 353}),
    ("COL", "ONDCP", 2011, {"cocaine_tonnes": 190}),
    ("PER", "ONDCP", 2013, {"cocaine_tonnes": 359}),
    ("COL", "UNODC", 2010, {"hectares": 57000}),
])
def test_coca_revisions_are_claims(country, estimator, year, claim):
    [row] = [r for r in coded_coca() if (r["country"], r["estimator"], r["year"]) == (country, estimator, year)]
    assert claim in [e.get("claims") for e in row["evidence"]]


def test_every_coca_quote_cites_a_registered_page():
    registered = {}
    for path in (REPO / "raw" / "sources").glob("*.yaml"):
        registered |= {s["source_id"]: s for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]}
    for record in coded_coca():
        for ev in record["evidence"]:
            source = registered[ev["source"]]
            assert source.get("file") or (source["url"].startswith(("http://", "https://")) and source["retrieved"]), ev
