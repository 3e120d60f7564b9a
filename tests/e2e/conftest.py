"""What the browser tests share: headless Chromium, the app served in a thread, and pages
that record everything a user's console would show.

Chromium is Debian's package (``./scripts/test`` installs it where it can); Playwright drives
it, and never downloads a browser of its own. Without them the browser tests skip, except
under ``CI=true``, where they fail.
"""
from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from api import create_app

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (under CI=true the browser test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
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


@pytest.fixture(scope="session")
def base_url(pipeline):
    server = make_server("127.0.0.1", 0, create_app(pipeline=pipeline), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


@dataclass
class Watched:
    """A fresh page, every URL it requested, and every problem a user's console would show:
    console errors, uncaught exceptions, failed requests and responses of status 400 or more.
    """

    page: Any
    requested: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def elsewhere(self, base_url: str) -> list[str]:
        """The requested URLs not on ``base_url``'s origin."""
        return [url for url in self.requested if _origin(url) != _origin(base_url)]


@pytest.fixture
def watched(browser):
    context = browser.new_context()
    page = context.new_page()
    seen = Watched(page)
    page.on("request", lambda request: seen.requested.append(request.url))
    page.on("console", lambda message: message.type == "error" and seen.problems.append(
        f"console error: {message.text} (at {message.location.get('url')})"))
    page.on("pageerror", lambda error: seen.problems.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: seen.problems.append(
        f"request failed: {request.method} {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and seen.problems.append(
        f"HTTP {response.status}: {response.request.method} {response.url}"))
    yield seen
    context.close()
