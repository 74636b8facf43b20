import pytest

from relations_data.sources import locate_quote

TEXT = "He said: \u201cWe will\n  go\u201d \u2014 and Petro\u2019s  letter arrived."


@pytest.mark.parametrize("quote", [
    'He said: "We will go"',           # straight quotes for typographic ones
    "Petro's letter arrived.",          # straight apostrophe, single space for a double one
    "  We will go  ",                   # surrounding white space ignored
])
def test_quote_found_despite_whitespace_and_quote_marks(quote):
    start, end = locate_quote(quote, TEXT)
    assert " ".join(TEXT[start:end].replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").split()) \
        == " ".join(quote.split())


@pytest.mark.parametrize("quote", ["Petros letter", "we will go", "", "arrived!"])
def test_quote_not_found(quote):
    assert locate_quote(quote, TEXT) is None


def test_offsets_point_at_the_original_characters():
    start, end = locate_quote("Petro's letter", TEXT)
    assert TEXT[start:end] == "Petro\u2019s  letter"
