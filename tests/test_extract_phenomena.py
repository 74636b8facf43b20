"""Phenomena the extractor must generalise over (English and Spanish): clause-scoped modality,
world-wide metonyms, recall and tariff wordings, anaphoric and week-relative dates, waivers
in the next sentence, coca targets and carried years, elliptic trade ranks; and (round 4)
coca estimators and shares, places after a rank, goods vs commodities, tariff start dates and
rates in words, recall hosts and surnames, decertification in other words."""

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


# --------------------------------------------------------------------------------------------
# Round 4 generalisations: coca estimators and parts of a total

@pytest.mark.parametrize("text,expected", [
    # several estimators in the sentence: the one named last before the figure
    ("The ministry says its figures differ from those of UNODC, whose survey counted 61,300 "
     "hectares of coca in Bolivia in 2019.", [dict(country="BOL", year=2019, estimator="UNODC")]),
    ("El Ministerio recordó que sus datos difieren de los de la ONUDD, cuyo informe registró "
     "52.000 hectáreas de coca en Perú en 2018, y de los del Gobierno de Estados Unidos.",
     [dict(country="PER", year=2018, estimator="UNODC")]),
    # no estimator in the paragraph: the one the text named before it
    ("The Office of National Drug Control Policy (ONDCP) today released its annual estimates.\n\n"
     "In Bolivia, coca cultivation rose to 31,500 hectares in 2017.\n\nUNODC will publish its own "
     "survey later.", [dict(country="BOL", year=2017, estimator="ONDCP")]),
    # the US government named with a Spanish adjective; the year a report was published is not
    # the year of the figure
    ("La estimación del Gobierno estadounidense, publicada en 2020, calculó en 25.500 hectáreas "
     "los cultivos de coca en Bolivia en 2019.", [dict(country="BOL", year=2019, estimator="ONDCP")]),
    ("A report released in 2016 put Colombian coca at 96,000 hectares in 2015, the White House said.",
     [dict(country="COL", year=2015, estimator="ONDCP")]),
    # a region's share of the national total is not the country's figure
    ("El valle concentra 20.400 hectáreas de coca, el 36 % del total nacional, según DEVIDA.", []),
    ("Nariño accounts for 41,000 hectares of coca, or 28 percent of the national total.", []),
])
def test_coca_estimators_and_shares(text, expected):
    check(text, "coca_cultivation", expected, D(2021, 6, 1))


# --------------------------------------------------------------------------------------------
# Trade ranks: places stated after a rank, goods vs commodities, regional qualifiers

@pytest.mark.parametrize("text,expected", [
    ("Germany was Poland's largest trading partner in 2019, ahead of the Czech Republic, in second "
     "place, and Russia, which fell to third.",
     [dict(partner="DEU", rank=1), dict(partner="CZE", rank=2), dict(partner="RUS", rank=3)]),
    ("China was Chile's main export destination in 2022. The United States ranked second; Japan "
     "came third.", [dict(partner="CHN", rank=1), dict(partner="USA", rank=2),
                     dict(partner="JPN", rank=3)]),
    ("Alemania fue en 2020 el principal destino de las exportaciones de bienes de Austria. Italia "
     "se ubicó segunda y Suiza ocupó el tercer puesto.",
     [dict(reporter="AUT", partner="DEU", rank=1, flow="exports"),
      dict(reporter="AUT", partner="ITA", rank=2, flow="exports"),
      dict(reporter="AUT", partner="CHE", rank=3, flow="exports")]),
    # a modal place, a regional place
    ("India was Nepal's largest trading partner in 2021; China would rank first if transit trade "
     "counted.", [dict(partner="IND", rank=1)]),
    ("Spain was Morocco's main trading partner in 2020; France was second in Africa.",
     [dict(partner="ESP", rank=1)]),
])
def test_trade_places_after_rank(text, expected):
    check(text, "trade_partner_ranks", expected, D(2023, 3, 1))


@pytest.mark.parametrize("text,expected", [
    ("Vietnam is now the second-largest source of U.S. imports of furniture.", []),
    ("Vietnam became the third-largest source of U.S. imports in 2023.",
     [dict(reporter="USA", partner="VNM", rank=3, flow="imports", year=2023)]),
    ("Canada was the top market for American goods in 2022.",
     [dict(reporter="USA", partner="CAN", rank=1, flow="exports", year=2022)]),
    # a commodity: not the country's trade
    ("Japan is the biggest buyer of Australian beef.", []),
    ("China es el principal comprador de vino chileno.", []),
    ("Brasil es el principal socio comercial de Paraguay dentro del Mercosur.", []),
    ("Egypt was Turkey's largest trading partner in the Middle East in 2021.", []),
    ("Russia was Kazakhstan's largest trading partner as recently as 2019.",
     [dict(reporter="KAZ", partner="RUS", rank=1, year=2019)]),
    ("Brazil is Argentina's largest trading partner and Chile its eighth-largest.",
     [dict(partner="BRA", rank=1), dict(partner="CHL", rank=8)]),
    ("Germany tops France as Austria's biggest trading partner.",
     [dict(reporter="AUT", partner="DEU", rank=1)]),
])
def test_trade_goods_and_commodities(text, expected):
    check(text, "trade_partner_ranks", expected, D(2024, 5, 1))


