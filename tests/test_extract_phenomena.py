"""Phenomena the extractor must generalise over (English and Spanish): clause-scoped modality,
world-wide metonyms, recall and tariff wordings, anaphoric and week-relative dates, waivers
in the next sentence, coca targets and carried years, elliptic trade ranks."""

from __future__ import annotations

import datetime as dt

import pytest

from relations_data.extract import extract_text

D = dt.date


def got(text: str, table: str, published: dt.date | None = None) -> list[dict]:
    out = []
    for c in extract_text(text, source="t.txt", published_date=published):
        assert text[c.char_start:c.char_end] == c.quote
        if c.table == table:
            out.append(c.to_dict())
    return out


def check(text: str, table: str, expected: list[dict], published: dt.date | None = None) -> None:
    rows = got(text, table, published)
    assert len(rows) == len(expected), rows
    for g, e in zip(rows, expected):
        for k, v in e.items():
            assert g[k] == v, (k, g)


# --------------------------------------------------------------------------------------------
# Modality is scoped to the trigger's clause

@pytest.mark.parametrize("text,expected", [
    # a modal in a fronted subordinate clause or a closed relative clause does not scope over it
    ("Although Mexico could retaliate, Canada recalled its ambassador from Mexico City.",
     [dict(actor="CAN", target="MEX")]),
    ("Colombia, which could face sanctions, recalled its ambassador from Caracas.",
     [dict(actor="COL", target="VEN")]),
    ("Colombia said it would not accept the flights, and recalled its ambassador from Washington.",
     [dict(actor="COL", target="USA")]),
    # an announced intention is asserted ...
    ("The State Department announced that it would withdraw its diplomats from Caracas.",
     [dict(actor="USA", target="VEN")]),
    # ... but possibility, conditions, deliberation and negation never are
    ("If talks fail, Brazil will recall its ambassador from Israel.", []),
    ("Neither government withdrew its high commissioner from Ottawa.", []),
    ("Mexico has yet to recall its ambassador from Lima.", []),
    ("Chile stopped short of recalling its ambassador from Caracas.", []),
    ("Peru has no plans to recall its ambassador from Mexico.", []),
    ("Colombia retirará a su embajador en Caracas, según fuentes oficiales.", []),
    ("Uruguay y Chile podrían llamar a consultas a sus embajadores en Caracas.", []),
])
def test_modality_is_clause_scoped(text, expected):
    check(text, "diplomatic_recalls", expected)


@pytest.mark.parametrize("text", [
    "Officials said they were weighing whether to decertify Afghanistan.",
    "Trump had threatened in 2017 to decertify Colombia.",
    "Washington también evalúa si descertificará a Nicaragua el próximo año.",
])
def test_reported_deliberation_is_no_decertification(text):
    assert got(text, "decertifications") == []


# --------------------------------------------------------------------------------------------
# States by capital, seat of government or demonym, anywhere in the world

@pytest.mark.parametrize("text,actor,target", [
    ("Tokyo recalled its ambassador from Seoul.", "JPN", "KOR"),
    ("Ankara recalled its ambassador to Israel for consultations.", "TUR", "ISR"),
    ("The Kremlin recalled its envoy from Chisinau.", "RUS", "MDA"),
    ("Pekín retiró a su embajador en Vilna.", "CHN", "LTU"),
    ("El Gobierno de Honduras retiró a su embajador en Taipéi.", "HND", "TWN"),
    ("India withdrew its high commissioner from Ottawa.", "IND", "CAN"),
    ("Nairobi recalled its ambassador from Addis Ababa.", "KEN", "ETH"),
    ("Bielorrusia llamó a consultas a su embajador en Varsovia.", "BLR", "POL"),
])
def test_world_metonyms(text, actor, target):
    check(text, "diplomatic_recalls", [dict(actor=actor, target=target)])


# --------------------------------------------------------------------------------------------
# Recall wordings; expulsion and return to post are not recalls

