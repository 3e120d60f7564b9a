"""Page furniture yields no attribution."""
from __future__ import annotations

import pytest

from nlp.furniture import Furniture


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