def test_yearless_rank_in_past_tense_continues_dated_rank():
    text = ("Canada was the United States' largest trading partner in 2019.\n\n"
            "On the import side, China remained the largest supplier of the United States.\n\n"
            "Mexico is the largest export market for Texas, and Japan is Peru's third-largest "
            "trading partner.")
    rows = got(text, "trade_partner_ranks", D(2020, 2, 1))
    years = {(r["reporter"], r["partner"]): r["year"] for r in rows}
    assert years[("USA", "CAN")] == 2019
    assert years[("USA", "CHN")] == 2019  # past tense, after a dated rank
    assert years[("PER", "JPN")] == 2020  # present tense: the year of the text


# --------------------------------------------------------------------------------------------
# Tariffs: when it would apply is not when it was threatened; announced rates from a coming date

@pytest.mark.parametrize("text,published,expected", [
    ("On March 3, Trump announced that the United States would impose a 20 percent "
     "tariff on goods from Vietnam starting April 9.", D(2025, 3, 5),
     [dict(actor="USA", target="VNM", event_date="2025-03-03", rate_pct=20)]),
    ("El 2 de mayo, Trump anunció que impondría un arancel del 15 % a Colombia a partir del 1 de "
     "junio.", D(2025, 5, 4), [dict(actor="USA", target="COL", event_date="2025-05-02")]),
    # a rate set to apply from a coming date, without a threat verb
    ("Trump's letter to Thailand sets a 36% tariff from Aug. 1.", D(2025, 7, 7),
     [dict(actor="USA", target="THA", rate_pct=36)]),
    ("La carta de Trump fija un arancel del 25 % a Túnez a partir del 1 de agosto.",
     D(2025, 7, 7), [dict(actor="USA", target="TUN", rate_pct=25)]),
    # in force, or no coming date: not an announcement
    ("The 10% tariff on goods from Peru has applied since April.", D(2025, 7, 7), []),
    ("El arancel de 10 % a Chile rige desde abril de 2024.", D(2025, 7, 7), []),
])
def test_tariff_start_dates(text, published, expected):
    check(text, "tariff_threats", expected, published)


def test_tariff_outcome_not_from_condition():
    text = ("On May 5, Trump warned that he would add 30 percent to tariffs on Chinese goods unless "
            "Beijing withdrew its levies. Two days later the extra duties took effect.")
    rows = got(text, "tariff_threats", D(2025, 5, 10))
    assert rows and rows[0]["outcome"] == "imposed"


def test_live_blog_entry_dated_by_its_timestamp():
    # the addressee of a letter is not its sender; with no sender shown, no candidate
    text = ("Tariff letters: live\n\n3:40 p.m. ET\nAnother letter, this one to Serbia's president: "
            "a 35% tariff from Aug. 1.\n")
    check(text, "tariff_threats", [], D(2025, 7, 7))
    text = ("Trump threatened a 20% tariff on Brazil on July 1.\n\n3:40 p.m. ET\nAnother letter, "
            "this one to Serbia's president: a 35% tariff from Aug. 1.\n")
    rows = got(text, "tariff_threats", D(2025, 7, 7))
    srb = [r for r in rows if r["target"] == "SRB"]
    assert srb and srb[0]["actor"] == "USA" and srb[0]["event_date"] == "2025-07-07"
    assert srb[0]["rate_pct"] == 35


# --------------------------------------------------------------------------------------------
# Recalls: surnames, the host after the envoy, reasons, suggestions

def test_recall_by_surname_for_consultations():
    text = ("Ambassador Maria Kovacs flew home on Friday.\n\n"
            "Hungary recalled Kovacs for consultations on May 3, the foreign ministry said, "
            "after Slovakia's remarks.")
    rows = got(text, "diplomatic_recalls", D(2024, 5, 10))
    assert any(r["actor"] == "HUN" and r["envoy_name"] == "Maria Kovacs" and
               r["event_date"] == "2024-05-03" for r in rows), rows


@pytest.mark.parametrize("text,expected", [
    ("In May, when Nicaragua cut ties with Israel and Belize and Bahrain recalled their "
     "ambassadors from Tel Aviv after the strike, Brazil waited.",
     [dict(actor="BLZ", target="ISR"), dict(actor="BHR", target="ISR")]),
    ("Moscow recalled Ambassador Ivan Petrov in protest at the American and British strikes.",
     [dict(actor="RUS", target="USA", envoy_name="Ivan Petrov")]),
    ("Lawmakers suggested that Washington recall its ambassador from Managua.", []),
    ("Varios diputados sugirieron que Madrid llame a consultas a su embajador en Caracas.", []),
    ("El Gobierno de Perú llamó este lunes a consultas a su embajador en México.",
     [dict(actor="PER", target="MEX")]),
])
def test_recall_hosts_and_suggestions(text, expected):
    check(text, "diplomatic_recalls", expected, D(2024, 6, 5))


# --------------------------------------------------------------------------------------------
# Decertifications: the statutory finding in other words

@pytest.mark.parametrize("text,expected", [
    ("The memorandum, signed on Friday for fiscal year 2024, designates Haiti, Bolivia and Burma "
     "as countries that failed to meet their counternarcotics obligations.",
     [dict(target="HTI", fiscal_year=2024), dict(target="BOL", fiscal_year=2024),
      dict(target="MMR", fiscal_year=2024)]),
    ("El memorando, firmado el viernes para el año fiscal 2024, señala a Haití y Venezuela como "
     "países que incumplieron sus obligaciones antidrogas.",
     [dict(target="HTI", fiscal_year=2024), dict(target="VEN", fiscal_year=2024)]),
    ("Analistas dicen que Ecuador podría ser señalado como país que incumplió sus obligaciones "
     "antidrogas.", []),
])
def test_decertification_obligations_wording(text, expected):
    check(text, "decertifications", expected, D(2023, 9, 18))


