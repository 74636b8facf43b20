"""Tests of relations_data.extract.lexicon: the extractor's data files and their handles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relations_data.extract import lexicon

CODE = Path(lexicon.__file__).parent
SOURCES = {p.stem: p.read_text(encoding="utf-8") for p in CODE.glob("*.py")}
USED_RX = sorted({m for src in SOURCES.values() for m in re.findall(r'\brx\("([\w.]+)"\)', src)})
USED_WORDS = sorted({m for src in SOURCES.values() for m in re.findall(r'\bwords\("(\w+)"\)', src)})


@pytest.mark.parametrize("key", USED_RX)
def test_every_pattern_the_code_names_is_in_regexes_yaml_and_compiles(key):
    assert isinstance(lexicon.regex(key), re.Pattern)


def test_every_pattern_in_regexes_yaml_is_used_by_its_module():
    declared = {f"{module}.{name}" for module, entries in lexicon.load("regexes").items() for name in entries}
    assert declared == set(USED_RX)
    for key in declared:  # keyed by the module that uses it
        module = key.split(".")[0]
        assert f'rx("{key}")' in SOURCES[module], key


@pytest.mark.parametrize("key", USED_WORDS)
def test_every_word_list_the_code_names_has_its_declared_type(key):
    value = lexicon.word_list(key)
    assert isinstance(value, {"set": frozenset, "tuple": tuple, "map": dict}[lexicon.load("lexicon")[key]["as"]])
    assert len(value) > 0


def test_every_word_list_is_used():
    assert set(lexicon.load("lexicon")) == set(USED_WORDS)


def test_gazetteer_codes_are_alpha_3_and_forms_are_unique_within_a_state():
    gaz = lexicon.load("gazetteer")
    for section in ("leaders", "capitals", "demonyms", "names", "world_capitals", "world_demonyms",
                    "spanish_extra_names"):
        for code, forms in gaz[section].items():
            assert re.fullmatch(r"[A-Z]{3}", code), (section, code)
            assert len(forms) == len(set(forms)), (section, code)


def test_files_are_read_once_and_handles_behave_as_what_they_stand_for():
    assert lexicon.load("lexicon") is lexicon.load("lexicon")
    handle = lexicon.rx("syntax._QUESTION")
    assert handle.search("Has Peru recalled its ambassador?") and not handle.search("Peru recalled it.")
    months = lexicon.words("months")
    assert months["septiembre"] == 9 and "enero" in months and months.get("nope") is None
