"""Tests of relations_data.extract: candidate records proposed from plain text."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from relations_data import extract as E
from relations_data.extract import Candidate, extract_paths, extract_text, to_jsonl, to_yaml

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


def records(text: str, table: str, published: dt.date | None = None) -> list[dict]:
    out = []
    for c in extract_text(text, source="t.txt", published_date=published):
        assert text[c.char_start:c.char_end] == c.quote
        assert 0 <= c.confidence <= 1
        if c.table == table:
            out.append(c.to_dict())
    return out


def check(text: str, table: str, expected: list[dict], published: dt.date | None = None) -> None:
    got = records(text, table, published)
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        for k, v in e.items():
            assert g[k] == v, (k, g)


# --------------------------------------------------------------------------------------------
# diplomatic_recalls

RECALLS = [
    ("On Thursday, July 3, 2025, the U.S. recalled its top envoy, Chargé d’Affaires John McNamara, "
     "from Bogotá.", None,
     [dict(actor="USA", target="COL", envoy_name="John McNamara", envoy_rank="charge_d_affaires",
           event_date="2025-07-03", event_date_precision="day")]),
    ("On Monday, Colombia recalled its ambassador to the United States, Luis Gilberto Murillo, "
     "citing interference in its internal affairs.", D(2025, 7, 9),
     [dict(actor="COL", target="USA", envoy_name="Luis Gilberto Murillo", envoy_rank="ambassador",
           event_date="2025-07-07", reason="interference in its internal affairs")]),
    ("On Monday, Colombia recalled its ambassador to the United States.", None,
     [dict(actor="COL", target="USA", event_date=None, event_date_precision=None)]),
    ("Argentina's government recalled its ambassador in Caracas on March 5, 2024 after Maduro's "
     "remarks.", None,
     [dict(actor="ARG", target="VEN", envoy_rank="ambassador", event_date="2024-03-05",
           reason="Maduro's remarks")]),
    ("The Brazilian ambassador to Israel was recalled for consultations on 19 February 2024.", None,
     [dict(actor="BRA", target="ISR", envoy_rank="ambassador", event_date="2024-02-19")]),
    ("Russia's Foreign Ministry said it had recalled its ambassador from Moldova yesterday.",
     D(2024, 2, 2), [dict(actor="RUS", target="MDA", event_date="2024-02-01")]),
    ("United States Secretary of State Marco Rubio recalled his acting ambassador from Colombia.",
     None, [dict(actor="USA", target="COL", envoy_rank="other")]),
    ("Chile called its chargé d'affaires in Caracas, Ana Pérez, back to Santiago de Chile for "
     "consultations.", None,
     [dict(actor="CHL", target="VEN", envoy_name="Ana Pérez", envoy_rank="charge_d_affaires")]),
    ("The Trump administration has recalled its top diplomat in Colombia, John McNamara, for "
     "“urgent consultations”.", None,
     [dict(actor="USA", target="COL", envoy_name="John McNamara", envoy_rank=None)]),
    ("In a tit-for-tat response, President Petro recalled his ambassador from Washington, D.C.", None,
     [dict(actor="COL", target="USA", envoy_rank="ambassador")]),
    ("Ecuador and Mexico recalled their ambassadors from each other's capitals.", None,
     [dict(actor="ECU", target="MEX"), dict(actor="MEX", target="ECU")]),
    ("“We have decided to recall our ambassador in Tel Aviv,” Petro said.", None,
     [dict(actor="COL", target="ISR", envoy_rank="ambassador")]),
    ("Beijing withdrew its ambassador from Vilnius; China also recalled its envoy from Lithuania "
     "in August 2021.", None,
     [dict(actor="CHN", target="LTU", envoy_rank="ambassador", event_date="2021-08-01"),
      dict(actor="CHN", target="LTU", envoy_rank=None, event_date="2021-08-01",
           event_date_precision="month")]),
    # Spanish
    ("El presidente Gustavo Petro llamó a consultas a su embajador en Washington, Daniel "
     "García-Peña, el 3 de julio de 2025.", None,
     [dict(actor="COL", target="USA", envoy_name="Daniel García-Peña", envoy_rank="ambassador",
           event_date="2025-07-03")]),
    ("Colombia llamó a consultas a su encargado de negocios en Buenos Aires el lunes.", D(2024, 3, 28),
     [dict(actor="COL", target="ARG", envoy_rank="charge_d_affaires", event_date="2024-03-25")]),
    # not records
    ("Mexico could recall its ambassador from Peru if the crisis deepens.", None, []),
    ("Peru is considering recalling its envoy in Mexico City.", None, []),
    ("Analysts said Washington may recall its ambassador.", None, []),
    ("Colombia has not recalled its ambassador.", None, []),
    ("Petro threatened to recall Colombia's ambassador from Washington.", None, []),
    ("Washington summoned the Colombian ambassador to protest the remarks.", None, []),
    ("Ecuador expelled Mexico's ambassador on April 4.", None, []),
    ("The president recalled that the ambassador had served in Lima for years.", None, []),
    ("Colombia's former ambassador John Smith recalled his years in Peru fondly.", None, []),
    ("GM recalled 50,000 vehicles sold in Mexico and Canada.", None, []),
]


@pytest.mark.parametrize("text,published,expected", RECALLS)
def test_recalls(text, published, expected):
    check(text, "diplomatic_recalls", expected, published)


# --------------------------------------------------------------------------------------------
# tariff_threats

TARIFFS = [
    ("Trump threatened to impose a 25% tariff on all Colombian goods, rising to 50% within a week, "
     "after Bogotá turned back two deportation flights.", None,
     [dict(actor="USA", target="COL", rate_pct=25, escalation_rate_pct=50, scope="all goods",
           trigger="Bogotá turned back two deportation flights", event_date=None)]),
    ("The diplomatic rupture began on 26 January 2025, when Petro turned back two military "
     "flights. In response, Trump threatened to impose a 25% tariff on Colombian exports—a "
     "threat met with a reciprocal tariff warning from Petro. Both sides later reached a "
     "compromise.", None,
     [dict(actor="USA", target="COL", event_date="2025-01-26", rate_pct=25, outcome="withdrawn"),
      dict(actor="COL", target="USA", event_date="2025-01-26", rate_pct=None, outcome="withdrawn")]),
    ("Last year, President Trump threatened Mexico with 5% tariffs on all imports from Mexico "
     "unless migrant crossings fell.", D(2020, 3, 1),
     [dict(actor="USA", target="MEX", event_date="2019-01-01", event_date_precision="year",
           rate_pct=5, trigger="migrant crossings fell")]),
    ("Last year, President Trump threatened Mexico with tariffs.", None,
     [dict(actor="USA", target="MEX", event_date=None, event_date_precision=None)]),
    ("In June 2019, Trump threatened to impose tariffs of up to 25% on Mexican goods.", None,
     [dict(actor="USA", target="MEX", event_date="2019-06-01", event_date_precision="month",
           rate_pct=25)]),
    ("President Trump said he would slap 25% tariffs on Colombia if it refused the flights.", None,
     [dict(actor="USA", target="COL", rate_pct=25)]),
    ("Trump's threat of 25% tariffs on Colombian goods was withdrawn within hours.", None,
     [dict(actor="USA", target="COL", rate_pct=25, outcome="withdrawn")]),
    ("China warned it would impose retaliatory tariffs on American soybeans in May 2025.", None,
     [dict(actor="CHN", target="USA", event_date="2025-05-01", event_date_precision="month")]),
    ("El presidente Trump amenazó con imponer aranceles del 25 % a los productos colombianos el "
     "26 de enero de 2025.", None,
     [dict(actor="USA", target="COL", rate_pct=25, event_date="2025-01-26", scope="all goods")]),
    # not records
    ("The United States may impose tariffs on Mexican steel next year.", None, []),
    ("Washington could threaten tariffs on Brazil.", None, []),
    ("Economists fear tariffs on Colombian flowers would hurt growers.", None, []),
    ("A direct threat to democracy, Rubio said of the attack in Colombia.", None, []),
]


@pytest.mark.parametrize("text,published,expected", TARIFFS)
def test_tariff_threats(text, published, expected):
    check(text, "tariff_threats", expected, published)


# --------------------------------------------------------------------------------------------
# decertifications

DECERTS = [
    ("The United States decertified Bolivia, Venezuela and Myanmar on September 15, 2023.", None,
     [dict(actor="USA", target=t, event_date="2023-09-15", fiscal_year=2024, status="decertified")
      for t in ("BOL", "VEN", "MMR")]),
    ("Afghanistan, Bolivia, Burma, Colombia and Venezuela were decertified in September 2025.", None,
     [dict(actor="USA", target=t, event_date="2025-09-01", event_date_precision="month",
           fiscal_year=2026) for t in ("AFG", "BOL", "MMR", "COL", "VEN")]),
    ("On 15 September 2025, the Trump administration decertified Colombia for fiscal year 2026 but "
     "issued a national interest waiver.", None,
     [dict(actor="USA", target="COL", event_date="2025-09-15", fiscal_year=2026, waiver=True)]),
    ("Consequently, Washington decertified[vii] Colombia on 16 September 2025.", None,
     [dict(actor="USA", target="COL", event_date="2025-09-16", fiscal_year=2026, waiver=None)]),
    ("In 1996, Washington decertified Colombia without a waiver.", None,
     [dict(actor="USA", target="COL", event_date="1996-01-01", event_date_precision="year",
           fiscal_year=None, waiver=False)]),
    ("The United States certified Colombia as a cooperating partner in 2024.", None,
     [dict(actor="USA", target="COL", status="certified", waiver=None)]),
    ("In September, the White House designated Colombia as having failed demonstrably to meet its "
     "counternarcotics obligations.", D(2025, 10, 1),
     [dict(actor="USA", target="COL", event_date="2025-09-01", event_date_precision="month",
           status="decertified")]),
    ("Estados Unidos descertificó a Colombia y Bolivia el 15 de septiembre de 2025, aunque mantuvo "
     "la ayuda con una exención.", None,
     [dict(actor="USA", target=t, event_date="2025-09-15", fiscal_year=2026, waiver=True)
      for t in ("COL", "BOL")]),
    # not records
    ("The Trump administration is considering decertifying Colombia as a partner in the war on "
     "drugs.", None, []),
    ("The White House will have to decide whether to certify Colombia this fall.", None, []),
    ("The US could decertify Colombia as soon as September.", None, []),
    ("When a country is decertified, the U.S. can suspend most forms of aid.", None, []),
]


@pytest.mark.parametrize("text,published,expected", DECERTS)
def test_decertifications(text, published, expected):
    check(text, "decertifications", expected, published)


# --------------------------------------------------------------------------------------------
# coca_cultivation

COCA = [
    ("According to UNODC, coca cultivation in Colombia reached 253,000 hectares in 2023, producing "
     "2,664 tonnes of cocaine.", None,
     [dict(country="COL", year=2023, hectares=253000, estimator="UNODC", cocaine_tonnes=2664)]),
    ("Colombia is witnessing a rise in coca cultivation, which increased by 10% last year to "
     "253,000 hectares, producing over 2,600 tons of cocaine.", D(2025, 7, 6),
     [dict(country="COL", year=2024, hectares=253000, estimator=None, cocaine_tonnes=2600)]),
    ("Colombia's coca crop rose 13% to 230,000 hectares in 2022 from 204,000 hectares in 2021, the "
     "UN said.", None,
     [dict(country="COL", year=2022, hectares=230000, estimator="UNODC"),
      dict(country="COL", year=2021, hectares=204000, estimator="UNODC")]),
    ("The White House estimated that Colombia had 262,000 hectares of coca last year.", D(2024, 6, 1),
     [dict(country="COL", year=2023, hectares=262000, estimator="ONDCP")]),
    ("Peru had 92,784 hectares of coca in 2023, according to DEVIDA, while 20,000 hectares of "
     "cocoa replaced illicit crops.", None,
     [dict(country="PER", year=2023, hectares=92784, estimator="national_government")]),
    ("Illicit coca crops spread over 230.000 ha in Colombia in 2022 (UNODC).", None,
     [dict(country="COL", year=2022, hectares=230000, estimator="UNODC")]),
    ("Según la ONU, Colombia tenía 253.000 hectáreas de coca en 2023.", None,
     [dict(country="COL", year=2023, hectares=253000, estimator="UNODC")]),
    ("Los cultivos de coca en Bolivia sumaron 31.000 hectáreas en 2023, según UNODC.", None,
     [dict(country="BOL", year=2023, hectares=31000, estimator="UNODC")]),
    ("El gobierno nacional reportó 262.000 hectáreas de coca en Colombia en 2024.", None,
     [dict(country="COL", year=2024, hectares=262000, estimator="national_government")]),
    ("Coca cultivation in Colombia fell to 204,000 hectares in 2021, while forest loss reached "
     "174,000 hectares.", None, [dict(country="COL", year=2021, hectares=204000)]),
    # not records
    ("The government eradicated 80,000 hectares of coca in 2023.", None, []),
    ("Colombia erradicó 20.000 hectáreas de coca en 2024.", None, []),
    ("Colombia produced a record 2,664 tonnes of cocaine in 2023.", None, []),
    ("Farmers in Colombia planted 40,000 hectares of cocoa in 2023 to replace coca.", None, []),
    ("Petro aims to reduce coca to 100,000 hectares by 2026.", None, []),
]


@pytest.mark.parametrize("text,published,expected", COCA)
def test_coca_cultivation(text, published, expected):
    check(text, "coca_cultivation", expected, published)


# --------------------------------------------------------------------------------------------
# trade_partner_ranks

TRADE = [
    ("China is Colombia's second-largest trading partner.", D(2024, 5, 1),
     [dict(reporter="COL", partner="CHN", year=2024, rank=2, flow="total")]),
    ("China has now surpassed the U.S. as Colombia's second-largest trading partner.", D(2025, 7, 1),
     [dict(reporter="COL", partner="CHN", rank=2)]),
    ("Trade deeply intertwines Colombia's economy with Washington, which continues to be its "
     "largest trading partner.", D(2025, 10, 20),
     [dict(reporter="COL", partner="USA", year=2025, rank=1, flow="total")]),
    ("China became Brazil's largest trading partner in 2009.", None,
     [dict(reporter="BRA", partner="CHN", year=2009, rank=1)]),
    ("In 2023, China was Peru's top export destination.", None,
     [dict(reporter="PER", partner="CHN", year=2023, rank=1, flow="exports")]),
    ("Mexico overtook China as the largest trading partner of the United States in 2023.", None,
     [dict(reporter="USA", partner="MEX", year=2023, rank=1)]),
    ("China se ha convertido en el segundo socio comercial de Colombia.", D(2025, 1, 1),
     [dict(reporter="COL", partner="CHN", year=2025, rank=2, flow="total")]),
    ("Estados Unidos es el principal socio comercial de Colombia en 2024.", None,
     [dict(reporter="COL", partner="USA", year=2024, rank=1)]),
    ("China is Colombia's second-largest trading partner.", None,
     [dict(reporter="COL", partner="CHN", year=None, rank=2)]),
    # not records
    ("Colombia is the third-largest trading partner of the United States in Latin America.", None, []),
    ("Brazil is China's largest trading partner in Latin America.", None, []),
    ("Canada is one of the largest trading partners of the United States.", None, []),
    ("Colombia halted arms purchases from the US, its biggest military partner.", None, []),
    ("Germany is China's biggest trading partner in Europe.", None, []),
    ("Colombia's main trading partners are the United States and China.", None, []),
    ("The largest trading partner of Peru is China.", None,
     [dict(reporter="PER", partner="CHN", rank=1)]),
]


@pytest.mark.parametrize("text,published,expected", TRADE)
def test_trade_partner_ranks(text, published, expected):
    check(text, "trade_partner_ranks", expected, published)


# --------------------------------------------------------------------------------------------
# dates, countries, offsets


@pytest.mark.parametrize("text,published,date,precision", [
    ("Colombia recalled its ambassador from Peru on Monday.", D(2025, 7, 9), "2025-07-07", "day"),
    ("Colombia recalled its ambassador from Peru on Wednesday.", D(2025, 7, 9), "2025-07-09", "day"),
    ("Colombia recalled its ambassador from Peru on Monday.", None, None, None),
    ("Colombia recalled its ambassador from Peru last month.", D(2025, 1, 15), "2024-12-01", "month"),
    ("Colombia recalled its ambassador from Peru on July 3.", D(2025, 7, 9), "2025-07-03", "day"),
    ("Colombia recalled its ambassador from Peru on December 30.", D(2025, 1, 2), "2024-12-30", "day"),
    ("Colombia recalled its ambassador from Peru on July 3.", None, None, None),
    ("Colombia recalled its ambassador from Peru on 3 July 2025.", None, "2025-07-03", "day"),
    ("Colombia recalled its ambassador from Peru in May 2025.", None, "2025-05-01", "month"),
    ("Colombia recalled its ambassador from Peru in 2019.", None, "2019-01-01", "year"),
    ("Colombia recalled its ambassador from Peru two days ago.", D(2025, 3, 3), "2025-03-01", "day"),
    ("Colombia llamó a consultas a su embajador en Lima el martes.", D(2025, 3, 3), "2025-02-25", "day"),
])
def test_relative_and_explicit_dates(text, published, date, precision):
    check(text, "diplomatic_recalls",
          [dict(event_date=date, event_date_precision=precision)], published)


@pytest.mark.parametrize("text,date", [
    (" date 2025-07-07 United States Secretary of State Marco Rubio recalled his ambassador from "
     "Colombia on Monday.", "2025-07-07"),
    ("6 July, 2025\nslug-line\n\nThe U.S. recalled its ambassador from Colombia on Thursday.",
     "2025-07-03"),
    ("Published: July 9, 2025\nPeru recalled its ambassador from Mexico on Monday.", "2025-07-07"),
])
def test_leading_date_line_is_the_published_date(text, date):
    got = records(text, "diplomatic_recalls")
    assert [g["event_date"] for g in got] == [date]
    assert "2025-07-07 " not in got[0]["quote"]  # the date line is not part of the quote


@pytest.mark.parametrize("text,actor,target", [
    ("Bogotá recalled its ambassador from Beijing.", "COL", "CHN"),
    ("The US recalled its ambassador from Venezuela.", "USA", "VEN"),
    ("America recalled its envoy from Caracas.", "USA", "VEN"),
    ("Petro recalled his ambassador from Washington.", "COL", "USA"),
    ("The Trump administration recalled its ambassador from South Africa.", "USA", "ZAF"),
    ("Latin American leaders watched as Mexico recalled its ambassador from Bolivia.", "MEX", "BOL"),
    ("Los Pinos llamó a consultas a su embajador en Quito.", "MEX", "ECU"),
])
def test_countries_from_names_demonyms_capitals_and_leaders(text, actor, target):
    check(text, "diplomatic_recalls", [dict(actor=actor, target=target)])


def test_offsets_are_python_str_offsets_after_non_ascii_text():
    text = ("Ñandú — “naïve” café résumé 🙂.\n\nPeru recalled its ambassador from México on "
            "3 July 2025. Otra oración.")
    (c,) = extract_text(text)
    assert text[c.char_start:c.char_end] == c.quote
    assert c.quote == "Peru recalled its ambassador from México on 3 July 2025."
    assert c.values["target"] == "MEX"


def test_sibling_sentences_complete_a_record():
    text = ("The United States and Colombia have withdrawn their ambassadors from each other’s "
            "countries.\nOn Thursday, July 3, 2025, the U.S. recalled its top envoy, Chargé "
            "d’Affaires John McNamara, from Bogotá.")
    got = records(text, "diplomatic_recalls")
    usa = [g for g in got if g["actor"] == "USA"]
    assert {g["envoy_name"] for g in usa} == {"John McNamara"}
    assert {g["event_date"] for g in usa} == {"2025-07-03"}
    assert any(g["actor"] == "COL" and g["target"] == "USA" for g in got)


# --------------------------------------------------------------------------------------------
# phenomena added with the held-out sets (benchmarks/heldout): each with negatives


@pytest.mark.parametrize("text,published,table,expected", [
    # "the government of X" heads the subject
    ("El gobierno de Perú retiró a su embajador en México el 24 de febrero de 2023.", None,
     "diplomatic_recalls", [dict(actor="PER", target="MEX", event_date="2023-02-24")]),
    ("The government of Bolivia recalled its ambassador from Peru.", None,
     "diplomatic_recalls", [dict(actor="BOL", target="PER")]),
    # coordinated predicates share the first verb's subject
    ("Venezuela's president expelled the US ambassador and recalled his own envoy from Washington "
     "on 11 September 2008.", None,
     "diplomatic_recalls", [dict(actor="VEN", target="USA", event_date="2008-09-11")]),
    # several recalling states and one host
    ("Chile and Colombia recalled their ambassadors from Israel on 31 October 2023.", None,
     "diplomatic_recalls", [dict(actor="CHL", target="ISR", event_date="2023-10-31"),
                            dict(actor="COL", target="ISR", event_date="2023-10-31")]),
    ("Belize, Chile and Colombia recalled their envoys from Tel Aviv.", None,
     "diplomatic_recalls", [dict(actor=a, target="ISR") for a in ("BLZ", "CHL", "COL")]),
    # one recalling state, several hosts; staff as well as heads of mission
    ("Venezuela withdrew its diplomats from Argentina, Chile and Uruguay.", None,
     "diplomatic_recalls", [dict(actor="VEN", target=t, envoy_name=None) for t in ("ARG", "CHL", "URY")]),
    ("Caracas anunció el retiro de todo el personal diplomático venezolano en Argentina, Chile y "
     "Uruguay.", None,
     "diplomatic_recalls", [dict(actor="VEN", target=t) for t in ("ARG", "CHL", "URY")]),
    ("Panamá anunció que retiraba a su personal diplomático de Venezuela.", None,
     "diplomatic_recalls", [dict(actor="PAN", target="VEN")]),
    ("Venezuela expelled the diplomats of Argentina and Chile.", None, "diplomatic_recalls", []),
    # Spanish negation, demands and possibilities are no recall
    ("Colombia no ha llamado a consultas a su embajador en Caracas.", None, "diplomatic_recalls", []),
    ("México no retiró a su embajador en Lima.", None, "diplomatic_recalls", []),
    ("La cancillería venezolana exigió a Chile retirar a su embajador.", None, "diplomatic_recalls", []),
    ("No se descarta que Colombia pueda retirar a su embajador en Caracas.", None,
     "diplomatic_recalls", []),
    # tariffs: reported commitments, datelines, lists of targets, participles, orders to raise
    ("President Donald Trump said on Thursday the United States will impose a 5% tariff on all "
     "goods coming from Mexico.", D(2019, 5, 31),
     "tariff_threats", [dict(actor="USA", target="MEX", event_date="2019-05-30", rate_pct=5)]),
    ("WASHINGTON, May 31 (Wire) - Trump on Thursday threatened tariffs on Mexican goods.",
     D(2019, 5, 31), "tariff_threats", [dict(actor="USA", target="MEX", event_date="2019-05-30")]),
    ("Officials said Washington may impose tariffs on Mexican goods.", None, "tariff_threats", []),
    ("Trump vowed 25% tariffs on all products from Canada and Mexico on 25 November 2024.", None,
     "tariff_threats", [dict(actor="USA", target=t, rate_pct=25) for t in ("CAN", "MEX")]),
    ("Trump sent letters on Wednesday to Japan, South Korea and Malaysia, threatening tariffs of "
     "25% on their goods.", D(2025, 7, 10),
     "tariff_threats", [dict(actor="USA", target=t, event_date="2025-07-09") for t in ("JPN", "KOR", "MYS")]),
    ("Reports that Ottawa had threatened tariffs on US dairy were denied by officials.", None,
     "tariff_threats", []),
    ("Reuters reported that Ottawa threatened tariffs on US dairy in March 2025.", None,
     "tariff_threats", [dict(actor="CAN", target="USA", scope="dairy")]),
    ("Petro ordenó elevar en 25 % los aranceles a las importaciones desde Estados Unidos el 26 de "
     "enero de 2025.", None,
     "tariff_threats", [dict(actor="COL", target="USA", rate_pct=25, event_date="2025-01-26")]),
    ("China raised tariffs on US goods to 125% in April 2025.", None, "tariff_threats", []),
    ("On 11 March 2025, Trump threatened tariffs on Canadian steel and aluminium. Ottawa answered "
     "with a list of its own.\n\nThat evening the White House said the tariffs were called off.", None,
     "tariff_threats", [dict(actor="USA", target="CAN", scope="steel and aluminium", outcome="withdrawn")]),
    ("In 2019, Trump threatened tariffs on Mexico if it did not curb migration.", None,
     "tariff_threats", [dict(actor="USA", target="MEX", scope=None)]),
    # trade ranks: overtaken lists, Spanish ordinals and demonyms, neighbours, carried years
    ("Mexico overtook Canada and China in 2023 to become the largest trading partner of the United "
     "States.", None, "trade_partner_ranks", [dict(reporter="USA", partner="MEX", year=2023, rank=1)]),
    ("México es el tercer destino de las exportaciones chilenas.", None,
     "trade_partner_ranks", [dict(reporter="CHL", partner="MEX", rank=3, flow="exports")]),
    ("In Chile, China took 39% of exports in 2023, making it the top destination for Chilean "
     "goods.", None,
     "trade_partner_ranks", [dict(reporter="CHL", partner="CHN", year=2023, rank=1, flow="exports")]),
    ("China was Brazil's largest trading partner in 2023. The United States remained Brazil's "
     "second-largest trading partner, followed by Argentina.", D(2024, 3, 5),
     "trade_partner_ranks", [dict(partner="CHN", year=2023, rank=1), dict(partner="USA", year=2023, rank=2),
                             dict(partner="ARG", year=2023, rank=3)]),
    ("The United States is Brazil's second-largest trading partner after China.", D(2025, 7, 10),
     "trade_partner_ranks", [dict(partner="USA", rank=2), dict(partner="CHN", rank=1)]),
    ("China is Peru's third-largest trading partner after 2015, analysts say.", D(2025, 7, 10),
     "trade_partner_ranks", [dict(partner="CHN", rank=3)]),
    ("China was Peru's largest trading partner in 2023. Today the United States is Peru's "
     "second-largest trading partner.", D(2025, 7, 10),
     "trade_partner_ranks", [dict(partner="CHN", year=2023), dict(partner="USA", year=2025)]),
    # decertifications "alongside" others
    ("On September 15, 2008, Washington determined that Bolivia had failed demonstrably to meet its "
     "obligations, placing it alongside Venezuela and Burma.", None,
     "decertifications", [dict(target=t, fiscal_year=2009) for t in ("BOL", "VEN", "MMR")]),
    ("On September 15, 2008, Washington decertified Bolivia, alongside a cut in aid.", None,
     "decertifications", [dict(target="BOL")]),
    # coca: figures in sentences about coca without the word, legal limits, eradication, crops
    ("The UNODC estimated Bolivia's coca crop at 30,500 hectares in 2008. The US government's "
     "estimate for 2008 was higher, at 32,000 hectares.", None,
     "coca_cultivation", [dict(country="BOL", year=2008, hectares=30500, estimator="UNODC"),
                          dict(country="BOL", year=2008, hectares=32000, estimator="ONDCP")]),
    ("Peru's coca crop keeps growing.\n\nThe survey put the total at 95,008 hectares in 2022, "
     "according to DEVIDA.", None,
     "coca_cultivation", [dict(country="PER", year=2022, estimator="national_government")]),
    ("Peru's coffee harvest grew.\n\nThe survey put the total at 95,008 hectares in 2022.", None,
     "coca_cultivation", []),
    ("Bolivian law permits 12,000 hectares of coca for traditional uses.", None, "coca_cultivation", []),
    ("Coca cultivation in Peru reached 92,784 hectares in 2023. Forced eradication fell to 10,000 "
     "hectares in 2024. Fires burned 30,000 hectares of forest in 2024.", None,
     "coca_cultivation", [dict(country="PER", year=2023, hectares=92784)]),
    ("Coca cultivation in Colombia reached 230,000 hectares in 2022, the UN said.\nIn Putumayo, some "
     "48,000 hectares are planted with coca.", None,
     "coca_cultivation", [dict(country="COL", year=2022, hectares=230000)]),  # a region's figure
    # phenomena of the second held-out round (benchmarks/heldout/round2)
    ("La Casa Blanca designó el lunes a Bolivia y Venezuela como países que \"fallaron de manera "
     "demostrable\" en sus compromisos antidrogas, según el memorando para el año fiscal 2026. En el "
     "caso de Bolivia, el gobierno otorgó una exención por interés nacional.", None,
     "decertifications", [dict(actor="USA", target="BOL", fiscal_year=2026, waiver=True),
                          dict(actor="USA", target="VEN", fiscal_year=2026, waiver=None)]),
    ("Washington, que en septiembre de 2023 volvió a descertificar a Bolivia, no ha cambiado de "
     "postura.", None, "decertifications",
     [dict(target="BOL", event_date="2023-09-01", event_date_precision="month", fiscal_year=2024)]),
    ("Officials said Washington could decertify Bolivia again.", None, "decertifications", []),
    ("The rupture carries limited risk for Ecuador, whose largest export market is the United "
     "States, ahead of China, in 2024.", None, "trade_partner_ranks",
     [dict(reporter="ECU", partner="USA", rank=1, flow="exports"),
      dict(reporter="ECU", partner="CHN", rank=2, flow="exports")]),
    ("Brazil remains Argentina's top trading partner, with China in second place and the United "
     "States third, according to figures for 2023.", None, "trade_partner_ranks",
     [dict(partner="BRA", rank=1, year=2023), dict(partner="CHN", rank=2, year=2023),
      dict(partner="USA", rank=3, year=2023)]),
    ("Venezuela, which bought a fifth of Colombia's exports in 2008, had fallen out of the top five, "
     "and the United States remained Colombia's main trading partner.", None, "trade_partner_ranks",
     [dict(reporter="COL", partner="USA", rank=1, year=None)]),  # 2008 is another clause's year
    ("WASHINGTON, May 30 (Wire) - The U.S. on Thursday threatened tariffs on Mexico.", D(2019, 5, 31),
     "tariff_threats", [dict(event_date="2019-05-30")]),
    ("MEXICO CITY, April 9 (Wire) - Mexico has withdrawn its ambassador from Ecuador.", D(2024, 4, 9),
     "diplomatic_recalls", [dict(actor="MEX", target="ECU", event_date=None)]),  # a dateline's date
    ("Canada warned that it would hit U.S. cars with tariffs in April 2025.", None, "tariff_threats",
     [dict(actor="CAN", target="USA", event_date="2025-04-01")]),
    ("According to the report presented in Vienna, Colombia had 253,000 hectares of coca in 2023.",
     None, "coca_cultivation", [dict(country="COL", year=2023)]),
    ("En los Yungas de La Paz se concentran 19.500 hectáreas de coca en 2023.", None,
     "coca_cultivation", []),  # a region's figure
    # third round (benchmarks/heldout/round3)
    ("On March 11, 2019, Pompeo announced that the United States was withdrawing all remaining "
     "diplomatic personnel from its embassy in Caracas.", None, "diplomatic_recalls",
     [dict(actor="USA", target="VEN", event_date="2019-03-11")]),  # progressive, not passive
    ("En julio, Trump anunció aranceles del 50 % a las importaciones de cobre, una medida que golpea "
     "a la minería chilena.", D(2025, 8, 11), "tariff_threats", []),  # a product's, not Chile's
    ("Trump threatened tariffs of 25% on imports of steel, a move that hurts Brazilian mills.", None,
     "tariff_threats", []),
    ("Trump threatened tariffs of 25% on steel from Brazil.", None, "tariff_threats",
     [dict(actor="USA", target="BRA")]),
    ("En 2024, China fue nuevamente el principal socio comercial de Chile, según cifras publicadas "
     "este lunes.", D(2025, 8, 11), "trade_partner_ranks", [dict(partner="CHN", year=2024)]),
    ("Coca cultivation in Colombia rose 3% to 262,000 hectares in 2024, the government said on "
     "Tuesday, before the United Nations publishes its survey.", D(2025, 10, 29), "coca_cultivation",
     [dict(year=2024, estimator="national_government")]),
    ("The U.N. Office on Drugs and Crime counted 253,000 hectares of coca in Colombia in 2023.", None,
     "coca_cultivation", [dict(year=2023, estimator="UNODC")]),
    ("Coca cultivation in Colombia hit a record in 2023.\n\nPrices collapsed.\n\nThe U.N. counted "
     "253,000 hectares that year. Nariño alone accounts for some 60,000 hectares.",
     None, "coca_cultivation", [dict(country="COL", year=2023, hectares=253000, estimator="UNODC")]),
])
def test_phenomena(text, published, table, expected):
    check(text, table, expected, published)


# document-level consolidation: co-referent sentences complete each other; conflicts never do

@pytest.mark.parametrize("text,published,expected", [
    # the name in one sentence, the date in another: both sentences give the complete record
    ("Chile recalled its ambassador from Israel on 31 October 2023.\nChile's decision to recall "
     "Juan Díaz, its ambassador to Israel, drew praise from Palestinian groups.", None,
     [dict(actor="CHL", envoy_name="Juan Díaz", event_date="2023-10-31")] * 2),
    # not from a candidate with another envoy: the undated mention of Soto takes Soto's year
    ("Peru recalled its ambassador to Mexico, Ana Ruiz, on 3 May 2023.\nIn 2024 Peru recalled its "
     "ambassador, Luis Soto, from Mexico.\nPeru had recalled its ambassador Luis Soto from Mexico, "
     "analysts noted.", None,
     [dict(envoy_name="Ana Ruiz", event_date="2023-05-03"),
      dict(envoy_name="Luis Soto", event_date="2024-01-01", event_date_precision="year")] * 1
     + [dict(envoy_name="Luis Soto", event_date="2024-01-01")]),
    # two dated recalls: an undated mention is ambiguous and stays undated
    ("Peru recalled its ambassador to Mexico on 3 May 2023.\nPeru also recalled its ambassador to "
     "Mexico on 9 June 2024.\nLima's decision to recall its ambassador from Mexico was criticised.",
     None, [dict(event_date="2023-05-03"), dict(event_date="2024-06-09"), dict(event_date=None)]),
    # a response takes the date of the recall it answers
    ("On 4 June 2024, Argentina recalled its ambassador from Spain.\nMarkets barely reacted.\n\n"
     "Spain, in a tit-for-tat move, recalled its ambassador from Argentina, Ana Gómez.", None,
     [dict(actor="ARG", event_date="2024-06-04"),
      dict(actor="ESP", envoy_name="Ana Gómez", event_date="2024-06-04")]),
    ("Markets barely reacted.\n\nSpain, in a tit-for-tat move, recalled its ambassador from "
     "Argentina.", None, [dict(actor="ESP", event_date=None)]),  # nothing to answer: no date
])
def test_coreferent_sentences_complete_each_other(text, published, expected):
    got = records(text, "diplomatic_recalls", published)
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        assert {k: g[k] for k in e} == e, g
    cands = [c for c in extract_text(text, published_date=published)]
    assert len({c.char_start for c in cands}) == len(cands)  # one quote (sentence) per candidate


def test_decertification_list_shares_the_determination_date_but_not_other_years():
    text = ("The White House on Monday decertified Colombia for fiscal year 2026.\n"
            "It also named Bolivia and Venezuela as having failed demonstrably for fiscal year 2026.\n"
            "Colombia was last decertified in 1997.")
    got = records(text, "decertifications", D(2025, 9, 16))
    assert [(g["target"], g["fiscal_year"], g["event_date"]) for g in got] == [
        ("COL", 2026, "2025-09-15"), ("BOL", 2026, "2025-09-15"), ("VEN", 2026, "2025-09-15"),
        ("COL", None, "1997-01-01")]  # the 1997 finding is not completed from 2026's


def test_filled_values_lower_the_confidence():
    text = ("On 4 June 2024, Argentina recalled its ambassador from Spain.\n\n"
            "Spain, in a tit-for-tat move, recalled its ambassador from Argentina.")
    arg, esp = extract_text(text)
    assert esp.values["event_date"] == "2024-06-04" and esp.confidence < arg.confidence


def test_text_without_keywords_gives_nothing():
    assert extract_text("The weather in Bogotá was mild on Monday, the council said.") == []
    assert extract_text("") == []


ARTICLE_EN = """BOGOTA, Sept 16 (Reuters) - The United States on Monday designated Colombia as a country that has failed to cooperate in the drug war, but issued a waiver that allows aid to continue.
The determination also listed Afghanistan, Bolivia and Venezuela as having "failed demonstrably" to meet their obligations.
Colombia was last decertified in 1997 under then-President Ernesto Samper.
Coca cultivation in Colombia hit a record 253,000 hectares in 2023, according to the United Nations, while forced eradication fell to 9,000 hectares. Potential cocaine production rose 53% to 2,664 metric tons.
The United States remains Colombia's largest trading partner, although China has become its second-largest.
"""

ARTICLE_ES = """Bogotá, 16 de septiembre de 2025.
El Gobierno de Estados Unidos descertificó este lunes a Colombia en la lucha contra las drogas, aunque otorgó una exención.
Según la UNODC, los cultivos de coca alcanzaron 253.000 hectáreas en 2023, frente a 2022, cuando se reportaron 230.000 hectáreas.
En enero, Trump amenazó con imponer aranceles del 25 % a todos los productos colombianos, que subirían al 50 % en una semana.
Colombia sigue en el centro del debate.
"""


def test_article_in_english():
    decerts = records(ARTICLE_EN, "decertifications")
    assert [(d["target"], d["event_date"], d["waiver"]) for d in decerts] == [
        ("COL", None, True), ("AFG", None, None), ("BOL", None, None), ("VEN", None, None),
        ("COL", "1997-01-01", None)]  # undated "on Monday" is not dated from the 1997 sentence
    (coca,) = records(ARTICLE_EN, "coca_cultivation")
    assert (coca["hectares"], coca["year"], coca["estimator"], coca["cocaine_tonnes"]) == (
        253000, 2023, "UNODC", 2664)  # tonnes from the next sentence; eradication not taken
    trade = records(ARTICLE_EN, "trade_partner_ranks")
    assert [(t["partner"], t["rank"]) for t in trade] == [("USA", 1), ("CHN", 2)]


def test_article_in_spanish_with_dateline():
    (dec,) = records(ARTICLE_ES, "decertifications")
    assert (dec["event_date"], dec["fiscal_year"], dec["waiver"]) == ("2025-09-15", 2026, True)
    coca = records(ARTICLE_ES, "coca_cultivation")  # country from the text as a whole
    assert [(c["country"], c["year"], c["hectares"]) for c in coca] == [
        ("COL", 2023, 253000), ("COL", 2022, 230000)]
    (tar,) = records(ARTICLE_ES, "tariff_threats")
    assert (tar["event_date"], tar["event_date_precision"], tar["rate_pct"],
            tar["escalation_rate_pct"]) == ("2025-01-01", "month", 25, 50)


# --------------------------------------------------------------------------------------------
# API, output formats, files


def test_candidate_to_dict_has_table_columns_then_provenance():
    (c,) = extract_text("Peru recalled its ambassador from Mexico on 3 July 2025.", source="a/b.txt")
    d = c.to_dict()
    assert list(d) == ["table", *E.TABLE_COLUMNS["diplomatic_recalls"], "source", "quote",
                       "char_start", "char_end", "confidence"]
    assert d["source"] == "a/b.txt"
    assert isinstance(c, Candidate) and hash(c) == hash(c)
    json.dumps(d)


@pytest.mark.parametrize("table", sorted(E.TABLE_COLUMNS))
def test_columns_match_the_schemas(table):
    schema = yaml.safe_load((ROOT / "schemas" / f"{table}.yaml").read_text(encoding="utf-8"))
    assert tuple(c["name"] for c in schema["columns"]) == E.TABLE_COLUMNS[table]
    assert tuple(schema["natural_key"]) == E.P.NATURAL_KEYS[table]
    for col in schema["columns"]:
        if col.get("allowed"):  # every value the extractor can emit is allowed
            emitted = {"envoy_rank": {"ambassador", "charge_d_affaires", "minister"},
                       "estimator": {"UNODC", "ONDCP", "national_government"},
                       "status": {"decertified", "certified"},
                       "flow": {"total", "exports", "imports"},
                       "outcome": {"withdrawn", "imposed"},
                       "event_date_precision": {"day", "month", "year"}}.get(col["name"], set())
            assert emitted <= set(col["allowed"])


def test_to_jsonl_and_to_yaml():
    text = ("Peru recalled its ambassador from Mexico on 3 July 2025. Peru recalled its ambassador "
            "from Mexico on 3 July 2025, officials said.\nChina is Colombia's second-largest "
            "trading partner in 2024.")
    cands = extract_text(text, source="raw/sources/abc_1.txt")
    lines = to_jsonl(cands).splitlines()
    assert [json.loads(x)["table"] for x in lines] == [c.table for c in cands]
    doc = yaml.safe_load(to_yaml(cands))
    assert set(doc) == {"diplomatic_recalls", "trade_partner_ranks"}
    (rec,) = doc["diplomatic_recalls"]["records"]  # identical values: one record, two quotes
    assert rec["method"] == "extracted" and rec["event_date"] == D(2025, 7, 3)
    assert [e["source"] for e in rec["evidence"]] == ["abc_1", "abc_1"]
    assert rec["evidence"][0]["quote"] in text
    assert set(E.TABLE_COLUMNS["diplomatic_recalls"]) <= set(rec)


def test_extract_paths_reports_undecodable_files_and_processes_the_rest(tmp_path):
    good1 = tmp_path / "a.txt"
    good1.write_text("Peru recalled its ambassador from Mexico on 3 July 2025.", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"Peru recalled its ambassador \xff\xfe from Mexico.")
    good2 = tmp_path / "c.txt"
    good2.write_text("On Monday, Chile recalled its ambassador from Israel.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    for workers in (1, 2):
        errors, progress = [], []
        got = list(extract_paths([good1, bad, missing, good2], published_date=D(2024, 6, 5),
                                 workers=workers, on_error=lambda p, m: errors.append((p, m)),
                                 on_progress=lambda p, i, n: progress.append((p, i, n))))
        assert [c.source for c in got] == [str(good1), str(good2)]
        assert got[1].values["event_date"] == "2024-06-03"
        assert [p for p, _ in errors] == [bad, missing]
        assert errors[0][1].startswith("not UTF-8 (byte 0xff at offset 29): convert it first")
        assert [(i, n) for _, i, n in progress] == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_import_is_light():
    code = ("import sys, relations_data.extract; "
            "print(sorted(m for m in ('pandas', 'pandera', 'pyarrow', 'duckdb') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout.strip() == "[]"


_FRAGMENTS = ["Colombia", "the U.S.", "recalled", "its ambassador", "from", "Peru", "threatened",
              "25%", "tariffs", "on", "decertified", "and", "Bolivia", ",", ".", "\n", "coca",
              "253.000", "hectáreas", "hectares", "in 2023", "on Monday", "July 3", "2025", "’s",
              "second-largest", "trading partner", "llamó a consultas", "su embajador", "“", "”",
              "—", "[vii]", "was", "by", "The latter", "I", "said", "Petro", "tons of cocaine",
              "failed demonstrably", "certified", "socio comercial", "İstanbul", "🙂", " "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40),
       st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31))))
def test_any_text_gives_well_formed_candidates(parts, published):
    text = " ".join(parts)
    for c in extract_text(text, published_date=published):
        assert text[c.char_start:c.char_end] == c.quote
        assert set(c.values) == set(E.TABLE_COLUMNS[c.table])
        json.dumps(c.to_dict())


# --------------------------------------------------------------------------------------------
# The year of an event or determination from the published date (sentences written for these
# tests): relative days and years resolve against --published-date and stay empty without it.

PUBLISHED = D(2024, 3, 7)  # a Thursday
RELATIVE = [
    ("Peru recalled its ambassador to Mexico on Monday.", "diplomatic_recalls",
     {"event_date": "2024-03-04", "event_date_precision": "day"}),
    ("El pasado lunes, Perú llamó a consultas a su embajador en México.", "diplomatic_recalls",
     {"event_date": "2024-03-04", "event_date_precision": "day"}),
    ("Ecuador recalled its ambassador to Venezuela earlier this year.", "diplomatic_recalls",
     {"event_date": "2024-01-01", "event_date_precision": "year"}),
    ("On Tuesday, Chile threatened tariffs of 20 percent on Argentine goods.", "tariff_threats",
     {"event_date": "2024-03-05", "event_date_precision": "day"}),
    ("The United States decertified Bolivia this year.", "decertifications",
     {"event_date": "2024-01-01", "event_date_precision": "year"}),
    ("Washington decertified Bolivia in September of this year.", "decertifications",
     {"event_date": "2024-09-01", "event_date_precision": "month", "fiscal_year": 2025}),
    ("Colombia's coca crop reached 230,000 hectares last year, the UNODC said.",
     "coca_cultivation", {"year": 2023}),
    ("China became Brazil's largest trading partner this year.", "trade_partner_ranks",
     {"year": 2024}),
]


@pytest.mark.parametrize("text,table,expected", RELATIVE)
def test_relative_dates_take_the_published_year(text, table, expected):
    check(text, table, [expected], PUBLISHED)
    undated = {k: None for k in expected if k != "fiscal_year"}
    check(text, table, [undated])


def test_cli_published_date_fills_the_year(tmp_path):
    from click.testing import CliRunner

    from relations_data.cli import cli

    article = tmp_path / "a.txt"
    article.write_text("Ecuador recalled its ambassador to Venezuela on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article), "--published-date", "2024-03-07"])
    assert result.exit_code == 0, result.output
    (cand,) = [json.loads(line) for line in result.output.splitlines()]
    assert (cand["event_date"], cand["event_date_precision"]) == ("2024-03-04", "day")


# --------------------------------------------------------------------------------------------
# Precision rules (sentences written for these tests): what is not asserted is not proposed.

NOT_ASSERTED = [  # each is proposed when its rule is switched off
    ("Has Argentina recalled its ambassador from Caracas?", "diplomatic_recalls"),
    ("¿Chile llamó a consultas a su embajador en Lima?", "diplomatic_recalls"),
    ("A Chilean recall of its ambassador from Lima is not on the table, officials said.",
     "diplomatic_recalls"),
    ("Officials said a Peruvian recall of its ambassador to Chile was unlikely.", "diplomatic_recalls"),
    ("El Gobierno chileno no contempla retirar a su embajador en Lima.", "diplomatic_recalls"),
    ("For Chile, China is the largest export market outside the Pacific Alliance.",
     "trade_partner_ranks"),
    ("Brasil es el principal socio comercial de Argentina dentro del Cono Sur.", "trade_partner_ranks"),
]


@pytest.mark.parametrize("text,table", NOT_ASSERTED)
def test_questions_hypotheticals_and_restricted_ranks_are_not_proposed(text, table):
    assert records(text, table, PUBLISHED) == []


@pytest.mark.parametrize("text,table", [
    ("Argentina recalled its ambassador from Caracas on Monday.", "diplomatic_recalls"),
    ("China is Chile's largest export market, officials said.", "trade_partner_ranks"),
])
def test_the_same_facts_asserted_are_proposed(text, table):
    assert len(records(text, table, PUBLISHED)) == 1


def test_extract_without_the_extra_is_one_line_naming_it(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from relations_data.cli import cli

    monkeypatch.setitem(sys.modules, "pycountry", None)  # import pycountry now fails
    article = tmp_path / "a.txt"
    article.write_text("Ecuador recalled its ambassador to Venezuela on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: extraction needs the extract extra (missing: pycountry): "
        "pip install 'relations-data[extract]'"]
