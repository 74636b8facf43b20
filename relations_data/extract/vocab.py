"""Vocabularies used by :mod:`relations_data.extract`.

Plain data only (no imports beyond the standard library), so that importing it is cheap. Each
table maps a surface form as it appears in running text to an ISO 3166-1 alpha-3 code; forms
mapped to ``None`` are *blockers*: longer phrases that contain a country word but do not name
the country ("Latin America", "New Mexico", "Washington Post"). The country recogniser tries
the longest form first, so a blocker hides the shorter form inside it.
"""

from __future__ import annotations

# Columns of each table, in schema order (schemas/<table>.yaml; tests check they agree).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "coca_cultivation": ("country", "year", "hectares", "estimator", "cocaine_tonnes"),
    "trade_partner_ranks": ("reporter", "partner", "year", "rank", "flow"),
    "decertifications": (
        "actor", "target", "event_date", "event_date_precision", "fiscal_year", "status", "waiver",
    ),
    "tariff_threats": (
        "actor", "target", "event_date", "event_date_precision", "rate_pct",
        "escalation_rate_pct", "scope", "trigger", "outcome", "imposed_effective_date",
    ),
    "diplomatic_recalls": (
        "actor", "target", "envoy_name", "envoy_rank", "event_date", "event_date_precision",
        "return_date", "reason",
    ),
}

NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "coca_cultivation": ("country", "year", "estimator"),
    "trade_partner_ranks": ("reporter", "partner", "year", "flow"),
    "decertifications": ("actor", "target", "fiscal_year"),
    "tariff_threats": ("actor", "target", "event_date"),
    "diplomatic_recalls": ("actor", "target", "envoy_name", "event_date"),
}

# Extra names (English and Spanish) beyond pycountry's name/common_name/official_name.
# "CODE: form; form; ..." one country per line.
_ALIASES = """
USA: United States; United States of America; U.S.; U.S.A.; US; USA; America; the States; Estados Unidos; EE.UU.; EE. UU.; EEUU; EUA; Norteamérica
GBR: Britain; Great Britain; UK; U.K.; United Kingdom; England; Scotland; Wales; Reino Unido; Gran Bretaña; Inglaterra
RUS: Russia; Rusia
KOR: South Korea; Korea; Corea del Sur
PRK: North Korea; Corea del Norte
IRN: Iran; Irán
SYR: Syria; Siria
VNM: Vietnam; Viet Nam
LAO: Laos
BOL: Bolivia
VEN: Venezuela
TZA: Tanzania
MDA: Moldova
TWN: Taiwan; Taiwán
CZE: Czech Republic; Czechia; República Checa
CIV: Ivory Coast; Côte d'Ivoire; Cote d'Ivoire; Costa de Marfil
COD: Democratic Republic of the Congo; Democratic Republic of Congo; DR Congo; DRC; Congo; Congo-Kinshasa; República Democrática del Congo
COG: Republic of the Congo; Congo-Brazzaville
TUR: Turkey; Türkiye; Turquía
NLD: Netherlands; the Netherlands; Holland; Países Bajos; Holanda
PSE: Palestine; Palestina; Gaza; West Bank
MKD: Macedonia; North Macedonia
MMR: Myanmar; Burma; Birmania
SWZ: Swaziland; Eswatini
CPV: Cape Verde; Cabo Verde
BRN: Brunei
VAT: Vatican; Holy See; Vaticano
FSM: Micronesia
ARE: UAE; United Arab Emirates; Emiratos Árabes Unidos
XKX: Kosovo
MEX: México; Méjico
PER: Perú
BRA: Brasil
ESP: España
DEU: Alemania
FRA: Francia
ITA: Italia
JPN: Japón
CAN: Canadá
PAN: Panamá
HTI: Haití
DOM: República Dominicana
BEL: Bélgica
CHE: Suiza
SWE: Suecia
NOR: Noruega
DNK: Dinamarca
FIN: Finlandia
POL: Polonia
UKR: Ucrania
IRQ: Irak
ISR: Israel
EGY: Egipto
ZAF: South Africa; Sudáfrica
IND: India
PAK: Pakistán
AFG: Afganistán
SAU: Saudi Arabia; Arabia Saudita; Arabia Saudí
MAR: Marruecos
DZA: Argelia
NZL: Nueva Zelanda
GRC: Grecia
IRL: Irlanda
HUN: Hungría
AUT: Austria
PRT: Portugal
CUB: Cuba
NIC: Nicaragua
HND: Honduras
SLV: El Salvador
GTM: Guatemala
CRI: Costa Rica
ECU: Ecuador
PRY: Paraguay
URY: Uruguay
CHL: Chile
ARG: Argentina
GUY: Guyana
SUR: Surinam; Suriname
BLZ: Belice
JAM: Jamaica
TTO: Trinidad and Tobago; Trinidad y Tobago
PHL: Philippines; Filipinas
MYS: Malasia
IDN: Indonesia
THA: Tailandia
SGP: Singapur
KAZ: Kazajistán
NGA: Nigeria
"""