@pytest.mark.parametrize("text,expected", [
    ("El lunes, Trump envió una carta al presidente de Chile con un arancel de veinticinco por "
     "ciento a los productos chilenos a partir de agosto.", [dict(actor="USA", target="CHL", rate_pct=25)]),
    ("On Monday Trump sent Malaysia a letter with a tariff of thirty-two percent on its goods "
     "starting Aug. 1.", [dict(actor="USA", target="MYS", rate_pct=32)]),
    ("Trump once said a tariff of forty percent on Malaysia was fair.", []),
])
def test_tariff_rates_in_words(text, expected):
    check(text, "tariff_threats", expected, D(2025, 7, 9))


# --------------------------------------------------------------------------------------------
# Round 5: recalls whose actor is not the subject; undated co-listed decertifications; "the
# same year / report"; bloc and commodity ranks

@pytest.mark.parametrize("text,expected", [
    # the place recalled to; a statement's own decision is dated by the statement
    ("I have decided to recall to Lima for consultations our ambassadors to Chile and Bolivia.",
     [dict(actor="PER", target="CHL", event_date="2023-05-04"),
      dict(actor="PER", target="BOL", event_date="2023-05-04")]),
    ("The minister said she might recall to Lima our ambassador to Chile.", []),
    # the envoy's nationality, and his name after it
    ("El gobierno decidió ayer llamar a consultas al embajador chileno en Caracas, Pedro Soto Vial, "
     "para analizar la situación.",
     [dict(actor="CHL", target="VEN", envoy_name="Pedro Soto Vial", event_date="2023-05-03")]),
    ("The government recalled the Chilean ambassador's deputy memo.", []),
    # a quoted aside between the verb and the envoy
    ('Colombia llamó el viernes a consultas, "de manera inmediata", a su embajadora en Managua.',
     [dict(actor="COL", target="NIC", event_date="2023-04-28")]),
    # the antecedent of a relative subject; "simultaneously" takes the date just reported
    ("Perú llamó ayer a consultas a su embajador en Caracas. El anuncio se hizo con la cancillería "
     "de Chile, que en forma simultánea dispuso el regreso de su embajador en Venezuela para consultas.",
     [dict(actor="PER", target="VEN", event_date="2023-05-03"),
      dict(actor="CHL", target="VEN", event_date="2023-05-03")]),
    # a clitic object: the envoy named before the verb
    ("La embajadora boliviana, Ana Ruiz Toledo, regresó a Chile el lunes, seis meses después de "
     "que Bolivia la llamara a consultas, en noviembre de 2022.",
     [dict(actor="BOL", target="CHL", envoy_name="Ana Ruiz Toledo", event_date="2022-11-01",
           event_date_precision="month")]),
    # "last <month>"
    ("Riyadh withdrew its ambassador from Ottawa last March in a separate dispute.",
     [dict(actor="SAU", target="CAN", event_date="2023-03-01", event_date_precision="month")]),
])
def test_recall_actor_outside_subject(text, expected):
    check(text, "diplomatic_recalls", expected, D(2023, 5, 4))


def test_nameless_ministry_continues_a_recall():
    text = ("Kenya has recalled its ambassador to Uganda, officials said.\n\n"
            "The ministry said in a statement on Tuesday that it was calling its envoy home for "
            "consultations over Uganda's remarks.")
    rows = got(text, "diplomatic_recalls", D(2023, 5, 4))
    assert {(r["actor"], r["target"], r["event_date"]) for r in rows} == {("KEN", "UGA", "2023-05-02")}
    # no recall reported before: a nameless ministry is no actor
    assert got("The ministry said on Tuesday that it was calling its envoy home from Uganda.",
               "diplomatic_recalls", D(2023, 5, 4)) == []


@pytest.mark.parametrize("text,expected", [
    ("El presidente descertificó ayer a Bolivia para el año fiscal 2005. Haití y Birmania también "
     "fueron descertificados.",
     [dict(target="BOL", fiscal_year=2005), dict(target="HTI", fiscal_year=2005),
      dict(target="MMR", fiscal_year=2005)]),
])
def test_colisted_decertifications_take_the_determination(text, expected):
    check(text, "decertifications", expected, D(2004, 9, 16))


def test_colisted_decertifications_take_the_one_determination_of_the_text():
    text = ("The President decertified Bolivia for fiscal year 2005 on September 15, 2004.\n\n"
            "Burma and Laos were also decertified.")
    rows = got(text, "decertifications", D(2004, 9, 16))
    assert {(r["target"], r["fiscal_year"], r["event_date"]) for r in rows} == {
        ("BOL", 2005, "2004-09-15"), ("MMR", 2005, "2004-09-15"), ("LAO", 2005, "2004-09-15")}


def test_colisted_decertifications_not_filled_across_years():
    text = ("The President decertified Bolivia for fiscal year 2005 on September 15, 2004. He "
            "decertified Haiti for fiscal year 2003 on September 12, 2002.\n\n"
            "Burma and Laos were also decertified.")
    fys = {r["target"]: r["fiscal_year"] for r in got(text, "decertifications", D(2004, 9, 16))}
    assert fys.get("MMR") is None and fys.get("LAO") is None


