"""The /review page in headless Chromium: both seed articles compared, as an editor would.

The browser, the app served in a thread and the watched page are tests/e2e/conftest.py's.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_comparing_the_seeds_shows_the_misquote_and_the_quotes(watched, base_url, seed_texts,
                                                                tmp_path):
    page = watched.page
    page.goto(f"{base_url}/review")
    first, second = (seed_texts[name] for name in sorted(seed_texts)[:2])
    page.fill('textarea[name="a"]', first)
    page.fill('textarea[name="b"]', second)
    page.click('button[type="submit"]')
    page.wait_for_selector('#results [data-alarm="misquote"]', timeout=60_000)
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    assert page.locator('#results [data-alarm="misquote"]').count() >= 1
    assert page.locator('#results [data-alarm="paraphrase_to_quote"]').count() >= 1
    marks = page.locator("#results [data-quote-id]")
    assert marks.count() >= 20
    assert "emphasised" in page.locator('#results [data-alarm="misquote"]').first.inner_text()
    assert watched.requested and not watched.elsewhere(base_url), watched.requested
    assert not watched.problems, watched.problems
    assert (tmp_path / "review.png").stat().st_size > 0


def test_an_error_from_the_api_is_shown(watched, base_url):
    page = watched.page
    page.goto(f"{base_url}/review")
    page.fill('textarea[name="a"]', "   ")
    page.evaluate("document.querySelector('textarea[name=a]').removeAttribute('required')")
    page.click('button[type="submit"]')
    alert = page.wait_for_selector('#results [role="alert"]', timeout=30_000)
    assert "validation" in alert.inner_text()
    # The API's 422 is the only thing the console shows (Chromium logs a failed fetch).
    assert watched.problems and all("422" in problem and "/v1/quotes" in problem
                                    for problem in watched.problems), watched.problems
