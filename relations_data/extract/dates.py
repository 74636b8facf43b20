"""Regular expressions for dates, relative dates and vague times (split from
:mod:`relations_data.extract.patterns`, which compiles them once per process).

Kept apart because dates are their own concern: every table extractor resolves dates through
:func:`relations_data.extract.text._find_dates`, which reads the named groups below.
"""

from __future__ import annotations

_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_SMON = (r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
         r"noviembre|diciembre)")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SWD = r"(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)"
_Y = r"(?:19|20)\d\d"

# "May 3rd, " / "3 de mayo de " right before a year: the year of a full date
MONTH_BEFORE = (rf"(?:{_MON}\s+(?:[0-3]?\d(?:st|nd|rd|th)?,?\s+)?|[0-3]?\d\s+{_MON},?\s+|{_MON},\s+|"
                rf"{_SMON}\s+(?:de|del)\s+)$")

# One alternation for every date form; _find_dates dispatches on the named groups.
# "septiembre pasado" / "el pasado septiembre" (monpas, inmon) are the last such month, "in
# September last year" / "en marzo de este año" (inmon with iny) that month of that year;
# "late last night" / "anoche" (night) is the day before the published date.
DATE = rf"""
 (?P<iso>\b(?P<iy>{_Y})-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)
|(?P<mdy>\b(?:{_WD},?\s+)?(?P<m1>{_MON})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*%)
   (?:,?\s+(?P<y1>{_Y})\b)?)
|(?P<dmy>\b(?:{_WD},?\s+)?(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MON})(?![\w])
   (?:,?\s+(?P<y2>{_Y})\b)?)
|(?P<sdmy>\b(?:(?:el\s+)?{_SWD},?\s+)?(?P<d3>[0-3]?\d)\s+de\s+(?P<m3>{_SMON})\b
   (?:\s+(?:de|del)\s+(?P<y3>{_Y})\b|\s+(?P<dlast>del\s+año\s+pasado|del\s+pasado\s+año)\b)?)
|(?P<my>\b(?P<m4>{_MON}),?\s+(?:of\s+)?(?P<y4>{_Y})\b)
|(?P<smy>\b(?P<m5>{_SMON})\s+(?:de|del)\s+(?P<y5>{_Y})\b)
|(?P<inmon>\b(?:in|since|during|en|early|late|mid-|until|by|last|(?:el\s+)?pasado)\s+(?:early\s+|late\s+|mid-)?
   (?P<m6>{_MON}|{_SMON})\b(?!\s*(?:,\s*|de\s+|del\s+|of\s+)?\d)
   (?:,?\s+(?P<iny>(?:of\s+)?(?P<inlast>last\s+year|del\s+año\s+pasado|del\s+pasado\s+año)|
   (?:of\s+)?this\s+year|de\s+este\s+año)\b)?)
|(?P<monpas>\b(?P<m7>{_SMON})\s+pasado\b)
|(?P<rwd>\b(?P<wd>{_WD}|{_SWD})\b)
|(?P<anaph>\b(?:(?P<an>\d+|a|an|one|two|three|four|five|six|un|una|dos|tres|cuatro|cinco|seis)
   \s+(?P<au>days?|weeks?|días?|semanas?)\s+(?P<adir>earlier|later|afterwards|before(?=\s*[,.;])|
   after(?=\s*[,.;])|antes(?!\s+de)|después(?!\s+de)|más\s+tarde)|
   (?P<anext>the\s+(?:next|following)\s+day|the\s+day\s+after(?=\s*[,.;])|al\s+día\s+siguiente|
   el\s+día\s+siguiente)|(?P<aprev>the\s+(?:previous|preceding)\s+day|the\s+day\s+before(?=\s*[,.;])|
   el\s+día\s+anterior))\b)
|(?P<rel>\b(?:yesterday|today|ayer|hoy|anteayer|the\s+day\s+before\s+yesterday|
   (?P<night>(?:late\s+|early\s+)?last\s+night|anoche|ayer\s+por\s+la\s+noche)|
   (?:earlier\s+)?(?:last|this)\s+(?:year|month)|(?:earlier\s+|late\s+)?(?:last|this|past)\s+week|
   la\s+semana\s+pasada|esta\s+(?:misma\s+)?semana|la\s+pasada\s+semana|
   el\s+año\s+pasado|este\s+año|el\s+mes\s+pasado|este\s+mes|
   (?P<nago>\d+|two|three|four|five|a|an)\s+(?P<unit>days?|weeks?)\s+ago|
   hace\s+(?P<nago2>\d+|un|una|dos|tres|cuatro|cinco)\s+(?P<unit2>días?|semanas?)|
   (?P<lt>last|this|past|este|el\s+pasado)\s+(?P<season>spring|summer|fall|autumn|winter|
   primavera|verano|otoño|invierno))\b)
|(?P<yr>\b(?:in|during|en|durante|by|of|for)\s+(?:early\s+|late\s+|mid-)?
   (?P<y6>{_Y})\b(?!\s*[-–]\s*\d))
"""

# Times that are not the event's date and forbid carrying one from a sentence before ("once
# again" is repetition, not time)
VAGUE_TIME = (r"\b(?:months?\s+ago|years?\s+ago|weeks?\s+ago|days\s+ago|previously|earlier|"
              r"in\s+the\s+past|formerly|once(?!\s+(?:again|more))|hace\s+\w+|anteriormente|"
              r"historically|in\s+the\s+\d{4}s|since)\b")
