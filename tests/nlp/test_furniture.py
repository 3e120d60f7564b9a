"""Page furniture yields no attribution."""
from __future__ import annotations

import pytest

from nlp.furniture import Furniture, dateline_ends
from nlp.quotemarks import find_quotations


@pytest.mark.parametrize("line, furniture", [
    ("Please enter your comment!", True),
    ("Previous articleUkraine troops withdraw from frontline city", True),
    ("Next articleZelensky to rally leaders", True),
    (" date 2024-02-16 Text size", True),
    ("Blinken, China’s Wang discuss Russia, US sanctions", True),  # a headline
    ("US, diplomatic ,", True),  # a tag line
    ("By Jane Doe", True),  # a byline
    ("Share this article", True),
    ("The ministry said the two held talks.", False),
    ("“We will win,” she said.", False),
    ("“Maybe we can build a wall.” ― Jane Doe", False),  # a signed quotation
    ("By contrast, the senator said the bill would pass.", False),
])
def test_furniture_lines(line, furniture):
    text = "Some prose before.\n" + line + "\nSome prose after."
    assert Furniture(text).covers(len("Some prose before.\n")) is furniture


def test_prose_around_furniture_is_not_covered():
    text = "Prose here.\nPlease enter your comment!\nMore prose."
    f = Furniture(text)
    assert not f.covers(0)
    assert f.covers(text.index("Please"))
    assert not f.covers(text.index("More"))


@pytest.mark.parametrize("line", [
    "Advertisements for the drug were misleading, the FDA said in a statement on Monday.",
    "Written by hand, the letter said the firm had lied to investors for years.",
])
def test_prose_starting_like_a_widget_is_not_furniture(line):
    text = "Some prose before.\n" + line
    assert not Furniture(text).covers(len("Some prose before.\n"))


def test_a_single_unpunctuated_sentence_is_not_a_headline():
    assert not Furniture("Biden said the economy is strong").covers(0)


@pytest.mark.parametrize("text, prose", [
    ("SEOUL (AP) — North Korea fired a missile.", "North Korea"),
    ("LONDON, March 3 (Reuters) - Britain will leave.", "Britain"),
    ("FLINT, Mich., Oct. 4 (UPI) — Former President Bill Clinton spoke.", "Former"),
    ("WASHINGTON -- President Obama spoke.", "President"),
    ("Headline\n\nNEW YORK (AP) — The market fell.", "The market"),
])
def test_a_paragraphs_opening_dateline_ends_before_its_prose(text, prose):
    assert [text[end:end + len(prose)] for end in dateline_ends(text)] == [prose]


@pytest.mark.parametrize("text", [
    "The U.S. - China talks resumed.",        # capitals, but not at the paragraph's start
    "NATO said - and repeated - that it would act.",
    "Smith - who led the talks - said no.",
    "Paris — the city of light — voted.",      # a place, but not in capitals
    "NATO — which Trump once called obsolete — said so.",  # an aside, in lower case
    "US - China trade talks resumed.",         # a bare place of two letters
    "IBM — long a laggard in cloud computing — said so.",
])
def test_prose_with_a_dash_has_no_dateline(text):
    assert dateline_ends(text) == []


def test_a_line_in_single_marks_is_a_heading_where_the_text_quotes_in_double_marks():
    text = ('"We are fine," she said.\n\n\'A really tough decision.\'\n\n'
            '"It is hard," he said.\n\n\'A really tough decision,\' he said.')
    f = Furniture(text, find_quotations(text))
    assert f.covers(text.index("'A really"))
    assert not f.covers(text.rindex("'A really"))  # a sentence goes on after it
    assert not f.covers(0)
    # where the text quotes in single marks, such a line is a quotation
    british = text.replace('"', "'")
    assert not Furniture(british, find_quotations(british)).covers(british.index("'A really"))