@pytest.mark.parametrize("text,expected", [
    ("UNODC reported 150,000 hectares of coca in Colombia in 2020, the highest since the survey "
     "began in 2001. ONDCP estimated 212,000 hectares in Colombia for the same year.",
     [dict(year=2020, hectares=150000), dict(year=2020, hectares=212000, estimator="ONDCP")]),
    ("La ONUDD registró 30.500 hectáreas de coca en Bolivia en 2021. En 2020, el área había "
     "alcanzado 29.400 hectáreas, de acuerdo con el mismo informe.",
     [dict(year=2021, estimator="UNODC"), dict(year=2020, hectares=29400, estimator="UNODC")]),
])
def test_coca_same_year_and_same_report(text, expected):
    check(text, "coca_cultivation", expected, D(2022, 6, 1))


@pytest.mark.parametrize("text,expected", [
    ("Uganda is Kenya's leading export market within the East African Community.", []),
    ("Colombia es el principal socio de Ecuador dentro de la Comunidad Andina de Naciones.", []),
    ("Saudi Arabia is India's biggest supplier of crude oil.", []),
    ("China es el primer destino de los envíos chilenos.",
     [dict(reporter="CHL", partner="CHN", rank=1, flow="exports")]),
    ("The United States is India's largest supplier of goods.",
     [dict(reporter="IND", partner="USA", rank=1, flow="imports")]),
])
def test_trade_bloc_and_commodity_ranks(text, expected):
    check(text, "trade_partner_ranks", expected, D(2024, 3, 1))


# --------------------------------------------------------------------------------------------
# Round 6: recalls named away from their sentence, progressive triggers, lists repeating the
# preposition, statements' place-date lines, datelines, headlines; tariffs announced as rate
# increases or rates assigned in lists; decertifications in other words and by pronoun; coca
# figures in words and compared; trade ranks of "the country", "making it", "among its"

@pytest.mark.parametrize("text,published,expected", [
    # a progressive is no passive; "to A and to B" is one list
    ("Late last night the foreign minister announced that France was calling back its "
     "ambassadors to the United States and to Australia for consultations.", D(2021, 9, 18),
     [dict(actor="FRA", target="USA", event_date="2021-09-17"),
      dict(actor="FRA", target="AUS", event_date="2021-09-17")]),
    ("Anoche Perú llamó a consultas a sus embajadores en Chile y en Bolivia.", D(2023, 5, 4),
     [dict(actor="PER", target="CHL", event_date="2023-05-03"),
      dict(actor="PER", target="BOL", event_date="2023-05-03")]),
    ("Peru recalled its ambassador in Chile, and to Bolivia it sent a note.", D(2023, 5, 4),
     [dict(actor="PER", target="CHL")]),
    # "el regreso a <home> de su personal" is a recall; "a <host>" is the return to post
    ("El lunes la cancillería venezolana ordenó el regreso a Caracas de todo su personal "
     "diplomático acreditado en Ecuador.", D(2024, 4, 10),
     [dict(actor="VEN", target="ECU", event_date="2024-04-08")]),
    ("Venezuela anunció el regreso a Quito de su embajador en Ecuador.", D(2024, 4, 10), []),
    ("The United States welcomed the return to Bogotá of its ambassador.", D(2024, 4, 10), []),
    # a parenthetical inside a nominal trigger
    ("Algeria has decided on the withdrawal, with immediate effect, of its ambassador to "
     "Morocco on 3 May 2023.", None, [dict(actor="DZA", target="MAR", event_date="2023-05-03")]),
    ("Chile anunció el retiro, con carácter inmediato, de su embajador en Caracas el 2 de mayo "
     "de 2023.", None, [dict(actor="CHL", target="VEN", event_date="2023-05-02")]),
    # "recall" alone sends a sentence to the recall extractor; honorifics before a surname
    ("Ines Sorensen had been the ambassador in Oslo since 2019. On 2 May 2023 Stockholm "
     "recalled Ms Sorensen over the dispute with Norway.", None,
     [dict(actor="SWE", target="NOR", envoy_name="Ines Sorensen", event_date="2023-05-02")]),
    ("The ambassador was absent. As Stockholm recalled in a statement, the talks with Norway "
     "failed.", None, []),
])
def test_round6_recall_wordings(text, published, expected):
    check(text, "diplomatic_recalls", expected, published)


@pytest.mark.parametrize("text,published,expected", [
    # appositions in a later sentence name each envoy by host
    ("Brazil recalled its ambassadors to Argentina and to Chile on 4 March 2024.\n\n"
     "So Julio Bitelli, who has been ambassador in Buenos Aires since 2020, and Paulo Pacheco, "
     "the ambassador in Santiago de Chile, are flying home.", None,
     [dict(target="ARG", envoy_name="Julio Bitelli"), dict(target="CHL", envoy_name="Paulo Pacheco")]),
    # "the ambassador concerned is ..."; Spanish host first
    ("Algeria decided on 30 July 2024 to recall its ambassador to Portugal.\n\n"
     "NOTE: The ambassador concerned is Karim Haddad, who took up his post in Lisbon in 2023.",
     None, [dict(target="PRT", envoy_name="Karim Haddad")]),
    ("México llamó a consultas a su embajador en Lima el 5 de mayo de 2023.\n\n"
     "Su embajador en Lima, Pablo Monroy Conesa, viajará mañana.", None,
     [dict(target="PER", envoy_name="Pablo Monroy Conesa")]),
    # another state's envoy to the host is not the recalled one
    ("Algeria recalled its ambassador to France on 30 July 2024.\n\n"
     "The Moroccan ambassador in Paris, Samira Sitail, stayed at her post.", None,
     [dict(target="FRA", envoy_name=None)]),
    ("Panamá retiró a su embajador en Caracas el 29 de julio de 2024. El presidente Gustavo "
     "Petro no ha llamado a consultas a su embajador en Caracas, Milton Rengifo.", None,
     [dict(actor="PAN", target="VEN", envoy_name=None)]),
    # "called him home": the envoy noun before the verb, the person named just before
    ("Mr Moussi has been recalled before. On 19 March 2022, while he was ambassador in Madrid, "
     "Algeria called him home for consultations. Said Moussi is a career diplomat.", None,
     [dict(actor="DZA", target="ESP", envoy_name=None)]),  # no full name before: none
    ("Saïd Moussi arrived in 2021. Mr Moussi has been recalled before. On 19 March 2022, while he "
     "was ambassador in Madrid, Algeria called him home for consultations.", None,
     [dict(actor="DZA", target="ESP", envoy_name="Saïd Moussi", event_date="2022-03-19")]),
])
def test_envoy_named_nearby(text, published, expected):
    check(text, "diplomatic_recalls", expected, published)


