"""Articles wrapped in a news page (tests/fixtures/html/page.html), and the records to compare.

Used by the HTML tests and by ``scripts/html_parity.py``: a plain-text article and the same
article as a page must give the same attributions.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template
from typing import Any

TEMPLATE = Template((Path(__file__).parent / "fixtures" / "html" / "page.html")
                    .read_text(encoding="utf-8"))
# Put inside the body, as news sites do; its headline holds quoted words.
TEASER = ('<p class="teaser"><strong>READ MORE: <a href="/more">Senator says the deal is '
          '&lsquo;dead on arrival&rsquo;</a></strong></p>')


def wrap(text: str) -> tuple[str, int]:
    """``text`` (headline on its first line) as a page: each further line a paragraph, a
    teaser after the second. Also the offset in ``text`` where the body starts."""
    lines = text.splitlines()
    headline = next(line for line in lines if line.strip())
    body_start = text.index(headline) + len(headline)
    body = [line.strip() for line in text[body_start:].splitlines() if line.strip()]
    paragraphs = [f"    <p>{html.escape(line, quote=False)}</p>" for line in body]
    if len(paragraphs) > 3:
        paragraphs.insert(2, "    " + TEASER)
    page = TEMPLATE.substitute(title=html.escape(headline.strip()),
                               json_body=json.dumps(" ".join(body)),
                               paragraphs="\n".join(paragraphs))
    return page, body_start


def records(quotes: Any) -> list[tuple]:
    """What must agree between two texts of one article: everything but the offsets and the
    kind of white space."""
    return sorted(
        (q.type, _spaced(q.text), q.cue.text if q.cue else None,
         _spaced(q.speaker.name) if q.speaker else None,
         _spaced(q.speaker.mention) if q.speaker else None, q.stance.label)
        for q in quotes)


_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u2060\ufeff")


def _spaced(text: str) -> str:
    # A page's text has its no-break spaces and line breaks made plain spaces, and no
    # zero-width characters.
    return " ".join(text.translate(_INVISIBLE).split())
