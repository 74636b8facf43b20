"""Compiled regular expressions and lookup tables of :mod:`relations_data.extract`.

Built on first use by :func:`patterns` (once per process) from the vocabularies of
:mod:`relations_data.extract.vocab`; pycountry is imported only then.
"""

from __future__ import annotations

import functools
import re

from relations_data.extract.dates import _Y, DATE, MONTH_BEFORE, VAGUE_TIME
from relations_data.extract.gazetteer import SPANISH_EXTRA_NAMES, SPANISH_NOT_NAMES
from relations_data.extract.vocab import AMBIGUOUS_NAMES, surface_forms

# --------------------------------------------------------------------------------------------
# Regular expressions (compiled on first use by patterns())

# Keywords that let a paragraph through to the extractors (lower case, literal).
KEYWORDS = ("tariff", "arancel", "certif", "demonstrably", "failed to cooperate", "hectare", "hectárea", "hectarea", "coca",
            "partner", "socio", "source of", "market for",
            "ambassador", "embajador", "envoy", "chargé", "charge d", "encargad", "diplomat",
            "diplomátic", "demostrable", "consultas", "consultation", "supplier", "proveedor", "export market",
            "destination", "destino", "high commission", "comisionad", "nunci", "levy", "levies",
            "duties", "gravamen", "gravámenes", "gravar", "narcotics obligations", "obligaciones antidrogas",
            "surtax", "sobretasa")
_KEYWORDS = "|".join(re.escape(k) for k in KEYWORDS)

_NUM = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# Capitals of every Latin-script alphabet (Turkish "Şakir Özkan", Czech "Čapek", Polish
# "Łukasz"), not just Spanish ones: envoys of any state are named in these reports
_UPPER = "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LOWER = "".join(c for c in map(chr, range(0xC0, 0x250)) if c.islower())
_NAME_WORD = rf"[A-Z{_UPPER}][\w'’\-]*[a-z{_LOWER}]|[A-Z]\."
_NAME = (rf"(?:{_NAME_WORD})(?:[ \t]+(?:(?:de|del|de\s+la|van|von|da|dos|y|bin|al)[ \t]+)?"
         rf"(?:{_NAME_WORD})){{1,3}}")

_MODAL = (r"\b(?:could|may|might|would|will|shall|should|must|can|cannot|going\s+to|plans?\s+to|"
          r"planning\s+to|intends?\s+to|intending\s+to|consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|"
          r"mulling|contemplat\w*|whether|if|unless|possibl[ey]|potential(?:ly)?|likely|"
          r"expected\s+to|set\s+to|poised\s+to|ready\s+to|refus\w*\s+to|declin\w*\s+to|not|n't|"
          r"never|neither|nor|without(?=\s*$|\s+(?:\w+ing|having|any|a\s+\w+ing)\b)|yet\s+to|no\s+plans?|no\s+longer|den(?:y|ied|ies)|rul\w*\s+out|avoid\w*|call(?:s|ed)?\s+(?:for|on)|"
          r"urg\w+|demand\w*|ask\w*|suggest\w*|recommend\w*|sugiri\w*|suger\w*|recomend\w*|want\w*\s+to|seek\w*\s+to|sought\s+to|hop(?:e|es|ed|ing)\s+to|"
          r"threat\w*\s+to|warn\w*|risk\w*|fear\w*|rumou?r\w*|podría|podrían|podrá|podrán|puede|"
          r"pueden|considera\w*|evalúa\w*|amenaz\w*\s+con|nunca|planea\w*|prevé|busca\w*|"
          r"sopesa\w*|posible|eventual|decide\s+whether|pueda\w*|pudiera\w*|deber[íi]a\w*|"
          r"tendr[íi]a\w*|quiere\w*|quisiera\w*|descart\w*|exig\w*|pid(?:e|en|ió|ieron)|"
          r"solicit\w*|propon\w*|propus\w*|amenaz\w*\s+con|ni|sin(?=\s*$|\s+(?:\w+(?:ar|er|ir)(?:l[oa]s?|se)?|haber)\b)|todavía\s+no|aún\s+no|"
          r"stopped\s+short\s+of|refrain\w*|instead\s+of|rather\s+than|habría|habrían|"
          r"no(?=\s*$)|no\s+(?:ha|han|había|habían|habrá|hubo|fue|fueron|será|lo|la|le|les|se|"
          r"\w+(?:ó|aron|ará|arán|aba|aban|ía|ían)))\b")