@pytest.mark.parametrize("text,expected", [
    # a statement headed by a place-date line: its decisions are taken that day
    ("PRESS RELEASE\n\nRabat, 12 May 2024\n\nThe Kingdom of Morocco has decided to recall its "
     "ambassador to Algeria.", [dict(actor="MAR", target="DZA", event_date="2024-05-12")]),
    ("COMUNICADO\n\nLima, 3 de mayo de 2023\n\nEl Perú ha decidido llamar a consultas a su "
     "embajador en Bolivia.", [dict(actor="PER", target="BOL", event_date="2023-05-03")]),
    # a dateline city inside a sentence is no heading
    ("We met in Rabat, 12 May 2024 was the day.\n\nMorocco recalled its ambassador to Algeria.",
     [dict(actor="MAR", target="DZA", event_date=None)]),
    # a Spanish-press dateline: "El Gobierno" is the government of the dateline's city
    ("Caracas. El Gobierno llamó a consultas este miércoles a su embajador en Brasilia.",
     [dict(actor="VEN", target="BRA", event_date="2024-10-30")]),
    ("Caracas. Un diputado pidió llamar a consultas al embajador en Brasilia.", []),
])
def test_statement_headings_and_datelines(text, expected):
    check(text, "diplomatic_recalls", expected, D(2024, 10, 31) if "Caracas" in text else None)


def test_headline_takes_the_lead_not_the_background():
    text = ("Venezuela llama a consultas a su embajador en Brasil\n\n"
            "Venezuela llamó a consultas el 30 de octubre de 2024 a su embajador en Brasilia, "
            "Manuel Vadell.\n\nEl 31 de agosto de 2016 Venezuela retiró a su embajador en Brasil, "
            "Alberto Castellar.")
    rows = got(text, "diplomatic_recalls")
    assert {(r["envoy_name"], r["event_date"]) for r in rows} == {
        ("Manuel Vadell", "2024-10-30"), ("Alberto Castellar", "2016-08-31")}


@pytest.mark.parametrize("text,published,expected", [
    # an announced doubling of tariffs, a doubling of duties (after a wire dateline)
    ("The move answered President Donald Trump's announcement last Friday that he had authorised "
     "a doubling of the tariffs on steel from Turkey, to 50 percent and 20 percent respectively.",
     D(2018, 8, 16), [dict(actor="USA", target="TUR", event_date="2018-08-10", rate_pct=None)]),
    ("ANKARA, Aug 16 (Wire) - Turkey hit back at the United States on Wednesday, doubling import "
     "duties on a range of American goods.", D(2018, 8, 16),
     [dict(actor="TUR", target="USA", event_date="2018-08-15")]),
    ("México duplicó el lunes los aranceles a los productos chinos.", D(2024, 5, 8),
     [dict(actor="MEX", target="CHN", event_date="2024-05-06")]),
    # goods from the target "would face" a tariff; surtaxes and hyphenated rates
    ("On April 2nd, President Donald Trump said goods from Vietnam would face a tariff of 46 per "
     "cent.", D(2025, 7, 5), [dict(actor="USA", target="VNM", rate_pct=46, event_date="2025-04-02")]),
    ("El 2 de abril Trump dijo que los productos de Camboya pagarían un arancel del 49 %.",
     D(2025, 7, 5), [dict(actor="USA", target="KHM", rate_pct=49, event_date="2025-04-02")]),
    ("On Aug. 26, 2024, Ottawa announced that it would impose a 100-per-cent surtax on "
     "Chinese-made electric vehicles.", None, [dict(actor="CAN", target="CHN", rate_pct=100)]),
    # not threats: a possibility, a raise of tariffs in force, goods that "face" nothing stated
    ("Economists warned that Ankara might widen its list of retaliatory tariffs on the U.S.",
     D(2018, 8, 16), []),
    ("Trump said goods from Vietnam would not face a tariff of 46 per cent.", D(2025, 7, 5), []),
    # a scope opening with a function word is no scope
    ("Trump anunció un arancel del 15 % a Costa Rica a partir del 7 de agosto.", D(2025, 7, 31),
     [dict(actor="USA", target="CRI", rate_pct=15, scope=None)]),
])
def test_round6_tariff_wordings(text, published, expected):
    check(text, "tariff_threats", expected, published)


