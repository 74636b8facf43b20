"""Numbers written in words, English and Spanish: "veinte mil doscientas hectáreas", "twenty
thousand hectares", "forty-nine per cent". Style books spell out figures at the start of a
sentence and some outlets do so throughout; a figure in words is the same figure."""

from __future__ import annotations

import functools
import re

from relations_data.extract.lexicon import rx, words

# English and Spanish number words (data/lexicon.yaml number_*; Spanish hundreds agree in
# gender with the noun, "doscientas hectáreas")
_SCALES = words("number_scales")


@functools.cache
def _all() -> dict[str, int]:
    return {**words("number_units"), **words("number_tens"), **words("number_hundreds"),
            **_SCALES}


# a rate in words: "thirty-five percent", "treinta y cinco por ciento"
WORD_PERCENT = rx("numwords.WORD_PERCENT")


def words_to_number(words: str) -> int | None:
    """The value of a run of number words, or None when a word is not a number word."""
    total = current = 0
    seen = False
    known = _all()
    for tok in re.split(r"[\s-]+", words.lower()):
        if tok in ("y", "and", ""):
            continue
        if tok not in known:
            return None
        seen = True
        if tok == "hundred":
            current = (current or 1) * 100
        elif tok in _SCALES:
            total += (current or 1) * _SCALES[tok]
            current = 0
        else:
            current += known[tok]
    return total + current if seen else None
