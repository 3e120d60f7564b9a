"""Articles out of web pages: the main text of an HTML page, with its headline apart.

    html = decode_html(raw_bytes, charset)      # the page as text (charset, <meta>, UTF-8)
    article = from_html(html)                   # -> Article(text, title)

The service and the command-line tool both read HTML through here. This package imports
neither Flask nor spaCy: it turns a page into the plain text the extraction then runs on, and
every offset the extraction reports is an offset into ``article.text``.
"""
from __future__ import annotations

from articles.html import (MAX_ELEMENTS, Article, ArticleError, NoArticleText, PageTooComplex,
                           UndecodableHtml, UnknownCharset, decode_html, from_html,
                           looks_like_html)

__all__ = [
    "MAX_ELEMENTS", "Article", "ArticleError", "NoArticleText", "PageTooComplex",
    "UndecodableHtml", "UnknownCharset", "decode_html", "from_html", "looks_like_html",
]
