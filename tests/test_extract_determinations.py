"""The determination parser (relations_data/extract/determinations.py): small texts in the
document's forms (the determination since 2002, the three lists before it, a press statement
reporting one, Federal Register line breaks), the way its proposals reach raw/candidates/,
and a floor on the real stored determinations scored against the hand-coded rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from raw_fixtures import raw_dir  # noqa: F401  (fixture)
from relations_data.cli import cli
from relations_data.extract.determinations import parse_determination
from relations_data.validate import check

REPO = Path(__file__).resolve().parents[1]

MAJORS = ("Pursuant to section 706(1) of the Foreign Relations Authorization Act, Fiscal Year 2003 (Public Law "
          "107-228) (FRAA), I hereby identify the following countries as major drug transit or major illicit drug "
          "producing countries: Belize, Bolivia, Colombia, Ecuador, and Peru.\n\n"
          "A country's presence on the foregoing list is not necessarily a reflection of its government's "
          "counternarcotics efforts or level of cooperation with the United States.\n\n")
DESIGNATION = ("Pursuant to section 706(2)(A) of the FRAA, I hereby designate Bolivia and Colombia as having failed "
               "demonstrably during the previous 12 months to adhere to their obligations under international "
               "counternarcotics agreements. Included with this determination are justifications for the "
               "designations of Bolivia and Colombia.\n\n")
WAIVER = ("I have also determined, in accordance with provisions of section 706(3)(A) of the FRAA, that support for "
          "programs to aid Colombia is vital to the national interests of the United States.\n")
HEAD = ("Presidential Determination No. 2031-07 of September 12, 2031\n\nMemorandum for the Secretary of State\n\n"
        "Subject: Presidential Determination on Major Drug Transit or Major Illicit Drug Producing Countries for "
        "Fiscal Year 2032\n\n")

PRE_2002 = """THE WHITE HOUSE

March 1, 1995

By virtue of the authority vested in me by section 490(b)(1)(A) of the Foreign Assistance Act of 1961, as amended, \
I hereby determine and certify that the following major illicit drug producing and/or major illicit drug transit \
countries/dependent territories have cooperated fully with the United States:

    Bolivia, Hong Kong, and Mexico.

By virtue of the authority vested in me by section 490(b)(1)(B) of the Act, I hereby determine that it is in the \
vital national interests of the United States to certify the following country:

    Paraguay.

I have determined that the following major illicit drug producing and/or major illicit drug transit countries do \
not meet the standards set forth in section 490(b) for certification:

    Burma, Iran.
"""

PRESS = """Press Statement
September 16, 2032

When a country does not live up to its obligations, the President determines that the country has \
"failed demonstrably." This year the President has identified the following countries as major drug-transit or \
drug-producing countries: Colombia, Mexico, and Venezuela.

