"""Numbers written in words, English and Spanish: "veinte mil doscientas hectáreas", "twenty
thousand hectares", "forty-nine per cent". Style books spell out figures at the start of a
sentence and some outlets do so throughout; a figure in words is the same figure."""

from __future__ import annotations

import re

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_UNITS.update({"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
               "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
               "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16, "diecisiete": 17,
               "dieciocho": 18, "diecinueve": 19, "veintiún": 21, "veintiuno": 21, "veintiuna": 21,
               "veintidós": 22, "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25,
               "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29})
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90, "veinte": 20, "treinta": 30, "cuarenta": 40,
         "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90}
# Spanish hundreds agree in gender with the noun ("doscientas hectáreas")
_HUNDREDS = {"cien": 100, "ciento": 100}
for _w, _v in (("doscient", 200), ("trescient", 300), ("cuatrocient", 400), ("quinient", 500),
               ("seiscient", 600), ("setecient", 700), ("ochocient", 800), ("novecient", 900)):
    _HUNDREDS[_w + "os"] = _HUNDREDS[_w + "as"] = _v
_SCALES = {"hundred": 100, "thousand": 1000, "mil": 1000, "million": 1_000_000,
           "millones": 1_000_000, "millón": 1_000_000}
_ALL = {**_UNITS, **_TENS, **_HUNDREDS, **_SCALES}
_WORD = "|".join(sorted(_ALL, key=len, reverse=True))
# a run of number words ("y" / "and" / hyphens between them), as one figure
NUMBER_WORDS = rf"(?:{_WORD})(?:(?:[\s-]+(?:y\s+|and\s+)?)(?:{_WORD}))*"
# a rate in words: "thirty-five percent", "treinta y cinco por ciento"
WORD_PERCENT = re.compile(rf"\b(?P<w>{NUMBER_WORDS})\s+(?:percent|per\s+cent|por\s+ciento)\b", re.I)


def words_to_number(words: str) -> int | None:
    """The value of a run of number words, or None when a word is not a number word."""
    total = current = 0
    seen = False
    for tok in re.split(r"[\s-]+", words.lower()):
        if tok in ("y", "and", ""):
            continue
        if tok not in _ALL:
            return None
        seen = True
        if tok == "hundred":
            current = (current or 1) * 100
        elif tok in _SCALES:
            total += (current or 1) * _SCALES[tok]
            current = 0
        else:
            current += _ALL[tok]
    return total + current if seen else None