# Modals of intent or future: an announcement or decision before them asserts the act ("the
# State Department announced that it would withdraw its diplomats"). Every other modal --
# possibility, conditions, deliberation, negation -- is never lifted by a "said" before it
# ("officials said they were weighing whether to decertify").
_INTENT = (r"(?:would|will|shall|going\s+to|plans?\s+to|planning\s+to|intends?\s+to|"
           r"intending\s+to|expected\s+to|set\s+to|poised\s+to|ready\s+to)")
# Clause boundaries a modal does not cross: a comma before a conjunction, and the comma that
# closes a fronted subordinate clause ("Although Mexico could retaliate, Canada recalled ...").
_CONJ_COMMA = r",\s*(?:but|yet|while|whereas|although|though|and|so|pero|mientras|aunque|sino|y|e)\b"
_SUBORDINATE = (r"\W*(?:if|although|though|while|whereas|when|whenever|after|before|because|"
                r"since|as|unless|despite|even\s+(?:if|as|though)|once|si|aunque|cuando|tras|"
                r"después|mientras|a\s+pesar|pese|porque|como|luego|una\s+vez|which|who|whose|"
                r"cuy[oa]s?|quien(?:es)?)\b")
# A Spanish trigger verb in the future or conditional ("retirará", "impondría").
_FUTURE_VERB = r"\w+(?:ará|arán|aría|arían|erá|erán|ería|erían|irá|irán|iría|irían)\b"
_ASSERTING = (r"\b(?:announc\w*|anunci\w*|declar\w*|order\w*|orden\w*|decid\w*|confirm\w*|"
              r"said\s+(?:it|he|she|they)\s+(?:was|were|had)|dijo\s+que\s+había)\b")

_STOP_NAME_WORDS = frozenset("""
The In On At From To For Of And But Embassy Department State Secretary President Minister
Government Office Mr. Ms. Dr. Chargé Charge Ambassador Acting Affairs Interim United Foreign
Bogotá Washington Colombia Both This That These Their His Her Its Our After Amid Following
Embajador Encargado Presidente Canciller Gobierno El La Los Las Del Señor Sr. Sra. D.C. Senator
Congressman Representative House Council Republic Ministry Ministerio Consultations
""".split())
_TITLE_WORDS = re.compile(
    r"^(?:(?:Ambassador|Acting|Interim|Chargé|Charge|d['’]Affaires|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Sr\.|"
    r"Sra\.|Envoy|Embajador|Embajadora|Encargado|Encargada|de|Negocios|Minister|Counselor)\s+)+")