Of these, the President has determined that Venezuela "failed demonstrably" during the last 12 months to adhere to \
its obligations. In the case of Venezuela, the President has issued a national interest waiver so that programs \
may continue.
"""

# Federal Register layout: hard line breaks, words broken by a hyphen at the line end
REGISTER = """Presidential Determination No. 2030-11 of September 10,
2030
Pursuant to section 706(1) of the FRAA, I hereby identify the following countries
as major drug transit or major illicit drug producing countries: Co-
lombia, Guate-
mala, and Peru.
Pursuant to section 706(2)(A) of the FRAA, I hereby designate Guate-
mala as having failed demonstrably during the previous 12 months to adhere to their obligations under i"""


def triples(text: str) -> set[tuple[str, str, bool | None]]:
    return {(c.values["target"], c.values["status"], c.values["waiver"]) for c in parse_determination(text).candidates}


@pytest.mark.parametrize("text,expected", [
    (HEAD + MAJORS + DESIGNATION + WAIVER,
     {("BLZ", "certified", None), ("ECU", "certified", None), ("PER", "certified", None),
      ("BOL", "decertified", False), ("COL", "decertified", True)}),
    (HEAD + MAJORS + DESIGNATION,  # an excerpt ending before the waiver paragraph
     {("BLZ", "certified", None), ("ECU", "certified", None), ("PER", "certified", None),
      ("BOL", "decertified", None), ("COL", "decertified", None)}),
    (PRE_2002, {("BOL", "certified", None), ("MEX", "certified", None), ("PRY", "decertified", True),
                ("MMR", "decertified", False), ("IRN", "decertified", False)}),
    (PRESS, {("COL", "certified", None), ("MEX", "certified", None), ("VEN", "decertified", True)}),
    (REGISTER, {("COL", "certified", None), ("PER", "certified", None), ("GTM", "decertified", None)}),
], ids=["since 2002", "excerpt without waiver", "before 2002", "press statement", "line breaks"])
def test_one_candidate_per_country_named(text, expected, tmp_path):
    path = tmp_path / "determination.txt"
    path.write_text(text, encoding="utf-8")
    candidates = parse_determination(path.read_text(encoding="utf-8"), str(path)).candidates
    assert {(c.values["target"], c.values["status"], c.values["waiver"]) for c in candidates} == expected
    assert len(candidates) == len(expected)
    for c in candidates:
        assert c.table == "decertifications" and c.values["actor"] == "USA"
        assert text[c.char_start:c.char_end] == c.quote


@pytest.mark.parametrize("text", [
    "When a country does not live up to its obligations, the President determines that the country has "
    "\"failed demonstrably.\" Such a designation can lead to sanctions.",
    "Washington decertified Colombia on Monday, saying it had failed demonstrably to cooperate.",
    "The report lists Colombia and Peru among the countries the United States watches most closely.",
], ids=["the statute described", "news report", "no list"])
def test_text_that_is_no_determination_gives_nothing(text):
    assert parse_determination(text).candidates == []


def test_territories_are_left_out_and_said_so():
    parsed = parse_determination(PRE_2002)
    assert "HKG" not in {c.values["target"] for c in parsed.candidates}
    assert parsed.skipped == ["certified list: 'Hong Kong' (HKG) is not a state"]


@pytest.mark.parametrize("target,starts,ends", [
    ("PER", "I hereby identify", "Ecuador, and Peru."),
    ("BOL", "I hereby designate", "vital to the national interests of the United States."),
    ("COL", "I hereby designate", "vital to the national interests of the United States."),
])
def test_quote_is_the_span_the_values_rest_on(target, starts, ends):
    text = HEAD + MAJORS + DESIGNATION + WAIVER
    [c] = [c for c in parse_determination(text).candidates if c.values["target"] == target]
    assert c.quote.startswith(starts) and c.quote.endswith(ends)


@pytest.mark.parametrize("text,date,fiscal_year", [
    (HEAD + MAJORS, dt.date(2031, 9, 12), 2032),  # the title's fiscal year
    (HEAD.replace("for Fiscal Year 2032", "") + MAJORS, dt.date(2031, 9, 12), 2032),  # September: the next one
    (PRE_2002, dt.date(1995, 3, 1), 1995),  # the 1 March procedure: the current one
    (REGISTER, dt.date(2030, 9, 10), 2031),
    (MAJORS, None, None),  # neither date nor title: left empty
    ("June 5, 2031\n\n" + MAJORS, dt.date(2031, 6, 5), None),  # no rule for a June date
])
def test_date_and_fiscal_year(text, date, fiscal_year):
    parsed = parse_determination(text)
    assert (parsed.event_date, parsed.fiscal_year) == (date, fiscal_year)
    values = parsed.candidates[0].values
    assert values["event_date"] == (date.isoformat() if date else None)
    assert values["fiscal_year"] == fiscal_year


def test_cli_proposes_and_skips_a_text_that_is_no_determination(tmp_path):
    good, bad = tmp_path / "det_2031.txt", tmp_path / "article.txt"
    good.write_text(HEAD + MAJORS + DESIGNATION + WAIVER, encoding="utf-8")
    bad.write_text("Colombia and the United States met on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--determinations", str(good), str(bad)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["target"] for r in rows} == {"BLZ", "BOL", "COL", "ECU", "PER"}
    assert {r["source"] for r in rows} == {"det_2031"}
    assert result.stderr.splitlines() == [f"{bad}: skipped: no list of major drug transit or producing countries and no "
                                          "\"failed demonstrably\" designation found: is it a US drug-certification "
                                          "determination?"]


def test_proposals_are_filed_for_review_and_an_accepted_one_is_published(raw_dir, monkeypatch):
    text = ("Presidential Determination No. 2024-99 of September 13, 2024\n\nI hereby identify the following "
            "countries as major drug transit or major illicit drug producing countries: China and Colombia.\n\n"
            "I hereby designate Colombia as having failed demonstrably to adhere to its obligations.\n\nI have also "
            "determined that support for programs in Colombia is vital to the national interests of the United States.\n")
    (raw_dir / "sources" / "det_test.txt").write_text(text, encoding="utf-8")
    (raw_dir / "sources" / "determinations.yaml").write_text(yaml.safe_dump({"sources": [{
        "source_id": "det_test", "file": "det_test.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "title": "A determination written for this test", "publisher": "test", "published_date": "2024-09-13",
        "url": "https://example.org/det_test", "retrieved": "2026-12-04", "language": "en"}]}), encoding="utf-8")
    monkeypatch.chdir(raw_dir.parent)
    runner = CliRunner()
    proposed = runner.invoke(cli, ["extract", "--determinations", "raw/sources/det_test.txt"])
    assert proposed.exit_code == 0, proposed.output
    (raw_dir.parent / "det.jsonl").write_text(proposed.stdout, encoding="utf-8")
    added = runner.invoke(cli, ["review", "--add", "det.jsonl", "--json"])
    assert added.exit_code == 0, added.output
    filed = {row["values"].split("target=")[1].split(",")[0]: row for row in json.loads(added.stdout)}
    assert set(filed) == {"CHN", "COL"}
    accepted = runner.invoke(cli, ["review", "--accept", filed["COL"]["id"], "--by", "A. Coder", "--reason", "the text"])
    assert accepted.exit_code == 0, accepted.output
    frame = check(raw_dir).frames["decertifications"]
    [row] = frame[(frame["method"] == "extracted")].to_dict("records")
    assert (row["target"], row["fiscal_year"], row["status"], row["waiver"]) == ("COL", 2025, "decertified", True)


def _benchmark():
    spec = importlib.util.spec_from_file_location("determinations_parser", REPO / "benchmarks" / "determinations_parser.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_stored_determinations_against_the_hand_coded_rows():
    """Floors under the figures of benchmarks/README.md (on 36 texts: country P 1.00, R 0.96;
    triple P 0.94, R 0.90; the misses are rows an excerpt does not reach): a rule lost or a
    form misread falls below them."""
    bench = _benchmark()
    raw = REPO / "raw"
    rows, texts = bench.reference_rows(raw), bench.determination_texts(raw)
    assert len(texts) >= 17
    total = bench.Score()
    for sid, text in texts.items():
        parsed = parse_determination(text, sid)
        for c in parsed.candidates:
            assert text[c.char_start:c.char_end] == c.quote
        total.add(bench.score([c.values for c in parsed.candidates], rows.get(sid, {})))
    assert total.country_hits / total.proposed >= 0.98 and total.country_hits / total.rows >= 0.94
    assert total.triple_hits / total.proposed >= 0.92 and total.triple_hits / total.rows >= 0.88
    assert total.fiscal / total.country_hits >= 0.95