# Demonyms (adjectives and plural nouns), English and Spanish (Spanish ones are lower-case).
_DEMONYMS = """
USA: American; Americans; U.S.-based; estadounidense; estadounidenses; norteamericano; norteamericana; norteamericanos; norteamericanas
COL: Colombian; Colombians; colombiano; colombiana; colombianos; colombianas
MEX: Mexican; Mexicans; mexicano; mexicana; mexicanos; mexicanas
PER: Peruvian; Peruvians; peruano; peruana; peruanos; peruanas
BOL: Bolivian; Bolivians; boliviano; boliviana; bolivianos; bolivianas
ECU: Ecuadorian; Ecuadorean; Ecuadorians; ecuatoriano; ecuatoriana; ecuatorianos; ecuatorianas
VEN: Venezuelan; Venezuelans; venezolano; venezolana; venezolanos; venezolanas
BRA: Brazilian; Brazilians; brasileño; brasileña; brasileños; brasileñas
ARG: Argentine; Argentinian; Argentines; Argentinians; argentino; argentina; argentinos; argentinas
CHL: Chilean; Chileans; chileno; chilena; chilenos; chilenas
PRY: Paraguayan; Paraguayans; paraguayo; paraguaya; paraguayos
URY: Uruguayan; Uruguayans; uruguayo; uruguaya; uruguayos
PAN: Panamanian; Panamanians; panameño; panameña; panameños
CRI: Costa Rican; Costa Ricans; costarricense; costarricenses
NIC: Nicaraguan; Nicaraguans; nicaragüense; nicaragüenses
HND: Honduran; Hondurans; hondureño; hondureña; hondureños
SLV: Salvadoran; Salvadorean; Salvadorans; salvadoreño; salvadoreña; salvadoreños
GTM: Guatemalan; Guatemalans; guatemalteco; guatemalteca; guatemaltecos
CUB: Cuban; Cubans; cubano; cubana; cubanos
DOM: Dominican; Dominicans; dominicano; dominicana; dominicanos
HTI: Haitian; Haitians; haitiano; haitiana; haitianos
JAM: Jamaican; Jamaicans
CAN: Canadian; Canadians; canadiense; canadienses
CHN: Chinese; chino; china; chinos; chinas
JPN: Japanese; japonés; japonesa; japoneses
KOR: South Korean; South Koreans; surcoreano; surcoreana
PRK: North Korean; North Koreans; norcoreano; norcoreana
IND: Indian; Indians
PAK: Pakistani; Pakistanis
AFG: Afghan; Afghans; afgano; afgana
IRN: Iranian; Iranians; iraní; iraníes
IRQ: Iraqi; Iraqis; iraquí
SYR: Syrian; Syrians; sirio; siria
ISR: Israeli; Israelis; israelí; israelíes
PSE: Palestinian; Palestinians; palestino; palestina; palestinos
SAU: Saudi; Saudis; saudí; saudíes
TUR: Turkish; Turks; turco; turca; turcos
EGY: Egyptian; Egyptians; egipcio; egipcia
RUS: Russian; Russians; ruso; rusa; rusos; rusas
UKR: Ukrainian; Ukrainians; ucraniano; ucraniana; ucranianos
BLR: Belarusian; Belarusians
POL: Polish; Poles; polaco; polaca
DEU: German; Germans; alemán; alemana; alemanes
FRA: French; francés; francesa; franceses
GBR: British; Briton; Britons; británico; británica; británicos
ESP: Spaniards; español; española; españoles
ITA: Italian; Italians; italiano; italiana; italianos
PRT: Portuguese; portugués; portuguesa
NLD: Dutch; neerlandés; holandés; holandesa
BEL: Belgian; Belgians; belga; belgas
CHE: Swiss; suizo; suiza
AUT: Austrian; Austrians
SWE: Swedish; Swedes; sueco; sueca
NOR: Norwegian; Norwegians; noruego; noruega
DNK: Danish; Danes; danés; danesa
FIN: Finnish; Finns
IRL: Irish; irlandés
GRC: Greek; Greeks; griego; griega
HUN: Hungarian; Hungarians; húngaro; húngara
AUS: Australian; Australians; australiano; australiana
NZL: New Zealander; New Zealanders; neozelandés
ZAF: South African; South Africans; sudafricano; sudafricana
NGA: Nigerian; Nigerians
KEN: Kenyan; Kenyans
ETH: Ethiopian; Ethiopians
MAR: Moroccan; Moroccans; marroquí
DZA: Algerian; Algerians; argelino
VNM: Vietnamese; vietnamita
THA: Thai; tailandés
PHL: Filipino; Filipinos; Philippine; filipino; filipina
IDN: Indonesian; Indonesians; indonesio
MYS: Malaysian; Malaysians
SGP: Singaporean; Singaporeans
TWN: Taiwanese; taiwanés
MMR: Burmese
BGD: Bangladeshi; Bangladeshis
QAT: Qatari; Qataris; catarí
ARE: Emirati; Emiratis
KAZ: Kazakh; Kazakhstani
GUY: Guyanese
SUR: Surinamese
TTO: Trinidadian
"""