@pytest.mark.parametrize("text,expected", [
    # a rate assigned to a state in a list continues the announcement just reported
    ("On April 2nd, Trump said goods from Vietnam would face a tariff of 46 per cent. Neighbouring "
     "Cambodia was assigned forty-nine per cent.",
     [dict(target="VNM", rate_pct=46), dict(target="KHM", rate_pct=49, event_date="2025-04-02")]),
    ("La Casa Blanca anunció el 31 de julio un arancel del 15 % a Costa Rica. En el mismo documento, "
     "Washington asignó a Nicaragua una tasa del 18 %, mientras que Honduras se mantiene en el 10 %.",
     [dict(target="CRI", rate_pct=15), dict(actor="USA", target="NIC", rate_pct=18,
                                              event_date="2025-07-31")]),
    # no tariff context, or no rate right after the state: nothing
    ("The committee assigned Cambodia forty-nine seats.", []),
    ("Trump announced a tariff of 46% on Vietnam on April 2nd. Cambodia was assigned a new "
     "ambassador.", [dict(target="VNM")]),
])
def test_rates_assigned_in_lists(text, expected):
    check(text, "tariff_threats", expected, D(2025, 8, 8))


@pytest.mark.parametrize("text,published,expected", [
    # "fracasaron de manera demostrable", a state joined by "junto con" before the trigger, and
    # "septiembre pasado"
    ('En septiembre pasado, Estados Unidos volvió a incluir a Bolivia, junto con Venezuela, entre '
     'los países que "fracasaron de manera demostrable" en sus obligaciones antidrogas.',
     D(2016, 7, 14),
     [dict(target="BOL", fiscal_year=2016, event_date="2015-09-01", event_date_precision="month"),
      dict(target="VEN", fiscal_year=2016)]),
    # a pronoun object
    ("For Bolivia, it is the fifth finding since Washington first decertified it in September "
     "2008.", D(2012, 9, 15), [dict(target="BOL", fiscal_year=2009)]),
    ("Washington said it would decertify it in September 2008.", D(2012, 9, 15), []),
    # "once again" is no vague time: the date carries from the sentence before
    ("The White House sent Congress its list on Monday. That distinction, once again, went only "
     "to Bolivia, which the administration found had failed demonstrably.", D(2019, 9, 17),
     [dict(target="BOL", event_date="2019-09-16", fiscal_year=2020)]),
])
def test_round6_decertification_wordings(text, published, expected):
    check(text, "decertifications", expected, published)


@pytest.mark.parametrize("text,expected", [
    # a waiver naming one of the states; "no waiver ... to either" in the next sentence
    ("Bolivia, Burma and Venezuela have failed demonstrably, the President said on Friday, "
     "though he waived the aid penalties for Burma.",
     [dict(target="BOL", waiver=None), dict(target="MMR", waiver=True), dict(target="VEN", waiver=None)]),
    ("Bolivia and Venezuela were decertified on Monday. No waiver was granted to either.",
     [dict(target="BOL", waiver=False), dict(target="VEN", waiver=False)]),
])
def test_round6_waivers(text, expected):
    check(text, "decertifications", expected, D(2019, 9, 17))


@pytest.mark.parametrize("text,expected", [
    # figures in words, English and Spanish; a year after "de" is no crop
    ("La ONUDD registra veinte mil doscientas hectáreas de coca en Bolivia a fines de 2015, un 1 % "
     "menos que las 20.400 hectáreas de 2014.",
     [dict(year=2015, hectares=20200, estimator="UNODC"), dict(year=2014, hectares=20400)]),
    ("The UNODC counted twenty-three thousand hectares of coca in Bolivia in 2016.",
     [dict(year=2016, hectares=23000)]),
    ("La ONUDD contó 23 mil hectáreas de coca en Bolivia en 2016.", [dict(year=2016, hectares=23000)]),
    # a figure compared with: "from 31,000 the year before", "frente a 29.000 en 2014"
    ("Bolivia's coca crop shrank to 27,200 hectares in 2011 from 31,000 the year before, "
     "according to the UNODC.", [dict(year=2011, hectares=27200), dict(year=2010, hectares=31000)]),
    ("Bolivia's coca crop shrank to 27,200 hectares in 2011 from 31 percent the year before.",
     [dict(year=2011, hectares=27200)]),
    # "its coca": the producer of the sentence before, not a state compared with later
    ("Colombia remains the giant of the Andes. The ONDCP estimated its coca cultivation at 208,000 "
     "hectares in 2018, roughly four times Peru's.", [dict(country="COL", year=2018)]),
])
def test_round6_coca_figures(text, expected):
    check(text, "coca_cultivation", expected, D(2019, 9, 17))


@pytest.mark.parametrize("text,expected", [
    # "del país" / "the country's": the state the text is talking about
    ("Las ventas ecuatorianas crecieron. Estados Unidos sigue siendo el principal socio comercial "
     "del país.", [dict(reporter="ECU", partner="USA", rank=1, flow="total")]),
    ("Estados Unidos es el principal socio comercial de Costa Rica. China fue en 2024 el segundo "
     "proveedor del país.", [dict(reporter="CRI", partner="USA"),
                              dict(reporter="CRI", partner="CHN", year=2024, rank=2, flow="imports")]),
    # "making it": the partner is the sentence's subject
    ("In 2024 the United States bought $119.5 billion of Vietnamese goods, about 30 per cent of "
     "everything Vietnam sold abroad, making it the country's single largest export market.",
     [dict(reporter="VNM", partner="USA", year=2024, rank=1, flow="exports")]),
    # a place among its partners
    ("China shipped $144 billion of goods to Vietnam in 2024, ranking first among its suppliers.",
     [dict(reporter="VNM", partner="CHN", year=2024, rank=1, flow="imports")]),
    ("En 2024 Brasil vendió soja a Argentina y ocupó el segundo lugar entre sus proveedores.",
     [dict(reporter="ARG", partner="BRA", year=2024, rank=2, flow="imports")]),
    ("Analysts said China could rank first among its suppliers.", []),
    # "well behind" is no neighbouring rank; one commodity's rank, fronted or in Spanish
    ("The United States was only Turkey's fifth-largest export market last year, well behind "
     "Germany.", [dict(reporter="TUR", partner="USA", rank=5)]),
    ("China is Canada's second-largest trading partner, and for canola it is the biggest "
     "customer by far.", [dict(reporter="CAN", partner="CHN", rank=2)]),
    ("Estados Unidos es el principal socio comercial de Ecuador, y China es el primer comprador de "
     "camarón ecuatoriano.", [dict(reporter="ECU", partner="USA", rank=1)]),
])
def test_round6_trade_ranks(text, expected):
    check(text, "trade_partner_ranks", expected, D(2025, 7, 5))


