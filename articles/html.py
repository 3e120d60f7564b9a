"""An HTML page -> its article: plain text in paragraphs, and the headline.

The main content is found by trafilatura (boilerplate removal: navigation, share bars, comment
forms, footers, most teasers and captions). What it lets through that is still not article
text is removed here in small steps: the headline repeated in the body, byline and date
lines, pull quotes that repeat the body. (A dateline that opens the first sentence, "PARIS
(AP) — ", is left where it is, as it is in the plain text of the same article.) Teaser lines
("READ MORE: ...") that survive are left to the extraction's furniture filter, which treats
plain-text input the same way.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from articles import charsets

# Beyond this many elements (after scripts and styles are dropped) a page is refused: the
# extraction's time grows with the element count, and a real article page has a few thousand.
MAX_ELEMENTS = 50_000

# How far into the bytes a <meta charset> is looked for (browsers look at the first 1024).
_META_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""",
                           re.IGNORECASE)
# A byte order mark says the encoding whatever the page or its Content-Type says, as in
# browsers.
_BOMS = ((codecs.BOM_UTF8, charsets.UTF_8), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))

# The publication date is not wanted; htmldate's extensive search (dateparser) costs seconds
# on its first use in a process.
_DATES = {"extensive_search": False, "original_date": True}

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_CONTENT = ("script", "style", "noscript", "template")
# Characters with no width that may sit inside words (soft hyphens, zero-width spaces):
# removed. No-break and other odd spaces are kept, one code point each.
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u2060\ufeff")
_MARKUP_SPACES = " \t\n\r\f\v"
# trafilatura makes every Unicode space a plain one; these stand in for them meanwhile
# (code points of a private-use plane, removed from the page first).
_ODD_SPACES = "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_STAND_IN = 0x10FF00
_HIDE_SPACES = {**{ord(c): _STAND_IN + i for i, c in enumerate(_ODD_SPACES)},
                **{_STAND_IN + i: None for i in range(len(_ODD_SPACES))}}
_SHOW_SPACES = {_STAND_IN + i: c for i, c in enumerate(_ODD_SPACES)}
_MARKUP_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)

_MAX_FURNITURE_WORDS = 12
_BYLINE = re.compile(r"^(?:by|written by|posted by|reporting by|words by)\s+\S", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\"”’]\s*$")
_DATE_NAMES = frozenset("""
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december mon tue tues wed thu thur thurs fri sat sun
    monday tuesday wednesday thursday friday saturday sunday published updated posted modified
""".split())
_DATE_WORDS = frozenset("""
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december mon tue tues wed thu thur thurs fri sat sun
    monday tuesday wednesday thursday friday saturday sunday published updated posted last
    modified on at am pm a m p st nd rd th et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc
    bst cet cest ist aest
""".split())
# A block that is only quoted words, perhaps signed: what a pull quote looks like.
_QUOTED_ONLY = re.compile(r"^[“\"‘'«](?P<words>[^“”\"«»]+)[”\"’'»]\s*(?:[—–-]+.{0,100})?$")
_WORDS = re.compile(r"\w+")
_MIN_PULL_QUOTE_WORDS = 3


@dataclass(frozen=True)
class Article:
    """The article of a page: ``text`` (paragraphs separated by blank lines) and ``title``."""

    text: str
    title: str | None


class ArticleError(ValueError):
    """The page cannot be made into an article."""


class UnknownCharset(ArticleError):
    """The declared charset is not one we can decode."""

    def __init__(self, charset: str) -> None:
        super().__init__(f"unknown charset {charset!r}")
        self.charset = charset


class UndecodableHtml(ArticleError):
    """The bytes are not valid in the page's charset."""

    def __init__(self, charset: str, position: int) -> None:
        super().__init__(f"not valid {charset} at byte {position}")
        self.charset = charset
        self.position = position


class NoArticleText(ArticleError):
    """The page holds no article text."""


class PageTooComplex(ArticleError):
    """The page has more elements than :data:`MAX_ELEMENTS`."""

    def __init__(self, elements: int) -> None:
        super().__init__(f"{elements} elements; at most {MAX_ELEMENTS}")
        self.elements = elements


def decode_html(raw: bytes, charset: str | None = None) -> str:
    """``raw`` as text: in ``charset`` (from a Content-Type), else the page's ``<meta
    charset>``, else UTF-8. A byte order mark overrides both.

    Only the labels of :mod:`articles.charsets` (the WHATWG Encoding Standard's) are
    charsets. Raises :class:`UnknownCharset` for any other ``charset``; any other charset in
    the page itself is ignored, as a browser ignores it, and the page is read as UTF-8.
    Raises :class:`UndecodableHtml` for bytes that are not valid in the charset, whatever the
    codec's error.
    """
    codec, start = None, 0
    for bom, name in _BOMS:
        if raw.startswith(bom):
            codec, start = name, len(bom)
            break
    if codec is None and charset:
        codec = charsets.codec(charset)
        if codec is None:
            raise UnknownCharset(charset)
    if codec is None:
        found = _META_CHARSET.search(raw[:_META_SCAN_BYTES])
        codec = charsets.codec(found.group(1).decode("ascii")) if found else None
        # A page cannot declare UTF-16 from inside itself (its bytes would not be ASCII).
        if codec is None or codec in charsets.UTF_16:
            codec = charsets.UTF_8
    try:
        return str(memoryview(raw)[start:], codec)
    except ValueError as exc:  # UnicodeDecodeError, or any other a codec may raise
        position = start + getattr(exc, "start", 0)
        raise UndecodableHtml(charset or codec, position) from None