class Patterns:
    """Compiled regular expressions and lookup tables."""

    def __init__(self) -> None:
        forms = surface_forms()
        import pycountry  # deferred: only needed once extraction starts

        self.valid_codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                name = getattr(c, attr, None)
                if not name or "," in name or "(" in name or name in AMBIGUOUS_NAMES:
                    continue
                forms.setdefault(name, (c.alpha_3, "name"))
                if name.startswith("the "):
                    forms.setdefault(name[4:], (c.alpha_3, "name"))
        for name, code in _spanish_names(pycountry).items():
            forms.setdefault(name, (code, "name"))
        self.forms = {f: v for f, v in forms.items() if v[0] is None or v[0] in self.valid_codes}
        self.country = re.compile(rf"(?<![\w.])(?:{_trie(self.forms)})(?![\w])")

        self.keywords = re.compile(_KEYWORDS, re.I)
        self.bare_year = re.compile(rf"(?<![\d-])(?P<y>{_Y})(?!\d)")
        self.month_before = re.compile(MONTH_BEFORE)
        self.date = re.compile(DATE, re.X | re.I)
        self.vague_time = re.compile(VAGUE_TIME, re.I)
        self.modal = re.compile(_MODAL, re.I)
        self.asserting = re.compile(_ASSERTING, re.I)
        self.intent = re.compile(_INTENT, re.I)
        self.clause_cut = re.compile(r"[;:—]|\.\s")
        self.relative = re.compile(r"\b(?:whose|who|which|cuy[oa]s?)\b", re.I)
        self.conj_comma = re.compile(_CONJ_COMMA, re.I)
        self.subordinate = re.compile(_SUBORDINATE, re.I)
        self.future_verb = re.compile(_FUTURE_VERB, re.I)
        self.name = re.compile(_NAME)
        self.number = re.compile(rf"(?<![\w.,])(?P<n>{_NUM})(?:\s*(?P<mult>million|millones|"
                                 rf"mil(?![\w])|thousand|k(?![\w])))?")
        # "25 percent", "100-per-cent" (Canadian and British style), "30 %"
        self.percent = re.compile(r"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?)[\s-]*(?:%|percent\b|per[\s-]*cent\b|"
                                  r"por\s*ciento\b|pct\b)", re.I)
        self.prep_before = re.compile(
            r"\b(?:to|from|in|with|of|against|toward|towards|at|for|by|on|into|than|between|"
            r"over|about|after|amid|de|en|con|contra|desde|hacia|por|para|sobre|entre)\s+"
            r"(?:the\s+|la\s+|el\s+|los\s+|las\s+)?$", re.I)
        self.leading_prep = re.compile(
            r"^\s*(?:in|after|following|amid|despite|on|according|as|when|while|since|before|"
            r"days|weeks|months|unlike|like|with|for|during|under|tras|según|en|durante|ante|"
            r"desde|con)\b", re.I)
        # "Bolivia, Venezuela and Burma", "a Bolivia y a Venezuela" (Spanish personal "a")
        self.list_sep = re.compile(r"^\s*(?:,\s*(?:and\s+|y\s+)?|and\s+|&\s+|y\s+|e\s+|as\s+well\s+as\s+|"
                                   r"along\s+with\s+)(?:the\s+|a\s+(?:la\s+|los\s+)?)?$", re.I)
        self.pronoun_start = re.compile(
            r"^\W*(?:(?P<latter>the\s+latter)|(?P<former>the\s+former)|he|she|it|they|"
            r"él|ella|ellos|éste|este|the\s+(?:president|administration|government|country))\b",
            re.I)

        # -- recalls
        self.recall = re.compile(r"""\b(?:
  (?P<pass>(?:was|were|has\s+been|have\s+been|had\s+been|being|been|fue|fueron|ha\s+sido)\s+
     (?:\w+ly\s+)?)?
  (?P<verb>recall(?:ed|s|ing)?|withdr(?:ew|awn|aws|awing|aw)|pull(?:ed|s|ing)?(?:\s+out)?|
     summon(?:ed|s|ing)?|call(?:ed|s|ing)?\s+(?:home|back)|brought\s+(?:home|back)|
     call(?:ed|s|ing)?\s+(?:for\s+)?consultations?(?:\s+with)?|
     (?:call(?:ed|s|ing)?|br(?:ing|ings|inging|ought)|order(?:ed|s|ing)?|summon(?:ed|s|ing)?|
      s(?:end|ends|ending|ent))(?=\s+(?:its|his|her|their|our|him|them)\b[^.;]{0,100}?\b(?:back|home)\b)|
     order(?:ed|s)?\s+(?:home|back)|
     (?:ha(?:n)?\s+)?llam(?:ó|aron|a|an|ado|aba|aban|ar|ará|arán|ara|aran)\s+(?:(?!a\s|su\s|sus\s)\w+\s+){0,3}?a\s+consultas|
     (?:ha(?:n)?\s+)?convoc(?:ó|aron|a|an|ado|aba|ar|ará)\s+a\s+consultas|
     retir(?:ó|aron|a|an|ado|ada|aba|aban|ar|ará|arán)|
     (?P<nom>(?:the\s+recall|the\s+withdrawal|el\s+retiro|la\s+retirada)
       (?:,\s+[^,.;]{1,40},)?\s+(?:of|de)|
     el\s+llamado\s+a\s+consultas\s+de|
     (?:the\s+|la\s+)?(?:departure|exit|pull-?out|evacuation|salida|evacuación|repliegue)\s+
       (?:of|de)(?=\s+(?:all\s+|todo\s+|toda\s+)?(?:its|his|her|their|sus?)\s)|
     (?P<ret>(?:the\s+)?return\s+(?:to\s+(?:[A-Z][\w.’'\-]*\s+){1,3})?of(?=\s+(?:all\s+)?(?:its|his|her|their)\s)|
       (?:el\s+)?(?:regreso|retorno)\s+(?:a\s+(?:[A-ZÁÉÍÓÚ][\w.’'\-]*\s+){1,3})?de(?=\s+(?:todo\s+|toda\s+)?sus?\s))))
)\b""", re.X | re.I)
        self.envoy = re.compile(r"""
  (?P<acting>(?:acting|interim|temporary)\s+)?
  (?:(?P<amb>ambassadors?|embajador(?:a|es)?)
  |(?P<cda>charg[ée]s?\s+d['’]\s?affaires(?:\s+a\.\s?i\.|\s+ad\s+interim)?|encargad[oa]s?\s+de\s+negocios)
  |(?P<amb2>high\s+commissioners?|alt[oa]s?\s+comisionad[oa]s?|nuncios?|apostolic\s+nuncios?)
  |(?P<min>ministers?\s+plenipotentiary|envoys?\s+extraordinary)
  |(?P<gen>(?:top|senior|chief|highest-ranking)\s+(?:envoys?|diplomats?)|envoys?|
     heads?\s+of\s+mission|representatives?|jefe\s+de\s+misión|representantes?|
     (?:entire\s+|whole\s+)?diplomatic\s+(?:staff|personnel|corps|mission)|diplomats|
     (?:todo\s+(?:el\s+|su\s+)?)?personal\s+diplomático|cuerpo\s+diplomático|diplomáticos|
     misión\s+diplomática))(?![\w])""",
                                re.X | re.I)
        self.reciprocal = re.compile(r"\b(?:each\s+other|one\s+another|respective|mutual(?:ly)?|"
                                     r"sus\s+respectiv\w+|mutuamente|recíproca\w*)\b", re.I)
        self.reason = re.compile(
            r"\b(?P<cue>citing|over|in\s+response\s+to|in\s+protest\s+(?:at|of|against|over)|"
            r"due\s+to|because\s+of|following|after|amid|in\s+retaliation\s+for|in\s+light\s+of|"
            r"tras|debido\s+a|en\s+respuesta\s+a|en\s+protesta\s+por|luego\s+de|después\s+de|por)"
            r"\s+(?P<r>.+?)(?=\s*(?:;\s|[;.]?$|,\s*(?:and|but|while|which|who|saying|said|"
            r"according|a\s+move|in\s+a|y|pero|mientras|según)\b))", re.I)
        # -- tariffs
        # "a 25 percent levy", "punitive duties", "un gravamen del 30 %": tariffs by other names
        self.tariff_word = re.compile(
            r"\b(?:tariffs?|arancel(?:es)?|arancelari[oa]s?|import\s+tax(?:es)?|"
            r"(?:import|customs|punitive|retaliatory|countervailing|anti-?dumping|additional|extra|"
            r"new|higher)\s+(?:duties|levies)|(?<=%\s)(?:duties|levies|levy)|"
            r"(?:percent|per\s+cent|%)\s+(?:import\s+)?(?:levy|levies|duties|duty)|"
            r"(?:a|the|new|its|retaliatory)\s+(?:\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent)\s+)?levy|"
            r"levies\s+on|duties\s+on|gravámenes|gravamen(?:es)?|gravar(?:á|ía|án|ían)?|surtax(?:es)?|"
            r"sobretasas?)\b", re.I)
        self.tariff_verb = re.compile(
            r"\b(?:(?P<threat>threaten(?:ed|s|ing)?|warn(?:ed|s|ing)?|vow(?:ed|s)?|pledg(?:ed|es)|"
            r"(?:said|says|announced|declared|dijo|anunció|aseguró)\s+(?:that\s+|que\s+)?(?:[\w.]+\s+){0,6}?"
            r"(?:would|will|was\s+going\s+to|planned\s+to)\s+(?:(?!not\b|never\b)\w+\s+)?(?:impose|slap|levy|put|place|"
            r"hit|raise|apply|respond\s+with|retaliate\s+with|face|pay|be\s+subject\s+to)|"
            r"(?:dijo|anunció|aseguró)\s+que\s+(?:[\w.]+\s+){0,6}?(?:enfrentar(?:ían|án)|pagar(?:ían|án))|"
            r"(?:impondrá|impondría|aplicará|aplicaría)|"
            r"amenaz(?:ó|aron|a|an|ando|ado|ara|aran|ase)|advirtió|advierte)|(?P<ann>announc(?:ed|es|ing)|"
            # a published list of proposed tariffs is a threat: "unveiled plans for 25 percent
            # tariffs on 106 U.S. products", "proposed duties on 1,300 Chinese goods"
            r"unveil(?:ed|s|ing)|propos(?:ed|es|ing)|"
            r"anunci(?:ó|aron|a|ando)|order(?:ed|s|ing)|orden(?:ó|ando)|decret(?:ó|ed|ando)|decreeing|"
            r"(?:to\s+)?(?:raise|increase|hike)(?=\s+(?:its\s+|their\s+|the\s+)?(?:tariffs?|duties))|"
            r"authori[sz](?:ed|es|ing)|autoriz(?:ó|aron)|(?:doubl|tripl)(?:ed|es|ing)"
            r"(?=\s+(?:its\s+|their\s+|the\s+)?(?:import\s+|customs\s+)?(?:tariffs?|duties|levies))|"
            r"(?:duplic|triplic)(?:ó|aron|ando)|"
            r"elevar|subir|aumentar|incrementar)|(?P<noun>threats?|warnings?|"
            r"amenazas?|ultim[aá]tum))\b", re.I)
        self.tariff_outcome_withdrawn = re.compile(
            r"\b(?:withdr[ae]w|withdrawn|backed\s+down|back(?:s|ed)?\s+off|called\s+off|suspend\w*|"
            r"paused|lifted|shelved|held\s+in\s+reserve|compromise|settled|defused|resolved|"
            r"reached\s+(?:a|an)\s+(?:deal|agreement|compromise|accord)|averted|dropped|reversed|"
            r"rescinded|agreed|retir\w+|levant\w+|acuerdo|desactiv\w+|se\s+resolvió|en\s+reserva|"
            r"no\s+(?:serían|fueron|serán)\s+firmad\w+|"
            r"dio\s+marcha\s+atrás)\b", re.I)
        self.tariff_outcome_imposed = re.compile(
            r"\b(?:took\s+effect|take\s+effect|went\s+into\s+effect|came\s+into\s+force|"
            r"were\s+imposed|was\s+imposed|imposed\s+the|entraron\s+en\s+vigor|impuso\s+los|"
            r"now\s+in\s+place)\b", re.I)
        self.tariff_trigger = re.compile(
            r"\b(?:over|after|unless|in\s+retaliation\s+for|in\s+response\s+to|because\s+of|"
            r"because|for\s+refusing|for\s+(?:its|his|their)\s+refusal|if|por|tras|si\s+no|"
            r"a\s+menos\s+que|en\s+represalia\s+por)\s+(?P<r>.+?)(?=\s*(?:;\s|[;.]?$|—|"
            r"\s-\s|,\s*(?:and|but|while|which|a\s+threat|y|pero)\b))", re.I)
        # -- decertifications
        self.decert = re.compile(r"""
   (?P<pass>\b(?:was|were|has\s+been|have\s+been|had\s+been|been|being|fue|fueron|ha\s+sido|
       han\s+sido)\s+(?:(?:again|formally|officially|once\s+again|last|also|first|\w+ly)\s+)?)?
   (?:(?P<dec>\bde-?certified\b|\bdecertifies\b|\bdescertific(?:ó|aron|ado|ada|ados|adas)\b|
       \b(?:decision|decided|voted|moved|opted)\s+to\s+decertify\b|\bdecidió\s+descertificar\b|
       \bdecertify\b|\bdescertificar\b|
       \bfailed\s+demonstrably\b|\b(?:fall|fracas)(?:ó|aron|a|an|ado)\s+(?:de\s+manera|en\s+forma)\s+
       (?:demostrable|manifiesta|evidente)\b|\bfailed\s+to\s+cooperate\b(?=[^.]*\b(?:drug|narcotic|counternarcotic|
       counter-narcotic|cocaine)))
   |(?P<cert>(?<![\w-])(?:re)?certified\b|(?<![\w-])(?:re)?certific(?:ó|aron)\b|
       (?<![\w-])certificad[oa]s?\b)
   |(?P<nom>\bdecertification\s+of\b|\bdescertificación\s+de\b|\b(?:'s|’s)\s+decertification\b))
""", re.X | re.I)
        self.waiver_yes = re.compile(
            r"\b(?:waiver|waived|exención|dispensa|excepción\s+por\s+interés\s+nacional|"
            r"allow(?:s|ed|ing)?\s+(?:\w+\s+){0,3}aid\s+to\s+continue|vital\s+to\s+the\s+national\s+"
            r"interests?|vital\s+para\s+los\s+intereses\s+nacionales|national[- ](?:interest|"
            r"security)\s+(?:waiver|exemption))\b", re.I)
        self.waiver_no = re.compile(r"\b(?:without\s+(?:a\s+)?(?:national[- ]\w+\s+)?waiver|"
                                    r"no\s+waiver|sin\s+(?:una\s+)?(?:exención|dispensa))\b", re.I)
        self.fiscal = re.compile(rf"\b(?:fiscal\s+(?:year\s+)?|FY\s?|año\s+fiscal\s+)(?P<y>{_Y})\b", re.I)
        # -- coca
        self.hectares = re.compile(
            rf"(?<![\w.,])(?P<n>{_NUM})(?:\s*(?P<mult>million|millones|mil|thousand))?\s*"
            r"(?P<unit>hectares|hectáreas|hectareas|hectare|hectárea|ha\b)", re.I)
        self.coca = re.compile(r"\bcoca\b(?!-cola)", re.I)
        self.erad = re.compile(r"\b(?:eradicat\w*|erradic\w*|fumigat\w*|spray\w*|destroy\w*|"
                               r"destru\w*|substitut\w*|sustitu\w*|manual\w*|forced|seiz\w*|"
                               r"incaut\w*|removed|uprooted|arranc\w*)\b", re.I)
        self.other_crop = re.compile(
            r"\b(?:cocoa|cacao|coffee|café|poppy|poppies|amapola|opium|cannabis|marijuana|"
            r"marihuana|palm|palma|banana|rice|arroz|maize|corn|maíz|soy\w*|forest\w*|bosques?|"
            r"deforest\w*|land|tierras?|cattle|ganad\w*|pasture|avocado|aguacate|flowers?)\b", re.I)
        self.hypothetical_num = re.compile(r"\b(?:target|goal|meta|aim\w*|plan\w*|would|could|"
                                           r"projected|forecast\w*|expected|objetivo|reduce\s+to|"
                                           r"reducir\s+a|hasta|(?:cut|reduc\w*|lower\w*|bring|"
                                           r"bajar|llevar)\s+(?:\w+\s+){0,3}(?:to|a)|below|"
                                           r"under|menos\s+de|por\s+debajo\s+de)\b", re.I)
        self.legal_limit = re.compile(
            r"\b(?:permit(?:s|ted|ting)?|allow(?:s|ed|ing)?|authori[sz]\w*|legal(?:ly)?|limit\w*|"
            r"cap(?:ped|s)?|quota|ceiling|permite\w*|permitid\w*|autoriza\w*|límite|tope|"
            r"legal(?:es|mente)?)\b", re.I)
        self.legal_after = re.compile(
            r"\s*(?:of\s+(?:\w+\s+){0,2}|de\s+(?:\w+\s+){0,2})?(?:for\s+(?:traditional|legal|"
            r"licit)|legal(?:ly)?\b|para\s+(?:el\s+)?(?:uso|consumo)\s+tradicional|legales|"
            r"permitid\w*|autorizad\w*)", re.I)
        self.tonnes = re.compile(
            rf"(?<![\w.,])(?P<n>{_NUM})(?:\s*(?P<mult>million|millones|mil|thousand))?\s*"
            r"(?:metric\s+)?(?:tons|tonnes|toneladas|t\b)(?:\s+(?:of|de)\s+(?:pure\s+|potential\s+)?"
            r"(?P<coc>cocaine|cocaína))?", re.I)
        self.year4 = re.compile(rf"(?<![\w.,-])(?P<y>{_Y})(?![\w-])(?!\s*(?:World\s+Drug\s+Report|"
                                r"[Rr]eport|[Ss]urvey|edition|informe|[Mm]onitoreo|elections?))")
        self.est_unodc = re.compile(r"\b(?:UNODC|United\s+Nations|UN|SIMCI|ONU|ONUDD|"
                                    r"Naciones\s+Unidas|World\s+Drug\s+Report|UNDOC|"
                                    r"Office\s+on\s+Drugs\s+and\s+Crime)\b|\bU\.N\.")
        self.est_ondcp = re.compile(r"\b(?:ONDCP|White\s+House|Office\s+of\s+National\s+Drug\s+"
                                    r"Control\s+Policy|U\.?S\.?\s+government|US\s+government|"
                                    r"American\s+government|Casa\s+Blanca|INCSR|"
                                    r"Gobierno\s+de\s+(?:los\s+)?Estados\s+Unidos|estimates?\s+"
                                    r"by\s+Washington)\b")
        self.est_unodc_strong = re.compile(r"\b(?:UNODC|SIMCI|United\s+Nations\s+Office\s+on\s+Drugs|"
                                           r"World\s+Drug\s+Report)\b")
        self.est_ondcp_strong = re.compile(r"\b(?:ONDCP|Office\s+of\s+National\s+Drug\s+Control)\b")
        self.est_national = re.compile(r"\b(?:(?:Colombian|Peruvian|Bolivian|national)\s+"
                                       r"government(?:'s)?\s+(?:estimate|figures|data|monitoring)|"
                                       r"gobierno\s+(?:nacional|colombiano|peruano|boliviano)|"
                                       r"DEVIDA|Observatorio\s+de\s+Drogas|Ministry\s+of\s+Justice)\b",
                                       re.I)
        # -- trade ranks
        self.rank = re.compile(r"""
  (?P<oneof>\bone\s+of\s+(?:the\s+|its\s+|their\s+)?)?
  (?:\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|
      \d{1,2}(?:st|nd|rd|th)|No\.\s?\d{1,2}|number\s+(?:one|two|three|four|five|\d{1,2}))[\s-]+)?
  (?P<sup>largest|biggest|most[\s-]important|main|top|leading|principal|primary|chief|premier)?
  [\s-]*(?P<kind>trading|trade|commercial|economic|export|import)?\s*
  (?P<noun>partners?|markets?|destinations?|suppliers?|sources?(?:\s+of\s+imports)?|buyers?|customers?)\b
""", re.X | re.I)
        self.rank_es = re.compile(r"""
  \b(?P<oneof>uno\s+de\s+(?:los\s+|sus\s+)?)?
  (?P<ord>primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto|séptimo|octavo|noveno|
   décimo|principal|mayor)(?:es)?\s+
  (?:(?P<sup>mayor)\s+)?(?P<noun>socio|socios|proveedor|comprador|destino|mercado)\s+
  (?P<kind>comercial(?:es)?|de\s+(?:sus\s+|las\s+|los\s+)?(?:exportaciones|envíos|embarques)|
   de\s+(?:sus\s+|las\s+|los\s+)?importaciones)?
""", re.X | re.I)
        self.rank_elliptic = re.compile(
            r"\b(?:its|their|the)\s+(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
            r"[\s-]+(?:largest|biggest|most\s+important)\b(?![\s-]+(?:trading|trade|commercial|economic|export|import|partner))",
            re.I)
        self.regional = re.compile(
            r"\b(?:in|within|among|across|of)\s+(?:the\s+)?(?:Latin\s+America|South\s+America|"
            r"Central\s+America|the\s+region|region|Americas|hemisphere|Western\s+Hemisphere|Asia|"
            r"Europe|Africa|Caribbean|Andean|Andes|EU|European\s+Union|Mercosur|Latin\s+American|"
            r"South\s+American)|\bregional\b|\ben\s+(?:América\s+Latina|Latinoamérica|la\s+región|"
            r"Sudamérica|Suramérica|Asia|Europa)\b|\bLatin\s+America(?:n)?['’]s\b", re.I)
        self.overtake = re.compile(r"\b(?:surpass\w*|overt[ao]\w*|replac\w*|displac\w*|eclips\w*|"
                                   r"pass(?:ed|es)|outpac\w*|tops|topped|outrank\w*|super[óa]\w*|desplaz\w*|"
                                   r"reemplaz\w*)\s+(?:the\s+|a\s+|al\s+|a\s+los\s+)?$", re.I)


