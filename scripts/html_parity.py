#!/usr/bin/env python
"""How often the HTML path finds the same attributions as the plain-text path.

Each PolNeAR dev article (read from $QUOTES_SHARED_DIR or ../shared, never copied) is wrapped
in a news page (tests/fixtures/html/page.html: navigation, share bar, caption, a READ MORE
teaser in the body, related stories, comment form, footer, JSON-LD); its article is taken out
again with :func:`articles.from_html` and analysed. An article agrees when its records (type,
content, cue, speaker, stance) equal those of the same article sent as plain text: the text
after its headline, as on a page the headline is the title, which is not analysed (`--whole`:
the plain text with its headline).

    .venv/bin/python scripts/html_parity.py [--verbose]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import articles  # noqa: E402
import nlp  # noqa: E402
from pages import records, wrap  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="show each disagreement")
    parser.add_argument("--whole", action="store_true",
                        help="compare with the whole plain text, headline included")
    args = parser.parse_args()
    shared = Path(os.environ.get("QUOTES_SHARED_DIR", REPO.parent / "shared"))
    path = shared / "corpora" / "polnear" / "dev.jsonl"
    with path.open(encoding="utf-8") as handle:
        documents = [json.loads(line) for line in handle if line.strip()]
    pipeline = nlp.shared_pipeline(os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL))
    pages = [wrap(document["text"]) for document in documents]
    texts = [articles.from_html(page).text for page, _ in pages]
    plain = nlp.analyze_many(pipeline, (
        document["text"] if args.whole else document["text"][body_start:].strip()
        for document, (_, body_start) in zip(documents, pages)))
    from_html = nlp.analyze_many(pipeline, texts)
    agree = 0
    for document, a, b in zip(documents, plain, from_html):
        want, got = records(a.quotes), records(b.quotes)
        if want == got:
            agree += 1
        elif args.verbose:
            print(f"{document['id']}:", file=sys.stderr)
            for record in sorted(set(want) - set(got)):
                print(f"  plain only: {record}", file=sys.stderr)
            for record in sorted(set(got) - set(want)):
                print(f"  html only:  {record}", file=sys.stderr)
    print(f"HTML parity on {path.name}: {agree}/{len(documents)} articles = "
          f"{100 * agree / len(documents):.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
