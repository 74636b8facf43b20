"""A world gazetteer for the country recogniser: capitals (English and Spanish spellings) and
demonyms of every UN member state and a few others, beyond the hand-picked forms of
:mod:`relations_data.extract.vocab` (which win where both give a form).

The press names states by their capitals ("Tokyo recalled its ambassador", "Pekín anunció
aranceles") and by adjectives ("Kenyan goods"); an extractor that knows only the Americas
mistakes the host state of a recall for a third state named nearby. Plain data, standard
library only. Spanish adjectives are lower case in running text, so only the capitalised
English forms and the lower-case Spanish ones are listed (a Spanish demonym identical to a
common word -- "china" the porcelain aside -- is left out).

Capitals that are also common words or cities elsewhere (Victoria, Kingston is kept as
Jamaica's; Male, Praia...) are left out, as are names too ambiguous to be a state (Spanish
"Reunión" is "meeting", "Granada" and "Guadalupe" are Spanish places and names).
"""

from __future__ import annotations

# "CODE: capital; capital; ..."
WORLD_CAPITALS = """
AFG: Kabul
ALB: Tirana
DZA: Algiers; Argel
AND: Andorra la Vella
AGO: Luanda
ATG: St. John's
ARG: Buenos Aires
ARM: Yerevan; Ereván
AUS: Canberra
AUT: Vienna; Viena
AZE: Baku; Bakú
BHS: Nassau
BHR: Manama
BGD: Dhaka; Daca
BRB: Bridgetown
BLR: Minsk
BEL: Brussels; Bruselas
BLZ: Belmopan
BEN: Porto-Novo; Porto Novo; Cotonou
BTN: Thimphu
BOL: La Paz; Sucre; Palacio Quemado
BIH: Sarajevo
BWA: Gaborone
BRA: Brasília; Brasilia; Planalto; Itamaraty
BRN: Bandar Seri Begawan
BFA: Ouagadougou; Uagadugú
BDI: Gitega; Bujumbura
KHM: Phnom Penh; Nom Pen
CMR: Yaoundé; Yaounde
CAN: Ottawa
CPV: Praia
CAF: Bangui
TCD: N'Djamena; Yamena
CHL: Santiago de Chile; La Moneda
CHN: Beijing; Peking; Pekín; Zhongnanhai
COL: Bogotá; Bogota; Casa de Nariño; Nariño Palace; Palacio de Nariño; San Carlos Palace; Palacio de San Carlos
COG: Brazzaville
COD: Kinshasa
CRI: San José de Costa Rica
CIV: Yamoussoukro; Abidjan
HRV: Zagreb
CUB: Havana; La Habana
CYP: Nicosia
CZE: Prague; Praga
DNK: Copenhagen; Copenhague
DJI: Yibuti
DMA: Roseau
DOM: Santo Domingo
ECU: Quito; Carondelet
EGY: Cairo; El Cairo
SLV: San Salvador
GNQ: Malabo
ERI: Asmara
EST: Tallinn
SWZ: Mbabane
ETH: Addis Ababa; Adís Abeba; Addis Abeba
FJI: Suva
FIN: Helsinki
FRA: Paris; París; Élysée; Elysee; Quai d'Orsay
GAB: Libreville
GMB: Banjul
GEO: Tbilisi
DEU: Berlin; Berlín
GHA: Accra
GRC: Athens; Atenas
GRD: St. George's
GTM: Guatemala City; Ciudad de Guatemala
GIN: Conakry
GNB: Bissau
GUY: Georgetown
HTI: Port-au-Prince; Puerto Príncipe
HND: Tegucigalpa
HUN: Budapest
ISL: Reykjavik; Reykjavík
IND: New Delhi; Nueva Delhi; Nueva Deli
IDN: Jakarta; Yakarta
IRN: Tehran; Teherán; Teheran
IRQ: Baghdad; Bagdad
IRL: Dublin; Dublín
ISR: Jerusalem; Jerusalén; Tel Aviv
ITA: Rome; Roma; Palazzo Chigi; Farnesina
JAM: Kingston
JPN: Tokyo; Tokio
JOR: Amman; Amán
KAZ: Astana; Nur-Sultan
KEN: Nairobi
KWT: Kuwait City
KGZ: Bishkek; Biskek
LAO: Vientiane
LVA: Riga
LBN: Beirut
LSO: Maseru
LBR: Monrovia
LBY: Tripoli; Trípoli
LIE: Vaduz
LTU: Vilnius; Vilna
LUX: Luxembourg City
MDG: Antananarivo
MWI: Lilongwe
MYS: Kuala Lumpur; Putrajaya
MLI: Bamako
MLT: Valletta; La Valeta
MRT: Nouakchott
MUS: Port Louis
MEX: Mexico City; Ciudad de México; Los Pinos; Palacio Nacional
MDA: Chisinau; Chișinău; Chisináu
MNG: Ulaanbaatar; Ulan Bator
MNE: Podgorica
MAR: Rabat
MOZ: Maputo
MMR: Naypyidaw; Naypyitaw; Yangon; Rangoon
NAM: Windhoek
NPL: Kathmandu; Katmandú
NLD: Amsterdam; The Hague; La Haya
NZL: Wellington
NIC: Managua
NER: Niamey
NGA: Abuja
PRK: Pyongyang; Pionyang
MKD: Skopje
NOR: Oslo
OMN: Muscat; Mascate
PAK: Islamabad
PSE: Ramallah
PAN: Panama City; Ciudad de Panamá
PNG: Port Moresby
PRY: Asunción; Asuncion
PER: Lima; Torre Tagle; Palacio de Gobierno del Perú
PHL: Manila; Malacañang
POL: Warsaw; Varsovia
PRT: Lisbon; Lisboa
QAT: Doha
ROU: Bucharest; Bucarest
RUS: Moscow; Moscú; Kremlin; Kremlín
RWA: Kigali
SAU: Riyadh; Riad
SEN: Dakar
SRB: Belgrade; Belgrado
SLE: Freetown
SGP: Singapore City
SVK: Bratislava
SVN: Ljubljana; Liubliana
SOM: Mogadishu; Mogadiscio
ZAF: Pretoria
KOR: Seoul; Seúl
SSD: Juba
ESP: Madrid; La Moncloa; Moncloa
LKA: Colombo
SDN: Khartoum; Jartum; Port Sudan
SUR: Paramaribo
SWE: Stockholm; Estocolmo
CHE: Bern; Berna
SYR: Damascus; Damasco
TWN: Taipei; Taipéi
TJK: Dushanbe
TZA: Dodoma; Dar es Salaam
THA: Bangkok
TLS: Dili
TGO: Lomé
TTO: Port of Spain; Puerto España
TUN: Tunis
TUR: Ankara
TKM: Ashgabat
UGA: Kampala
UKR: Kyiv; Kiev
ARE: Abu Dhabi; Abu Dabi
GBR: London; Londres; Downing Street; Whitehall
USA: Washington; Washington, D.C.; Washington D.C.; Washington DC; White House; the White House; State Department; Department of State; Pentagon; Casa Blanca; Departamento de Estado; Capitol Hill
URY: Montevideo
UZB: Tashkent; Taskent
VAT: Vatican City
VEN: Caracas; Miraflores
VNM: Hanoi; Hanói
YEM: Sanaa; Saná; Aden
ZMB: Lusaka
ZWE: Harare
"""