@pytest.mark.parametrize("text,published,expected", [
    ("Peru on Tuesday summoned home its ambassador in Mexico City for consultations.", D(2024, 10, 17),
     [dict(actor="PER", target="MEX", envoy_rank="ambassador", event_date="2024-10-15")]),
    ("Honduras ordered its ambassador in Taipei home on Friday.", D(2023, 3, 24),
     [dict(actor="HND", target="TWN", event_date="2023-03-24")]),
    ("Colombia brought its ambassador in Tel Aviv back to Bogotá.", None,
     [dict(actor="COL", target="ISR")]),
    ("Bahrain announced the return of its ambassador from Tel Aviv.", None,
     [dict(actor="BHR", target="ISR", envoy_rank="ambassador")]),
    ("Taiwán ordenó el regreso de su embajadora en Tegucigalpa.", None,
     [dict(actor="TWN", target="HND", envoy_rank="ambassador")]),
    ("El gobierno mexicano ordenó el sábado la salida de todo su personal diplomático de Quito.",
     D(2024, 4, 9), [dict(actor="MEX", target="ECU", event_date="2024-04-06")]),
    ("Bolivia severed ties with Israel, while Colombia and Chile brought their ambassadors home.",
     None, [dict(actor="COL", target="ISR"), dict(actor="CHL", target="ISR")]),
    ("The United States welcomed the return of its ambassador to Bogotá.", None, []),
    ("Ecuador expelled the Mexican ambassador, Raquel Serur.", None, []),
    ("Lima expelled Mexico's ambassador, giving him 72 hours to leave.", None, []),
])
def test_recall_wordings(text, published, expected):
    check(text, "diplomatic_recalls", expected, published)


def test_envoy_named_in_a_following_sentence():
    text = ("Peru summoned home its ambassador in Mexico City on Tuesday.\n\n"
            "Officials said the diplomat, Manuel Talavera, would stay in Lima.")
    check(text, "diplomatic_recalls",
          [dict(actor="PER", target="MEX", envoy_name="Manuel Talavera")], D(2024, 10, 17))


# --------------------------------------------------------------------------------------------
# Dates: anaphoric ("two days earlier") and weeks (their month, when the week lies in one)

@pytest.mark.parametrize("text,published,expected", [
    ("On 2 November 2023, Ankara recalled its ambassador to Israel. Two days earlier Chile "
     "recalled its ambassador from Israel.", None,
     [dict(actor="TUR", event_date="2023-11-02"), dict(actor="CHL", event_date="2023-10-31")]),
    ("Jordan said on 1 November 2023 that it had recalled its ambassador from Israel. Bahrain "
     "recalled its ambassador from Tel Aviv a day later.", None,
     [dict(actor="JOR", event_date="2023-11-01"), dict(actor="BHR", event_date="2023-11-02")]),
    ("Honduras retiró la semana pasada a su embajador en Taipéi.", D(2023, 3, 24),
     [dict(event_date="2023-03-01", event_date_precision="month")]),
    # published Thursday 2 March 2023: last week is 20-26 February, in one month
    ("Honduras recalled its ambassador from Taipei last week.", D(2023, 3, 2),
     [dict(event_date="2023-02-01", event_date_precision="month")]),
    # published Wednesday 8 March 2023: last week is 27 February - 5 March, no one month
    ("Honduras recalled its ambassador from Taipei last week.", D(2023, 3, 8),
     [dict(event_date=None)]),
    ("Two days before the vote, Peru recalled its ambassador from Mexico.", D(2024, 5, 10),
     [dict(event_date=None)]),
    ("Argentina llamó a consultas hace dos semanas a su embajador en Caracas.", D(2024, 6, 12),
     [dict(event_date="2024-05-29")]),
])
def test_anaphoric_and_week_dates(text, published, expected):
    check(text, "diplomatic_recalls", expected, published)


# --------------------------------------------------------------------------------------------
# Tariffs by other names, participles, Spanish singular and subjunctive

@pytest.mark.parametrize("text,published,expected", [
    ("On Sunday, January 26, President Donald Trump threatened a 25 percent levy on all "
     "Colombian imports.", D(2025, 2, 4),
     [dict(actor="USA", target="COL", rate_pct=25, scope="all goods", event_date="2025-01-26")]),
    ("Colombian President Gustavo Petro answered in kind, ordering a 25% tariff on U.S. goods.",
     None, [dict(actor="COL", target="USA", rate_pct=25, scope="all goods")]),
    ("China threatened retaliatory duties on American soybeans.", None,
     [dict(actor="CHN", target="USA", scope="soybeans")]),
    ("El presidente de Estados Unidos anunció el lunes 24 de marzo un arancel del 25 % a los "
     "productos de Venezuela.", D(2025, 3, 26),
     [dict(actor="USA", target="VEN", rate_pct=25, event_date="2025-03-24")]),
    ("Trump amenazara con gravar con un 25 % todos los productos colombianos.", None,
     [dict(actor="USA", target="COL", rate_pct=25)]),
    ("Trump announced tariffs of up to 50% on all Brazilian goods from August 1.", None,
     [dict(actor="USA", target="BRA", rate_pct=50, scope="all goods")]),
    ("Mexico said it would not impose tariffs on American goods.", None, []),
])
def test_tariff_wordings(text, published, expected):
    check(text, "tariff_threats", expected, published)


