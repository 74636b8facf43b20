"""Propose candidate records for the indicator tables from plain-text articles.

Rule-based: compiled regular expressions over sentences, no models. The text is scanned once
for cheap keywords; only the paragraphs that contain one are split into sentences, and only
sentences with a keyword are run through the table extractors:

* ``diplomatic_recalls`` -- a state recalling / withdrawing / calling home for consultations
  its envoy ("llamó a consultas a su embajador").
* ``tariff_threats`` -- a state threatening (or announcing) tariffs on another's goods.
* ``decertifications`` -- counter-narcotics (de)certification determinations, one record per
  country named.
* ``coca_cultivation`` -- hectares under coca (not eradicated area, not other crops).
* ``trade_partner_ranks`` -- "China is Colombia's second-largest trading partner" (global
  ranks only, not ranks "in Latin America").

Statements of possibility ("could recall", "considering decertifying", "may impose"), negated or
denied ones ("no ha llamado a consultas", "reports that Ottawa threatened ... were denied") are
not records. Relative dates are resolved against ``published_date`` (or a leading date line in
the text) and left empty when they cannot be; a wire dateline ("BOGOTA, Sept 16 (Reuters) -")
does not date the events of the story.

Extraction is document-aware (see _finish): candidates of one text about the same pair of
states whose identifying values do not conflict are co-referent, and each takes the key values
it lacks (envoy name, date, fiscal year, estimator, year) from them when they agree on one, at
a lower confidence. A recall or threat presented as a response ("in a tit-for-tat response")
takes the date of the reverse one it answers. Each candidate keeps its own sentence as quote,
so several sentences about one event become several quotes of one record. Nothing is filled
from a conflicting candidate, and nothing is invented: a value no sentence gives stays empty.

Importing this module imports only the standard library (pycountry and pyyaml are imported
when first needed), so the command line stays fast. pycountry comes with the `extract` extra
(``pip install "relations-data[extract]"``); :func:`missing_extra` says when it is absent.

The knowledge is data, read once on first use by lexicon: data/regexes.yaml (every wording:
trigger verbs, envoy nouns, modal verbs, date expressions, English and Spanish), lexicon.yaml
(word lists: keywords, months, ordinals, number words...) and gazetteer.yaml (names,
capitals, demonyms, leaders, blockers; Spanish names also come from pycountry's
translations). vocab gives the tables' columns (from schemas/) and the surface forms; the
code is the rules. patterns holds the compiled resources (modality is scoped to the
trigger's clause, see syntax._is_modal); text (documents, sentences, dates, mentions), syntax
(helpers the extractors share) and numwords (figures in words); one extractor per table
family (recalls, with recall_context; tariffs, with tariff_lists for rates assigned in lists;
decertifications; coca; trade, with trade_context); envoys (envoys named in sentences of
their own, given to nameless recalls) and consolidate (the document-level _finish); run
(extract_text, extract_paths, batching, the executor, incl. Dask); output (to_jsonl, to_yaml).

determinations is separate: a parser of the US drug-certification determinations, a
formulaic document, proposing one decertifications candidate per country a determination
names (``relations-data extract --determinations``; wordings in data/determinations.yaml).
"""

from __future__ import annotations

from relations_data.extract import vocab as P  # noqa: F401
from relations_data.extract.candidate import DATE_COLUMNS, TABLE_COLUMNS, Candidate
from relations_data.extract.consolidate import _finish  # noqa: F401
from relations_data.extract.output import _source_id, to_jsonl, to_yaml  # noqa: F401
from relations_data.extract.patterns import KEYWORDS  # noqa: F401
from relations_data.extract.run import (  # noqa: F401
    SchedulerUnreachable,
    _batches,
    _coerce_date,
    _executor,
    _extract_batch,
    extract_paths,
    extract_text,
)

def missing_extra() -> str | None:
    """None when the `extract` extra is installed, else a one-line message saying how to get it."""
    from relations_data import extras

    absent = extras.missing("extract")
    if not absent:
        return None
    return f"extraction needs the extract extra (missing: {', '.join(absent)}): pip install 'relations-data[extract]'"


__all__ = [
    "missing_extra",
    "Candidate",
    "TABLE_COLUMNS",
    "extract_text",
    "extract_paths",
    "SchedulerUnreachable",
    "to_jsonl",
    "to_yaml",
]