def _trie(words) -> str:
    """A regular expression matching any of `words`, as a character trie: the country
    recogniser has some 1,700 forms, and a flat alternation retries each at every position.
    Longer forms are tried first at each branch, as in the flat alternation sorted by length
    (with backtracking, when the longer form is not followed by a word boundary)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(
            ((ch, sub) for ch, sub in node.items() if ch), key=lambda x: x[0])]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


def _spanish_names(pycountry) -> dict[str, str]:
    """Spanish country names from pycountry's own translations ("Bielorrusia", "Camboya"),
    less the ones that are common words or places in Spanish text."""
    import gettext

    out: dict[str, str] = {}
    try:
        es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    except OSError:
        es = None
    if es is not None:
        for c in pycountry.countries:
            for attr in ("name", "common_name"):
                name = getattr(c, attr, None)
                if not name:
                    continue
                name = es.gettext(name)
                if "," in name or "(" in name or name in SPANISH_NOT_NAMES:
                    continue
                out.setdefault(name, c.alpha_3)
    for line in SPANISH_EXTRA_NAMES.strip().splitlines():
        code, _, names = line.partition(":")
        for name in names.split(";"):
            out.setdefault(name.strip(), code.strip())
    return out


@functools.cache
def patterns() -> Patterns:
    """The compiled patterns, built on first use (once per process)."""
    return Patterns()
