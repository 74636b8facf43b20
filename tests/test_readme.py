"""The README's examples print what the README shows (tests/readme_examples.py runs them)."""

from __future__ import annotations

import pytest

import readme_examples

EXAMPLES = readme_examples.examples(readme_examples.README.read_text(encoding="utf-8"))


def test_the_readme_has_checked_examples():
    assert len(EXAMPLES) >= 6, [e.command for e in EXAMPLES]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command[:60] for e in EXAMPLES])
def test_a_readme_example_prints_what_the_readme_shows(example):
    assert example.run() == example.shown, (
        "the README shows other output than the command prints: run `python tests/readme_examples.py --update`")