# --------------------------------------------------------------------------------------------
# Decertifications: Spanish lists, waivers in the next sentence, one date for every status


def test_spanish_list_with_personal_a():
    check("Estados Unidos descertificó a Bolivia y a Venezuela el 15 de septiembre de 2022.",
          "decertifications", [dict(target="BOL", fiscal_year=2023), dict(target="VEN", fiscal_year=2023)])


def test_waivers_in_the_next_paragraph_and_certified_share_the_date():
    text = ("WASHINGTON, Sept 18 (Wire) - The White House on Monday determined that Bolivia, Burma "
            "and Venezuela had failed demonstrably to meet their counternarcotics obligations.\n\n"
            "The determination for fiscal year 2024 waived the consequences for Burma and Bolivia but not for "
            "Venezuela. Colombia and Peru were certified.")
    rows = {r["target"]: r for r in got(text, "decertifications", D(2023, 9, 20))}
    assert {k: rows[k]["waiver"] for k in ("BOL", "MMR", "VEN")} == {"BOL": True, "MMR": True, "VEN": False}
    assert rows["COL"]["status"] == "certified" and rows["COL"]["event_date"] == "2023-09-18"


# --------------------------------------------------------------------------------------------
# Coca: targets are not measurements; a figure without a year takes the text's year


@pytest.mark.parametrize("text,published,expected", [
    ("The government hopes to cut coca to 60,000 hectares by 2026.", D(2024, 10, 1), []),
    ("Coca cultivation in Bolivia could reach 35,000 hectares this year, the UN warned.", None, []),
    ("Coca cultivation in Bolivia, which had not been measured since 2019, reached 31,000 "
     "hectares in 2023.", None, [dict(country="BOL", year=2023, hectares=31000)]),
    ("La coca en Bolivia alcanzó las 29.900 hectáreas en 2022, según la UNODC. En el vecino Perú, "
     "la superficie llegó a 95.008 hectáreas, de acuerdo con la misma fuente.", D(2023, 6, 30),
     [dict(country="BOL", year=2022, hectares=29900), dict(country="PER", year=2022, hectares=95008)]),
    ("Colombia tenía 253.000 hectáreas de coca en 2023.\n\nLa producción potencial de cocaína "
     "llegó a 2.664 toneladas.", None, [dict(year=2023, hectares=253000, cocaine_tonnes=2664)]),
])
def test_coca_targets_and_carried_years(text, published, expected):
    check(text, "coca_cultivation", expected, published)


# --------------------------------------------------------------------------------------------
# Trade ranks: elliptic second places, fronted reporters, fiscal-year spans


@pytest.mark.parametrize("text,expected", [
    ("China se mantuvo en 2023 como el primer socio comercial del Perú, mientras que Estados "
     "Unidos fue el segundo.",
     [dict(reporter="PER", partner="CHN", rank=1, year=2023), dict(reporter="PER", partner="USA", rank=2, year=2023)]),
    ("In 2023 China was Peru's largest trading partner, while the United States was second in "
     "Latin America.", [dict(reporter="PER", partner="CHN", rank=1)]),
    ("For Bangladesh, India is the second-biggest supplier after China.",
     [dict(reporter="BGD", partner="IND", rank=2, flow="imports"),
      dict(reporter="BGD", partner="CHN", rank=1, flow="imports")]),
    ("The United States was India's largest trading partner in 2023-24.",
     [dict(reporter="IND", partner="USA", rank=1, year=2023)]),
    ("China remained India's top source of imports in 2023, while the UAE was the third-largest "
     "trading partner.",
     [dict(partner="CHN", rank=1, flow="imports"), dict(reporter="IND", partner="ARE", rank=3, flow="total")]),
])
def test_trade_rank_phrasings(text, expected):
    check(text, "trade_partner_ranks", expected, D(2024, 6, 1))