# English demonyms (capitalised) and Spanish ones (lower case): "CODE: form; form; ..."
WORLD_DEMONYMS = """
AFG: Afghan; Afghans; afgano; afgana; afganos
ALB: Albanian; Albanians; albanés; albanesa
DZA: Algerian; Algerians; argelino; argelina; argelinos
AGO: Angolan; Angolans; angoleño; angoleña
ARG: Argentine; Argentinian; Argentines; Argentinians; argentino; argentina; argentinos; argentinas
ARM: Armenian; Armenians; armenio; armenia
AUS: Australian; Australians; australiano; australiana; australianos
AUT: Austrian; Austrians; austriaco; austriaca; austríaco; austríaca
AZE: Azerbaijani; Azerbaijanis; Azeri; azerbaiyano; azerbaiyana
BHS: Bahamian; Bahamians
BHR: Bahraini; Bahrainis; bareiní
BGD: Bangladeshi; Bangladeshis; bangladesí
BRB: Barbadian; Barbadians
BLR: Belarusian; Belarusians; Belarussian; bielorruso; bielorrusa
BEL: Belgian; Belgians; belga; belgas
BLZ: Belizean; Belizeans; beliceño; beliceña
BEN: Beninese
BTN: Bhutanese
BOL: Bolivian; Bolivians; boliviano; boliviana; bolivianos; bolivianas
BIH: Bosnian; Bosnians; bosnio; bosnia
BWA: Botswanan
BRA: Brazilian; Brazilians; brasileño; brasileña; brasileños; brasileñas
BRN: Bruneian
BGR: Bulgarian; Bulgarians; búlgaro; búlgara
BFA: Burkinabe; Burkinabé
BDI: Burundian
KHM: Cambodian; Cambodians; camboyano; camboyana
CMR: Cameroonian; Cameroonians; camerunés
CAN: Canadian; Canadians; canadiense; canadienses
CAF: Central African
TCD: Chadian; Chadians
CHL: Chilean; Chileans; chileno; chilena; chilenos; chilenas
CHN: Chinese; chino; china; chinos; chinas
COL: Colombian; Colombians; colombiano; colombiana; colombianos; colombianas
COD: Congolese
CRI: Costa Rican; Costa Ricans; costarricense; costarricenses
CIV: Ivorian; Ivorians; marfileño; marfileña
HRV: Croatian; Croatians; Croat; Croats; croata; croatas
CUB: Cuban; Cubans; cubano; cubana; cubanos; cubanas
CYP: Cypriot; Cypriots; chipriota
CZE: Czech; Czechs; checo; checa
DNK: Danish; Danes; danés; danesa; daneses
DJI: Djiboutian
DOM: Dominican; Dominicans; dominicano; dominicana; dominicanos
ECU: Ecuadorian; Ecuadorean; Ecuadorians; Ecuadoreans; ecuatoriano; ecuatoriana; ecuatorianos; ecuatorianas
EGY: Egyptian; Egyptians; egipcio; egipcia; egipcios
SLV: Salvadoran; Salvadorean; Salvadorans; salvadoreño; salvadoreña; salvadoreños
GNQ: Equatoguinean; Equatorial Guinean; ecuatoguineano
ERI: Eritrean; Eritreans; eritreo
EST: Estonian; Estonians; estonio; estonia
ETH: Ethiopian; Ethiopians; etíope; etíopes
FJI: Fijian; Fijians
FIN: Finnish; Finns; finlandés; finlandesa
FRA: French; francés; francesa; franceses; francesas
GAB: Gabonese
GMB: Gambian; Gambians
GEO: Georgian; Georgians; georgiano; georgiana
DEU: German; Germans; alemán; alemana; alemanes; alemanas
GHA: Ghanaian; Ghanaians; ghanés
GRC: Greek; Greeks; griego; griega; griegos
GTM: Guatemalan; Guatemalans; guatemalteco; guatemalteca; guatemaltecos
GIN: Guinean; Guineans; guineano
GUY: Guyanese; guyanés; guyanesa
HTI: Haitian; Haitians; haitiano; haitiana; haitianos
HND: Honduran; Hondurans; hondureño; hondureña; hondureños
HUN: Hungarian; Hungarians; húngaro; húngara
ISL: Icelandic; Icelanders; islandés
IND: Indian; Indians
IDN: Indonesian; Indonesians; indonesio; indonesia
IRN: Iranian; Iranians; iraní; iraníes
IRQ: Iraqi; Iraqis; iraquí; iraquíes
IRL: Irish; irlandés; irlandesa
ISR: Israeli; Israelis; israelí; israelíes
ITA: Italian; Italians; italiano; italiana; italianos
JAM: Jamaican; Jamaicans; jamaicano; jamaiquino
JPN: Japanese; japonés; japonesa; japoneses
JOR: Jordanian; Jordanians; jordano; jordana
KAZ: Kazakh; Kazakhstani; Kazakhs; kazajo
KEN: Kenyan; Kenyans; keniano; keniana
KWT: Kuwaiti; Kuwaitis; kuwaití
KGZ: Kyrgyz
LAO: Laotian; Lao
LVA: Latvian; Latvians; letón; letona
LBN: Lebanese; libanés; libanesa
LBR: Liberian; Liberians
LBY: Libyan; Libyans; libio; libia
LTU: Lithuanian; Lithuanians; lituano; lituana
LUX: Luxembourgish; luxemburgués
MDG: Malagasy
MWI: Malawian
MYS: Malaysian; Malaysians; malasio; malaisio
MLI: Malian; Malians; maliense
MLT: Maltese; maltés
MRT: Mauritanian; mauritano
MUS: Mauritian
MEX: Mexican; Mexicans; mexicano; mexicana; mexicanos; mexicanas
MDA: Moldovan; Moldovans; moldavo; moldava
MNG: Mongolian; Mongolians; mongol
MNE: Montenegrin; montenegrino
MAR: Moroccan; Moroccans; marroquí; marroquíes
MOZ: Mozambican; mozambiqueño
MMR: Burmese; birmano; birmana
NAM: Namibian; Namibians
NPL: Nepalese; Nepali; nepalí
NLD: Dutch; neerlandés; neerlandesa; holandés; holandesa; holandeses
NZL: New Zealander; New Zealanders; neozelandés; neozelandesa
NIC: Nicaraguan; Nicaraguans; nicaragüense; nicaragüenses
NER: Nigerien; Nigeriens; nigerino
NGA: Nigerian; Nigerians; nigeriano; nigeriana
PRK: North Korean; North Koreans; norcoreano; norcoreana; norcoreanos
MKD: Macedonian; macedonio
NOR: Norwegian; Norwegians; noruego; noruega
OMN: Omani; Omanis; omaní
PAK: Pakistani; Pakistanis; paquistaní; pakistaní
PSE: Palestinian; Palestinians; palestino; palestina; palestinos
PAN: Panamanian; Panamanians; panameño; panameña; panameños
PNG: Papua New Guinean
PRY: Paraguayan; Paraguayans; paraguayo; paraguaya; paraguayos
PER: Peruvian; Peruvians; peruano; peruana; peruanos; peruanas
PHL: Filipino; Filipinos; Philippine; filipino; filipina; filipinos
POL: Polish; Poles; polaco; polaca; polacos
PRT: Portuguese; portugués; portuguesa; portugueses
QAT: Qatari; Qataris; catarí; qatarí
ROU: Romanian; Romanians; rumano; rumana
RUS: Russian; Russians; ruso; rusa; rusos; rusas
RWA: Rwandan; Rwandans; ruandés
SAU: Saudi; Saudis; saudí; saudíes; saudita
SEN: Senegalese; senegalés
SRB: Serbian; Serbians; Serb; Serbs; serbio; serbia
SLE: Sierra Leonean
SGP: Singaporean; Singaporeans; singapurense
SVK: Slovak; Slovakian; eslovaco
SVN: Slovenian; Slovene; esloveno
SOM: Somali; Somalis; somalí
ZAF: South African; South Africans; sudafricano; sudafricana
KOR: South Korean; South Koreans; surcoreano; surcoreana; surcoreanos
SSD: South Sudanese
ESP: Spanish; Spaniard; Spaniards; español; española; españoles; españolas
LKA: Sri Lankan; Sri Lankans; ceilanés; esrilanqués
SDN: Sudanese; sudanés
SUR: Surinamese; surinamés
SWE: Swedish; Swedes; sueco; sueca; suecos
CHE: Swiss; suizo; suiza; suizos
SYR: Syrian; Syrians; sirio; siria; sirios
TWN: Taiwanese; taiwanés; taiwanesa
TJK: Tajik; Tajikistani
TZA: Tanzanian; Tanzanians; tanzano
THA: Thai; tailandés; tailandesa
TLS: Timorese
TGO: Togolese
TTO: Trinidadian; Trinidadians; trinitense
TUN: Tunisian; Tunisians; tunecino; tunecina
TUR: Turkish; Turks; turco; turca; turcos
TKM: Turkmen
UGA: Ugandan; Ugandans; ugandés
UKR: Ukrainian; Ukrainians; ucraniano; ucraniana; ucranianos
ARE: Emirati; Emiratis; emiratí; emiratíes
GBR: British; Briton; Britons; británico; británica; británicos
USA: American; Americans; U.S.-based; estadounidense; estadounidenses; norteamericano; norteamericana; norteamericanos; norteamericanas
URY: Uruguayan; Uruguayans; uruguayo; uruguaya; uruguayos
UZB: Uzbek; Uzbekistani; uzbeko
VEN: Venezuelan; Venezuelans; venezolano; venezolana; venezolanos; venezolanas
VNM: Vietnamese; vietnamita; vietnamitas
YEM: Yemeni; Yemenis; yemení
ZMB: Zambian; Zambians
ZWE: Zimbabwean; Zimbabweans; zimbabuense
"""

# Names pycountry's Spanish locale gives that are not the country in running text, and
# Spanish names it spells otherwise than the press.
SPANISH_NOT_NAMES = frozenset({"Reunión", "Granada", "Guadalupe", "Mauricio", "Montserrat",
                               "San Martín", "Santa Elena", "Georgia", "Chad", "Jersey",
                               "Isla de Man", "Algeria", "Tunez", "Santa Lucía", "Dominica"})
SPANISH_EXTRA_NAMES = """
TUN: Túnez
DZA: Argelia
CZE: República Checa; Chequia
MDV: Maldivas
SUR: Surinam
PHL: Filipinas
"""
