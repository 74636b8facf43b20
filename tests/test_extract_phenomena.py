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
