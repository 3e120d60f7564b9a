"""The /review page in headless Chromium: both seed articles compared, as an editor would.

Chromium is Debian's package (``./scripts/test`` installs it where it can); Playwright drives
it, and never downloads a browser of its own. Without them the test skips, except under
``CI=true``, where it fails.
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from api import create_app

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.e2e


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (under CI=true the browser test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install .[test])")
    if not shutil.which(CHROMIUM):
        _missing(f"no Chromium at {CHROMIUM} (as root: apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(pipeline):
    server = make_server("127.0.0.1", 0, create_app(pipeline=pipeline), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_comparing_the_seeds_shows_the_misquote_and_the_quotes(browser, base_url, seed_texts,
                                                                tmp_path):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
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
    assert not errors
    assert requested and all(url.startswith(base_url) for url in requested), requested
    assert (tmp_path / "review.png").stat().st_size > 0


def test_an_error_from_the_api_is_shown(browser, base_url):
    page = browser.new_page()
    page.goto(f"{base_url}/review")
    page.fill('textarea[name="a"]', "   ")
    page.evaluate("document.querySelector('textarea[name=a]').removeAttribute('required')")
    page.click('button[type="submit"]')
    alert = page.wait_for_selector('#results [role="alert"]', timeout=30_000)
    assert "validation" in alert.inner_text()