# Capitals and seats of government used as metonyms for the state.
_CAPITALS = """
USA: Washington; Washington, D.C.; Washington D.C.; Washington DC; White House; the White House; State Department; Department of State; Pentagon; Casa Blanca; Departamento de Estado; Capitol Hill
COL: Bogotá; Bogota; Casa de Nariño; Nariño Palace; Palacio de Nariño; Cancillería colombiana
MEX: Mexico City; Ciudad de México; Los Pinos; Palacio Nacional
PER: Lima
BOL: La Paz; Sucre
ECU: Quito; Carondelet
VEN: Caracas; Miraflores
BRA: Brasília; Brasilia; Planalto
ARG: Buenos Aires; Casa Rosada
CHL: Santiago de Chile; La Moneda
URY: Montevideo
PRY: Asunción; Asuncion
PAN: Panama City; Ciudad de Panamá
CRI: San José de Costa Rica
NIC: Managua
HND: Tegucigalpa
SLV: San Salvador
GTM: Guatemala City; Ciudad de Guatemala
CUB: Havana; La Habana
DOM: Santo Domingo
HTI: Port-au-Prince; Puerto Príncipe
CAN: Ottawa
CHN: Beijing; Peking; Pekín; Zhongnanhai
JPN: Tokyo; Tokio
KOR: Seoul; Seúl
PRK: Pyongyang
IND: New Delhi; Nueva Delhi
PAK: Islamabad
AFG: Kabul
IRN: Tehran; Teherán
IRQ: Baghdad; Bagdad
SYR: Damascus; Damasco
ISR: Jerusalem; Jerusalén; Tel Aviv
SAU: Riyadh; Riad
TUR: Ankara
EGY: Cairo; El Cairo
RUS: Moscow; Moscú; Kremlin
UKR: Kyiv; Kiev
POL: Warsaw; Varsovia
DEU: Berlin; Berlín
FRA: Paris; París; Élysée; Elysee
GBR: London; Londres; Downing Street; Whitehall
ESP: Madrid; La Moncloa; Moncloa
ITA: Rome; Roma
PRT: Lisbon; Lisboa
NLD: Amsterdam; The Hague; La Haya
BEL: Brussels; Bruselas
CHE: Bern; Berna
AUT: Vienna; Viena
SWE: Stockholm; Estocolmo
NOR: Oslo
DNK: Copenhagen; Copenhague
FIN: Helsinki
IRL: Dublin; Dublín
GRC: Athens; Atenas
HUN: Budapest
AUS: Canberra
NZL: Wellington
ZAF: Pretoria
NGA: Abuja
KEN: Nairobi
ETH: Addis Ababa
VNM: Hanoi
THA: Bangkok
PHL: Manila
IDN: Jakarta; Yakarta
MYS: Kuala Lumpur
TWN: Taipei
QAT: Doha
ARE: Abu Dhabi
BLR: Minsk
"""

