"""Finding quotations by their marks, on raw text."""
from __future__ import annotations

import pytest

from nlp.quotemarks import find_quotations, quoted_share


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotations(text)]


@pytest.mark.parametrize("text, expected", [
    ('He said "no way" today.', ['"no way"']),
    ("He said “no way” today.", ["“no way”"]),
    ("Er sagte „nein“ heute.", ["„nein“"]),
    ("Il a dit «non» hier.", ["«non»"]),
    ("Il a dit « non » hier.", ["« non »"]),
    ("''Their strategy is clear,'' he said.", ["''Their strategy is clear,''"]),
    ('Mixed "straight and curly” marks.', ['"straight and curly”']),
    ("”Used as an opener,” she said.", ["”Used as an opener,”"]),
    ("“One,” he said, “two.”", ["“One,”", "“two.”"]),
])
def test_quotations_in_every_style(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text, expected", [
    # news style: a quotation running on reopens its mark on the next paragraph
    ("“First paragraph goes on\n\n“Second paragraph ends.”", ["“First paragraph goes on", "“Second paragraph ends.”"]),
    # a stray mark inside a paragraph is no quotation
    ('He is 6" tall and proud of it', []),
    ("A stray “ mark in the middle\nand a new line", []),
    # apostrophes are not quotation marks
    ("The minister's aides didn't say", []),
    ("", []),
    ('"', []),
    ('""', []),
])
def test_unbalanced_and_stray_marks(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a straight-quoted passage quoting a phrase in curly marks is one quotation
    ('"He called it “a disaster” and left," she said.',
     ['"He called it “a disaster” and left,"']),
    # but one that holds another and runs on unclosed is most often a passage from another
    # story, whose inner quotations are its own speakers' words
    ('"She watched him, chanting “U-S-A!”\n\nNext.', ["“U-S-A!”"]),
    # and the reverse: a curly quotation quoting a straight phrase
    ('“He said "no" to me,” she said.', ['“He said "no" to me,”']),
    # an outer mark that proves stray leaves the inner quotation
    ('A stray " mark, then “a real one,” he said.', ["“a real one,”"]),
    # and so does an opening mark of the outer's style after the inner quotation
    ('He called it a "disaster. “We will rebuild,” the mayor said. "It is done," she added.',
     ["“We will rebuild,”", '"It is done,"']),
    ('"I said “no,” she said. "Then I left."', ["“no,”", '"Then I left."']),
    # an inner mark that proves stray leaves the outer quotation
    ('"It was “odd, he said," she added.', ['"It was “odd, he said,"']),
])
def test_a_quotation_holds_one_of_another_style(text, expected):
    assert quoted(text) == expected


def test_unclosed_quotation_records_it_was_not_closed():
    text = "“It goes on\n\nMore."
    (q,) = find_quotations(text)
    assert not q.closed and text[q.start:q.end] == "“It goes on"


def test_inner_excludes_the_marks():
    text = "He said ''yes'' twice."
    (q,) = find_quotations(text)
    start, end = q.inner
    assert text[start:end] == "yes"


def test_quoted_share_counts_quotations_with_their_marks():
    text = 'a "bc" d'
    qs = find_quotations(text)
    assert quoted_share(qs, 2, 6) == 1.0
    assert quoted_share(qs, 0, 8) == pytest.approx(4 / 8)
    assert quoted_share([], 0, 8) == 0.0


