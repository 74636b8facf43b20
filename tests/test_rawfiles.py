"""rawfiles: YAML read from libyaml's events, whole or one list item at a time, must give
exactly what PyYAML's own loader gives: the same values, line numbers and errors."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from relations_data import rawfiles
from relations_data.rawfiles import YamlList, read_yaml


def reference_load(text: str):
    return yaml.load(text, Loader=rawfiles._Loader)


def lines(value) -> list:
    """Every mapping's line number, in document order."""
    if isinstance(value, dict):
        return [getattr(value, "line", None)] + [n for v in value.values() for n in lines(v)]
    if isinstance(value, list):
        return [n for v in value for n in lines(v)]
    return []


DOCUMENTS = {
    "scalars": "records:\n  - {d: 2025-02-30, n: 1.5, i: 0x10, b: yes, t: true, z: ~, s: '7', e: ''}\n",
    "nested": "records:\n  - actor: USA\n    evidence:\n      - source: a\n        quote: \"x: y\"\n        claims: {rank: 2}\n",
    "block text": "records:\n  - notes: |\n      two\n      lines\n    other: >\n      folded\n      text\n",
    "flow": "records: [{a: 1}, {b: [1, 2, {c: d}]}]\n",
    "anchors": "records:\n  - &base {x: 1}\n  - *base\n",
    "merge key": "records:\n  - {<<: {a: 1}, b: 2}\n",
    "explicit tag": "records:\n  - !!str 5\n  - !!float 3\n",
    "empty list": "records: []\n",
    "comments": "# header\nrecords:  # the list\n  - a: 1  # one\n",
    "unicode": "records:\n  - quote: \"Petro dijo: «no»\u00a0— ‘sí’\"\n",
}


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_fast_reading_equals_pyyaml(tmp_path, text):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    expected = reference_load(text)
    doc, problem = read_yaml(path)
    assert problem is None and doc == expected and lines(doc) == lines(expected)
    items = YamlList(path, "records")
    streamed = list(items)
    assert items.problem is None
    assert streamed == expected["records"] and lines(streamed) == lines(expected["records"])


BAD = {
    # name: (bytes, items yielded before the problem, words in the problem, its line)
    "duplicate key": (b"records:\n  - {x: 1}\n  - x: 1\n    x: 2\n", 1, "duplicate key 'x'", 4),
    "two documents": (b"records:\n  - {x: 1}\n---\nrecords: []\n", 1, "another document", 3),
    "malformed later": (b"records:\n  - {x: 1}\n  - a: b\n  c\n", 1, "malformed YAML", 5),
    "extra top-level key": (b"records:\n  - {x: 1}\nversion: 2\n", 1, "exactly one top-level key", 1),
    "not a list": (b"records: 5\n", 0, "exactly one top-level key", 1),
    "a bare list": (b"- a\n- b\n", 0, "exactly one top-level key", None),
    "only comments": (b"# nothing\n", 0, "exactly one top-level key", None),
    "blank": (b"  \n\n", 0, "file is empty", None),
    "not UTF-8": (b"records:\n  - description: caf\xe9\n", 0, "not valid UTF-8", 2),
}


@pytest.mark.parametrize("data, yielded, words, line", BAD.values(), ids=BAD.keys())
def test_streamed_list_reports_the_files_problem(tmp_path, data, yielded, words, line):
    path = tmp_path / "t.yaml"
    path.write_bytes(data)
    items = YamlList(path, "records")
    assert len(list(items)) == yielded
    assert items.problem is not None and words in items.problem.message
    assert items.problem.line == line


def test_streamed_list_refuses_a_file_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(rawfiles, "MAX_FILE_BYTES", 10)
    path = tmp_path / "t.yaml"
    path.write_bytes(b"records:\n  - {a: 1}\n")
    items = YamlList(path, "records")
    assert list(items) == [] and "limit" in items.problem.message


def test_streamed_list_holds_one_item_at_a_time(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("records:\n" + "".join(f"  - {{n: {i}}}\n" for i in range(1000)))
    items = iter(YamlList(path, "records"))
    assert next(items) == {"n": 0}  # read without building the other 999


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
keys = st.one_of(st.text(min_size=1, max_size=8), st.integers(0, 99))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(values, st.sampled_from([{}, {"default_flow_style": True}, {"default_style": '"'}]))
def test_any_document_reads_as_pyyaml_reads_it(value, style):
    text = yaml.safe_dump({"records": [value]}, allow_unicode=True, **style)
    assert rawfiles._load(text) == reference_load(text)
    assert lines(rawfiles._load(text)) == lines(reference_load(text))