# --------------------------------------------------------------------------------------------
# Round 7: discourse-level dates and hosts, names in any Latin alphabet, negated certification

@pytest.mark.parametrize("text,published,expected", [
    # a section heading that is a date (or a label and a date) dates its undated entries
    ("Recalls tracker\n\nTurkey (Nov. 4, 2023)\n\nAnkara recalled its ambassador from Israel for "
     "consultations.\n", D(2024, 2, 21), [dict(actor="TUR", target="ISR", event_date="2023-11-04")]),
    ("For Immediate Release\nSeptember 15, 2005\n\nToday the Government of Peru recalled its "
     "ambassador from Caracas.\n", D(2005, 9, 15),
     [dict(actor="PER", target="VEN", event_date="2005-09-15")]),
    # a heading with no date ends the dated section
    ("Turkey (Nov. 4, 2023)\n\nSome background here.\n\nOther governments\n\nJordan recalled its "
     "ambassador from Israel.\n", D(2024, 2, 21), [dict(actor="JOR", target="ISR", event_date=None)]),
    # "on the same Saturday": the date named last, not the last Saturday before publication
    ("Turkey (Nov. 4, 2023)\n\nOn the same Saturday, Chad's government said it had recalled its "
     "chargé d'affaires in Israel for consultations.\n", D(2024, 2, 21),
     [dict(actor="TCD", target="ISR", event_date="2023-11-04", envoy_rank="charge_d_affaires")]),
    ("El mismo sábado, Bolivia llamó a consultas a su embajador en Lima.", D(2024, 2, 21),
     [dict(actor="BOL", target="PER", event_date="2024-02-17")]),  # no date before: the weekday
    # the next sentence reports the announcement of the event, with its date
    ("Riyadh called its own envoy home from Ottawa. The ministry announced the measures on "
     "Twitter late Sunday.", D(2018, 8, 6),
     [dict(actor="SAU", target="CAN", event_date="2018-08-05")]),
    ("Caracas retiró a su embajador en Lima. La Cancillería anunció la medida el lunes por la "
     "noche.", D(2024, 5, 22), [dict(actor="VEN", target="PER", event_date="2024-05-20")]),
    ("Riyadh called its own envoy home from Ottawa. Analysts met on Monday.", D(2018, 8, 6),
     [dict(actor="SAU", target="CAN", event_date=None)]),
])
def test_discourse_dates(text, published, expected):
    check(text, "diplomatic_recalls", expected, published)


@pytest.mark.parametrize("text,published,expected", [
    # a date in a clause after the trigger about another event is not the recall's
    ("Jordan recalled its ambassador from Israel and said Israel's envoy, who had left after "
     "Oct. 7, should not return.", D(2023, 11, 2), [dict(actor="JOR", event_date=None)]),
    ("El Gobierno dio ayer un paso más. España retira a su embajadora en Buenos Aires, después de "
     "que Milei la insultara el domingo.", D(2024, 5, 22),
     [dict(actor="ESP", target="ARG", event_date="2024-05-21")]),
    # a trigger in a clause dated from the main one ("hours after ... proposed")
    ("China on Wednesday unveiled plans for 25 percent tariffs on 106 U.S. products, hours after "
     "the Trump administration proposed duties on 1,300 Chinese goods.", D(2018, 4, 4),
     [dict(actor="CHN", target="USA", event_date="2018-04-04"), dict(actor="USA", target="CHN",
                                                                     event_date=None)]),
    # "in September last year", "el 1 de marzo del año pasado": that month / day of last year
    ("In September last year, Peru recalled its ambassador from Mexico.", D(2024, 7, 16),
     [dict(event_date="2023-09-01", event_date_precision="month")]),
    ("Perú retiró a su embajador en México el 1 de marzo del año pasado.", D(2024, 7, 16),
     [dict(event_date="2023-03-01", event_date_precision="day")]),
])
def test_dates_of_other_clauses(text, published, expected):
    table = "tariff_threats" if "tariff" in text else "diplomatic_recalls"
    check(text, table, expected, published)