@pytest.mark.parametrize("text, expected", [
    # British and Australian copy quotes in single marks
    ("‘It’s a sad day for the club,’ said the coach. ‘We gave everything.’",
     ["‘It’s a sad day for the club,’", "‘We gave everything.’"]),
    ("'We will not back down,' Mr Albanese said.", ["'We will not back down,'"]),
    ("The minister called the plan 'a disaster for farmers'.", ["'a disaster for farmers'"]),
    # a closing mark before a word may be an apostrophe: one that punctuation marks as an
    # end comes first, and one between two letters never closes
    ("‘The players’ effort was superb,’ he said.", ["‘The players’ effort was superb,’"]),
    ("‘We were goin’ home, we won’t stop,’ she said.",
     ["‘We were goin’ home, we won’t stop,’"]),
    # where nothing marks an end, the first mark before a word closes (scare quotes)
    ("He called it ‘a disaster’ and said it was the players’ fault.", ["‘a disaster’"]),
    ("the ‘alt-right’ movement and the ‘deplorables’, she said",
     ["‘alt-right’", "‘deplorables’"]),
    # a quotation in single marks holds those in double marks, and the reverse
    ("‘He called it “a disaster” and left,’ she said.",
     ["‘He called it “a disaster” and left,’"]),
    ('"He called it \'a disaster\' and left," she said.',
     ['"He called it \'a disaster\' and left,"']),
    ("''Their strategy,'' he said, 'is clear.'", ["''Their strategy,''", "'is clear.'"]),
    # one opening its paragraph runs on unclosed, as in double marks; elsewhere it is stray
    ("‘First paragraph goes on\n\n‘Second ends.’", ["‘First paragraph goes on", "‘Second ends.’"]),
    ("He said ‘no", []),
    # apostrophes and elisions quote nothing
    ("rock 'n' roll in the '90s, Jones' car, it's fine", []),
    ("The minister's aides didn’t say ’em", []),
])
def test_quotations_in_single_marks(text, expected):
    assert quoted(text) == expected


def test_a_line_in_single_marks_is_a_heading_only_where_the_text_quotes_in_double_marks():
    american = ('"We are fine," she said.\n\n\'A tough decision.\'\n\n"It is hard," he said.\n\n'
                "'Moving on'\n\nThe plant closed.")
    qs = find_quotations(american)
    assert [american[q.start:q.end] for q in qs if qs.is_heading(q)] == [
        "'A tough decision.'", "'Moving on'"]
    assert all(q.single for q in qs if qs.is_heading(q))
    # headings are not counted as the text's style, whatever their number
    british = american.replace('"', "'")
    qs = find_quotations(british)
    assert not any(qs.is_heading(q) for q in qs)
    running = american + "\n\n'It goes on\n\n'and on.'\n\n\"Yes,\" he said."
    qs = find_quotations(running)
    assert "'It goes on" not in [running[q.start:q.end] for q in qs if qs.is_heading(q)]
    alone = "The Prime Minister said:\n\n‘We will win.’"
    assert not any(find_quotations(alone).is_heading(q) for q in find_quotations(alone))


@pytest.mark.parametrize("text, expected", [
    # an elision opens no quotation, at a paragraph's start or inside a quotation
    ("'Twas the night before the vote, the whip said.", []),
    ("The fans sang 'til late and the clubs' owners said they were happy.", []),
    ("'We'll fight 'em on the beaches,' he said.", ["'We'll fight 'em on the beaches,'"]),
    ("'Rock 'n' roll saved my life,' the singer said.", ["'Rock 'n' roll saved my life,'"]),
    # a quotation may open on an elided word, when punctuation closes it
    ("'Til the end,' she said.", ["'Til the end,'"]),
    ("'Nuff said,' the coach told reporters.", ["'Nuff said,'"]),
    # a closing mark before a word is an apostrophe where the quotation runs on
    ("She said: ‘The workers’ rights matter most.\n\n‘We will defend them.’",
     ["‘The workers’ rights matter most.", "‘We will defend them.’"]),
])
def test_elisions_and_possessives_in_single_marks(text, expected):
    assert quoted(text) == expected



@pytest.mark.parametrize("text, expected", [
    # after a colon, a quotation left open goes on when the next paragraph reopens it
    ('A spokesman said: "A man has been arrested.\n\n"Inquiries go on."',
     ['"A man has been arrested.', '"Inquiries go on."']),
    ("A spokesman said: ‘A man has been arrested.\n\n‘Inquiries go on.’",
     ["‘A man has been arrested.", "‘Inquiries go on.’"]),
    # not when the next paragraph is prose, nor without the colon: the mark was stray
    ('A spokesman said: "A man has been arrested.\n\nInquiries go on.', []),
    ('A spokesman said "A man has been arrested.\n\n"Inquiries go on."', ['"Inquiries go on."']),
])
def test_a_quotation_introduced_by_a_colon_may_run_on_to_the_next_paragraph(text, expected):
    assert quoted(text) == expected
    assert all(not q.closed for q in find_quotations(text)[:len(expected) - 1])
