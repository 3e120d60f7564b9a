"""HTML pages -> articles: the text, the title, the charset, and pages that are not articles."""
from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

import articles
from articles import charsets
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


@pytest.mark.parametrize("charset", [
    "no-such-charset", "base64",
    # Python codecs a browser does not know: each would read another article than it shows,
    # or fail with an error other than UnicodeDecodeError.
    "punycode", "undefined", "idna", "utf-7", "unicode_escape", "raw_unicode_escape", "cp037",
    "rot13", "uu", "zlib", "mbcs", "utf-32", "palmos",
    # The standard's replacement encoding and x-user-defined: no codec reads them as browsers.
    "iso-2022-kr", "hz-gb-2312", "replacement", "x-user-defined",
])
def test_unknown_declared_charset(charset):
    with pytest.raises(articles.UnknownCharset):
        articles.decode_html(b"<p>xn--abc-</p>", charset)


@pytest.mark.parametrize("raw, charset, expected", [
    ("<p>“日本”</p>".encode("cp932"), "Shift_JIS", "“日本”"),
    ("<p>中文</p>".encode("gb18030"), "gb2312", "中文"),
    ("<p>한국어</p>".encode("cp949"), "EUC-KR", "한국어"),
    ("<p>Русский</p>".encode("koi8_r"), "koi8-r", "Русский"),
    ("<p>é</p>".encode("utf-16-le"), "utf-16", "é"),  # no byte order mark: LE
    ("<p>é</p>".encode("utf-16-be"), "UTF-16BE", "é"),
    ("<p>š</p>".encode("iso8859_2"), "latin2", "š"),
    ("<p>’</p>".encode("cp1252"), '  "US-ASCII"\t', "’"),  # quotes, case, white space
    (b"\xfe\xff" + "<p>é</p>".encode("utf-16-be"), "windows-1252", "é"),
], ids=["shift_jis", "gbk", "euc-kr", "koi8-r", "utf-16", "utf-16be", "latin2",
        "us-ascii quoted", "utf-16be bom"])
def test_charsets_of_the_encoding_standard(raw, charset, expected):
    assert expected in articles.decode_html(raw, charset)


@pytest.mark.parametrize("label", ["punycode", "undefined", "idna", "utf-7", "cp037",
                                   "unicode_escape", "x-user-defined", "utf-16"])
def test_a_charset_in_the_page_outside_the_list_is_ignored(label):
    page = f"<meta charset={label}><p>caf\u00e9 xn--abc- +AGEAYgBj- \\u0041</p>"
    assert articles.decode_html(page.encode("utf-8")) == page


def test_every_decoding_error_is_undecodable(monkeypatch):
    # Whatever a codec raises for bad bytes (punycode and undefined raise a bare
    # UnicodeError), the caller sees UndecodableHtml, never an unexpected error.
    monkeypatch.setitem(charsets.CODECS, "x-test-undefined", "undefined")
    monkeypatch.setitem(charsets.CODECS, "x-test-punycode", "punycode")
    for label in ("x-test-undefined", "x-test-punycode"):
        with pytest.raises(articles.UndecodableHtml):
            articles.decode_html("<p>caf\u00e9</p>".encode("utf-8"), label)


def test_the_position_of_a_bad_byte_counts_the_byte_order_mark():
    with pytest.raises(articles.UndecodableHtml) as caught:
        articles.decode_html(b"\xef\xbb\xbf<p>\xff</p>")
    assert caught.value.position == 6


def test_the_allow_list_is_the_encoding_standard_in_python_codecs():
    labels = [label for _, names in charsets.ENCODINGS.values() for label in names]
    assert len(labels) == len(set(labels)) == len(charsets.CODECS) == 221
    for label, codec in charsets.CODECS.items():
        assert label == label.strip().lower()
        info = codecs.lookup(codec)  # every codec exists, and is a text encoding
        assert getattr(info, "_is_text_encoding", True)
        assert "caf\u00e9".encode("utf-8").decode(codec, "replace")
    assert charsets.codec("ISO-8859-1") == charsets.codec("ascii") == "cp1252"
    assert charsets.codec("latin-1") is None  # not a label of the standard


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
