"""HTML pages -> articles: the text, the title, the charset, and pages that are not articles."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

import articles
from articles import html as html_module
from nlp.furniture import Furniture

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "html"

# name, headline; each page's article as plain text is beside it in NAME.txt.
FIXTURES = [
    ("wordpress", "Council approves transit levy after marathon session"),
    ("jsonld", "Nurses at St. Agnes walk out over staffing"),
    ("amp", "Drought forces farmers to sell cattle early"),
    ("pullquote", "Old Mill Bridge to close for two years"),
    ("readmore", "School board trims budget, spares music programs"),
    ("cp1252", "Café owners fight plan to pave Place Dumont"),
]


def _page(name: str) -> articles.Article:
    return articles.from_html(articles.decode_html((PAGES / f"{name}.html").read_bytes()))


@pytest.mark.parametrize("name, title", FIXTURES, ids=[name for name, _ in FIXTURES])
def test_the_article_of_a_page_is_its_plain_text(name, title):
    article = _page(name)
    want = (PAGES / f"{name}.txt").read_text(encoding="utf-8").strip().split("\n\n")
    got = article.text.split("\n\n")
    assert article.title == title
    # Every paragraph, in order; anything else the library let through is furniture that
    # the extraction leaves out (a READ MORE teaser, say).
    assert [p for p in got if p in want] == want
    furniture = Furniture(article.text)
    extra = [p for p in got if p not in want]
    assert all(furniture.covers(article.text.index(p)) for p in extra), extra


def test_character_references_and_odd_spaces():
    page = ("<html><body><article><h1>Head</h1><p>&ldquo;We&#8217;ll see,&rdquo; said "
            "Ms.&nbsp;Lee of the neigh&shy;bour&#8203;hood council, who spoke\u2060 at "
            "length\u202fand with passion about the plans for the new library branch.</p>"
            "</article></body></html>")
    text = articles.from_html(page).text
    # No-break and narrow spaces stay, one code point each, as in the plain text of the same
    # article; soft hyphens and zero-width spaces go.
    assert text == ("“We’ll see,” said Ms.\u00a0Lee of the neighbourhood council, who spoke at "
                    "length\u202fand with passion about the plans for the new library branch.")


@pytest.mark.parametrize("paragraph, dropped", [
    ("By Jane Doe", True),
    ("Written by Omar Haddad", True),
    ("Published March 4, 2024 at 10:32 a.m. ET", True),
    ("Thursday, May 23, 2024", True),
    ("5:45 p.m.", False),  # heads an entry of a live report
    ("By contrast, the senator said the bill would pass.", False),
    ("In May 2024 the council said it would vote again.", False),
])
def test_bylines_and_date_lines_are_not_article_text(paragraph, dropped):
    prose = "<p>The council met on Tuesday and said it would decide on the budget next week.</p>"
    page = f"<html><body><article><p>{paragraph}</p>{prose * 3}</article></body></html>"
    assert (paragraph not in articles.from_html(page).text) is dropped


@pytest.mark.parametrize("raw, charset, expected", [
    ("<meta charset='windows-1252'><p>\u201cCaf\u00e9\u201d</p>".encode("cp1252"), None,
     "“Café”"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>\x93</p>'
     .encode("latin-1"), None, "“"),  # browsers read latin-1 as windows-1252
    ("<meta charset='utf-8'><p>\u00e9</p>".encode("cp1252"), "windows-1252", "é"),
    ("<p>\u00e9</p>".encode("utf-8"), None, "é"),
    (b"\xef\xbb\xbf<p>\xc3\xa9</p>", "windows-1252", "é"),  # a byte order mark wins
    ("<meta charset='no-such-charset'><p>\u00e9</p>".encode("utf-8"), None, "é"),
], ids=["meta", "http-equiv latin-1", "header wins", "default utf-8", "bom", "unknown meta"])
def test_charset(raw, charset, expected):
    assert expected in articles.decode_html(raw, charset)


def test_bytes_invalid_in_their_charset():
    with pytest.raises(articles.UndecodableHtml) as caught:
        articles.decode_html(b"<p>caf\xe9 \xc3</p>", "utf-8")
    assert caught.value.position == 6
    with pytest.raises(articles.UndecodableHtml):
        articles.decode_html(b"<p>\x81</p>", "windows-1252")  # unassigned in windows-1252


@pytest.mark.parametrize("charset", ["no-such-charset", "base64"])
def test_unknown_declared_charset(charset):
    with pytest.raises(articles.UnknownCharset):
        articles.decode_html(b"<p>x</p>", charset)


@pytest.mark.parametrize("page", [
    "",
    "   ",
    "<!-- nothing -->",
    "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
    "<html><body><script>var story = 'He said it was fine.';</script></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body></body></html>",
    "\x00\x01<p>\x00</p>",
])
def test_no_article_text(page):
    with pytest.raises(articles.NoArticleText):
        articles.from_html(page)


ARTICLE = "<p>“We will win,” she said of the election campaign, speaking to supporters.</p>" * 5


def test_odd_markup_still_gives_the_article():
    page = "<?xml version='1.0' encoding='utf-8'?>\x00<html><body>" + ARTICLE + "</body></html>"
    assert "“We will win,” she said" in articles.from_html(page).text


@pytest.mark.parametrize("page", [
    "<html><body><script>var x = '" + "a" * 2_000_000 + "';</script>" + ARTICLE + "</body>",
    "<html><body>" + "<script>var x = 1;</script>" * 50_000 + ARTICLE + "</body>",
    "<html><body>" + "<div>" * 50_000 + ARTICLE + "</div>" * 50_000 + "</body>",
], ids=["one big script", "many scripts", "deeply nested"])
def test_heavy_pages_finish_quickly(page):
    started = time.perf_counter()
    try:
        articles.from_html(page)
    except articles.NoArticleText:
        pass  # what lies below the parser's depth limit is lost: no article is an answer
    assert time.perf_counter() - started < 10


def test_a_page_with_too_many_elements_is_refused(monkeypatch):
    monkeypatch.setattr(html_module, "MAX_ELEMENTS", 100)
    with pytest.raises(articles.PageTooComplex):
        articles.from_html("<html><body>" + "<p>Line.</p>" * 200 + "</body></html>")


def test_looks_like_html():
    assert articles.looks_like_html("\n<!DOCTYPE html><html>")
    assert articles.looks_like_html("<!-- saved --><html lang='en'>")
    assert not articles.looks_like_html("“We will win,” she said. <b>not a page</b>")