@pytest.mark.parametrize("text,expected", [
    # "I decided ... to call our two ambassadors ... back to Paris": the speaker's state
    ("Because of the announcements made by Australia and the United States, I decided yesterday "
     "evening to call our two ambassadors, in Washington and in Canberra, back to Paris.",
     [dict(actor="FRA", target="USA"), dict(actor="FRA", target="AUS")]),
    ("Tras las declaraciones de Argentina, decidimos llamar a consultas a nuestro embajador en "
     "Buenos Aires.", []),  # no state to go home to and no speaker: nothing invented
    # "citing ... Gaza": a reason is no host; the host the text's other recalls share is
    ("Brazil recalled its ambassador from Israel on Monday. Ankara recalled its ambassador for "
     "consultations, citing the tragedy in Gaza and Israel's refusal of a ceasefire.",
     [dict(actor="BRA", target="ISR"), dict(actor="TUR", target="ISR")]),
    # a post in a region is no state: no host falls back from elsewhere in the sentence
    ("La última vez que un Gobierno español llamó a consultas a un jefe de misión en América "
     "Latina fue hace una década, recuerdan fuentes con intereses en Argentina.", []),
    ("The last time Italy withdrew an envoy in the Middle East was in 2012, officials in Cairo said.", []),
    # "sin" / "without" before a noun is no negation of the verb
    ("El ministro anunció en una comparecencia sin preguntas que España retira a su embajadora en "
     "Buenos Aires.", [dict(actor="ESP", target="ARG")]),
    ("Sin embargo, Colombia llamó a consultas a su embajador en Caracas.",
     [dict(actor="COL", target="VEN")]),
    ("Colombia protestó sin retirar a su embajador en Caracas.", []),
    ("Chile protested without recalling its ambassador from Lima.", []),
])
def test_recall_actor_and_host_in_discourse(text, expected):
    check(text, "diplomatic_recalls", expected, D(2021, 9, 18))


@pytest.mark.parametrize("text,expected", [
    # names in any Latin alphabet
    ("Ankara recalled its ambassador from Israel. The diplomat, Şakir Özkan Torunlar, had "
     "presented his credentials a year earlier.", [dict(envoy_name="Şakir Özkan Torunlar")]),
    ("Warsaw recalled its ambassador from Minsk. The diplomat, Łukasz Żelazny, left on Friday.",
     [dict(envoy_name="Łukasz Żelazny")]),
    # named two paragraphs on, or as the subject of his own return for consultations
    ("España retira a su embajadora en Buenos Aires.\n\n\"Ante la ausencia de rectificación\", "
     "dijo el ministro.\n\nLa diplomática, María Jesús Alonso Jiménez, llegó en 2021.",
     [dict(envoy_name="María Jesús Alonso Jiménez")]),
    ("France called home its ambassador from Rome in February 2019.\n\nChristian Masset came back "
     "for consultations after a series of provocations.", [dict(envoy_name="Christian Masset")]),
    ("France called home its ambassador from Rome in February 2019.\n\nChristian Masset spoke "
     "to reporters after a series of provocations.", [dict(envoy_name=None)]),
    # "Chad" is the state only next to a state's institution
    ("Chad's government said it had recalled its chargé d'affaires in Israel.",
     [dict(actor="TCD", target="ISR")]),
    ("Chad Wolf said Mexico had recalled its ambassador from Peru.",
     [dict(actor="MEX", target="PER")]),
])
def test_envoys_named_in_discourse(text, expected):
    check(text, "diplomatic_recalls", expected, D(2023, 11, 6))


@pytest.mark.parametrize("text,expected", [
    # a negated certification is a decertification, with the waiver the sentence grants
    ("Otros dos países, Paraguay y Pakistán, no fueron certificados como cooperantes, pero "
     "recibieron la exención por interés nacional.",
     [dict(target="PRY", status="decertified", waiver=True),
      dict(target="PAK", status="decertified", waiver=True)]),
    ("Paraguay was not certified as cooperating.", [dict(target="PRY", status="decertified")]),
    # a certified participle after a relative clause: the subject before the clause
    ("Bolivia, que estuvo a punto de correr la misma suerte que Colombia, también fue certificada.",
     [dict(target="BOL", status="certified")]),
    ("El certificado de origen de Colombia fue revisado.", []),
    # a purpose is no determination
    ("Varios legisladores presentarán una resolución para descertificar a México.", []),
    ("Senators filed a resolution to decertify Mexico.", []),
    # the statute's words for a waiver, in the paragraph after the designation
    ("I hereby designate Burma and Venezuela as countries that have failed demonstrably.\n\n"
     "I have also determined that support for Venezuela's democratic institutions is vital to "
     "the national interests of the United States.",
     [dict(target="MMR", waiver=None), dict(target="VEN", waiver=True)]),
])
def test_round7_decertification_wordings(text, expected):
    check(text, "decertifications", expected, D(1997, 3, 1))


def test_undated_countries_take_the_latest_determination():
    text = ("Washington decidió ayer descertificar a Colombia, y repite la del 1 de marzo del año "
            "pasado, cuando Colombia fue descertificada.\n\nBolivia también fue certificada.")
    rows = got(text, "decertifications", D(1997, 3, 1))
    bol = [r for r in rows if r["target"] == "BOL"]
    assert bol and bol[0]["fiscal_year"] == 1997 and bol[0]["event_date"] == "1997-02-28", rows


@pytest.mark.parametrize("text,expected", [
    # a published list of proposed tariffs is a threat
    ("The U.S. Trade Representative on Tuesday proposed duties on 1,300 Chinese goods.",
     [dict(actor="USA", target="CHN")]),
    ("China on Wednesday unveiled plans for 25 percent tariffs on 106 U.S. products.",
     [dict(actor="CHN", target="USA", rate_pct=25)]),
    ("China could unveil plans for tariffs on U.S. products.", []),
])
def test_proposed_tariffs(text, expected):
    check(text, "tariff_threats", expected, D(2018, 4, 4))