# Heads of state or government and foreign ministers, as the press names them.
_LEADERS = """
USA: Trump; Donald Trump; Donald J. Trump; Biden; Joe Biden; Obama; Barack Obama; Rubio; Marco Rubio; Blinken; Antony Blinken; Landau; Christopher Landau; Bessent; Scott Bessent; Lutnick; Howard Lutnick; Vance; JD Vance; J.D. Vance; Hegseth; Pete Hegseth; Leavitt; Karoline Leavitt
COL: Petro; Gustavo Petro; Gustavo Petro Urrego; Francia Márquez; Duque; Iván Duque; Ivan Duque; Juan Manuel Santos; Álvaro Uribe; Alvaro Uribe; Laura Sarabia; Luis Gilberto Murillo; Álvaro Leyva; Alvaro Leyva; Rosa Villavicencio; Yolanda Villavicencio
VEN: Maduro; Nicolás Maduro; Nicolas Maduro; Delcy Rodríguez; Hugo Chávez; Chávez
BRA: Lula; Luiz Inácio Lula da Silva; Lula da Silva; Bolsonaro; Jair Bolsonaro
ARG: Milei; Javier Milei
MEX: Sheinbaum; Claudia Sheinbaum; López Obrador; Andrés Manuel López Obrador; AMLO
PER: Boluarte; Dina Boluarte
ECU: Noboa; Daniel Noboa
BOL: Luis Arce; Evo Morales; Rodrigo Paz
CHL: Boric; Gabriel Boric
SLV: Bukele; Nayib Bukele
NIC: Daniel Ortega
CUB: Díaz-Canel; Miguel Díaz-Canel
PAN: Mulino; José Raúl Mulino
CHN: Xi; Xi Jinping; Li Qiang; Wang Yi
RUS: Putin; Vladimir Putin; Lavrov; Sergei Lavrov
UKR: Zelensky; Zelenskyy; Volodymyr Zelensky; Volodymyr Zelenskyy
IND: Modi; Narendra Modi
CAN: Trudeau; Justin Trudeau; Mark Carney
FRA: Macron; Emmanuel Macron
GBR: Starmer; Keir Starmer
DEU: Scholz; Olaf Scholz; Friedrich Merz
ITA: Meloni; Giorgia Meloni
TUR: Erdogan; Erdoğan; Recep Tayyip Erdogan; Recep Tayyip Erdoğan
ISR: Netanyahu; Benjamin Netanyahu
JPN: Ishiba; Shigeru Ishiba; Kishida; Fumio Kishida
ZAF: Ramaphosa; Cyril Ramaphosa
PRK: Kim Jong Un; Kim Jong-un
IRN: Khamenei; Pezeshkian
"""

# Blockers: phrases containing a country word that do not denote that country.
_BLOCKERS = """
Latin America; Latin American; Latin Americans; South America; South American; South Americans; Central America; Central American; Central Americans; North America; North American; North Americans; Middle America; Ibero-America; the Americas; Americas; América Latina; Latinoamérica; Sudamérica; Suramérica; Centroamérica; Norteamérica del
New Mexico; Gulf of Mexico; Gulf of America; British Columbia; Indian Ocean; American Samoa; New Guinea; Papua New Guinea; Washington Post; George Washington; Washington State; Washington state; Washington Consensus; China Daily; China Sea; South China Sea; East China Sea; Panama Canal; Canal de Panamá; New Jersey; Jersey; Colombia University; Columbia University; Georgia Tech; Indian Council of World Affairs; Chinese New Year; Turkey Point; Plan Colombia; Jordan River; Georgetown University; Armenia, Quindío; Sri Lanka's Colombo; American Airlines; American Express; Chad Wolf; Peru Libre
"""


def _parse_table(block: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for line in block.strip().splitlines():
        code, _, forms = line.partition(":")
        for form in forms.split(";"):
            form = form.strip()
            if form:
                out.setdefault(form, code.strip())
    return out


def surface_forms() -> dict[str, tuple[str | None, str]]:
    """Map each surface form to (alpha-3 code or None, kind)."""
    forms: dict[str, tuple[str | None, str]] = {}
    from relations_data.extract.gazetteer import WORLD_CAPITALS, WORLD_DEMONYMS

    for block, kind in ((_LEADERS, "leader"), (_CAPITALS, "capital"), (_DEMONYMS, "demonym"),
                        (_ALIASES, "name"), (WORLD_CAPITALS, "capital"),
                        (WORLD_DEMONYMS, "demonym")):
        for form, code in _parse_table(block).items():
            forms.setdefault(form, (code, kind))
    for line in _BLOCKERS.strip().splitlines():
        for form in line.split(";"):
            form = form.strip()
            if form:
                forms[form] = (None, "blocker")
    return forms


# pycountry names too ambiguous in running text to count as the country.
AMBIGUOUS_NAMES = frozenset({"Jersey", "Chad", "Man", "Reunion", "Christmas Island"})

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
    "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5,
    "sexto": 6, "séptimo": 7, "octavo": 8, "noveno": 9, "décimo": 10,
}
# Sentence-final abbreviations that do not end a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr st jr sr sra sres dra gen sen rep gov pres lt col capt sgt prof inc corp co ltd
no nos vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.u d.c a.m p.m
e.g i.e ee.uu approx est fig op al ft
""".split())

# Coca-producing countries, preferred when a coca sentence names several states.
COCA_PRODUCERS = ("COL", "PER", "BOL")