def looks_like_html(text: str) -> bool:
    """Whether ``text`` starts the way an HTML page does (a doctype, ``<html>``, ...)."""
    return _HTML_START.match(text[:4096]) is not None


def from_html(html: str) -> Article:
    """The article of the page ``html``.

    Raises :class:`NoArticleText` when the page has none and :class:`PageTooComplex` when it
    has too many elements to look through.
    """
    tree = _parse(html)
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        raise PageTooComplex(elements)
    document = trafilatura.bare_extraction(
        tree, favor_precision=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, with_metadata=True, deduplicate=False,
        date_extraction_params=_DATES)
    if document is None or document.body is None:
        raise NoArticleText("no article text found")
    title = _clean(document.title or "") or None
    paragraphs = _paragraphs(document.body)
    # The headline repeated in the body (the title's own clean-up may have lost its odd
    # spaces: the body's copy keeps them).
    headings = [p for p in paragraphs if title is not None and _squeezed(p) == _squeezed(title)]
    title = headings[0] if headings else title
    paragraphs = [p for p in paragraphs if p not in headings and not _is_byline_or_date(p)]
    paragraphs = _without_pull_quotes(paragraphs)
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise NoArticleText("no article text found")
    return Article(text=text, title=title)


def _parse(html: str) -> lxml.html.HtmlElement:
    # lxml refuses a str that carries an encoding declaration, and NUL or control bytes.
    html = _CONTROL.sub("", _XML_DECLARATION.sub("", html, count=1))
    if not html.strip():
        raise NoArticleText("the page is empty")
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise NoArticleText(str(exc)) from None
    etree.strip_elements(tree, *_NOT_CONTENT, with_tail=False)
    # Only in the body: the title's own clean-up would drop the stand-ins.
    for element in tree.body.iter():
        if element.text:
            element.text = element.text.translate(_HIDE_SPACES)
        if element.tail:
            element.tail = element.tail.translate(_HIDE_SPACES)
    return tree


def _paragraphs(body: etree._Element) -> list[str]:
    """The text of each block of trafilatura's output; a list gives one per item."""
    for line_break in body.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    blocks = []
    for child in body:
        items = child.findall("item") if child.tag == "list" else [child]
        blocks.extend(_clean("".join(item.itertext())) for item in items)
    return [block for block in blocks if block]


def _clean(text: str) -> str:
    # Runs of white space in markup are one space, as a browser shows them; a no-break space
    # stays one, as it would in the plain text of the same article.
    text = text.translate(_INVISIBLE).translate(_SHOW_SPACES)
    return _MARKUP_SPACE.sub(" ", text).strip(_MARKUP_SPACES)


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


def _is_byline_or_date(paragraph: str) -> bool:
    words = paragraph.split()
    if len(words) > _MAX_FURNITURE_WORDS:
        return False
    if _BYLINE.match(paragraph) and not _SENTENCE_END.search(paragraph):
        return True
    # A date line: nothing but dates, times, weekdays and "Published"/"Updated" (a time
    # alone heads an entry of a live report: it stays).
    words = [word.casefold() for word in re.findall(r"[^\W\d_]+", paragraph)]
    return (any(c.isdigit() for c in paragraph) and any(w in _DATE_NAMES for w in words)
            and all(w in _DATE_WORDS for w in words))


def _core(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _without_pull_quotes(paragraphs: list[str]) -> list[str]:
    """Drop the blocks that only quote words the rest of the article already holds.

    The other blocks that may hold a quote's words are found through an index of the word
    triples each block has (those holding its first and its last triple), and only they are
    searched: the cost follows the article's length, not its length times its blocks."""
    cores = [_core(p) for p in paragraphs]
    triples: dict[tuple[str, ...], set[int]] = {}
    for j, core in enumerate(cores):
        words = core.split()
        for k in range(len(words) - _MIN_PULL_QUOTE_WORDS + 1):
            triples.setdefault(tuple(words[k:k + _MIN_PULL_QUOTE_WORDS]), set()).add(j)
    kept = []
    for i, paragraph in enumerate(paragraphs):
        quoted = _QUOTED_ONLY.match(paragraph)
        words = _core(quoted.group("words")) if quoted else ""
        split = words.split()
        if len(split) >= _MIN_PULL_QUOTE_WORDS:
            first = triples.get(tuple(split[:_MIN_PULL_QUOTE_WORDS]), set())
            last = triples.get(tuple(split[-_MIN_PULL_QUOTE_WORDS:]), set())
            if any(f" {words} " in f" {cores[j]} " for j in sorted(first & last) if j != i):
                continue
        kept.append(paragraph)
    return kept
