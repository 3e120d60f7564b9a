"""The /review page in headless Chromium: both seed articles compared, as an editor would.

The browser, the app served in a thread and the watched page are tests/e2e/conftest.py's.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def _compare_the_seeds(page, base_url, seed_texts, alarm):
    """Paste both seed articles, compare them, and wait for an alarm of kind ``alarm``."""
    page.goto(f"{base_url}/review")
    first, second = (seed_texts[name] for name in sorted(seed_texts)[:2])
    page.fill('textarea[name="a"]', first)
    page.fill('textarea[name="b"]', second)
    page.click('button[type="submit"]')
    page.wait_for_selector(f'#results [data-alarm="{alarm}"]', timeout=60_000)


def test_comparing_the_seeds_shows_the_misquote_and_the_quotes(watched, base_url, seed_texts,
                                                                tmp_path):
    page = watched.page
    _compare_the_seeds(page, base_url, seed_texts, "misquote")
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    assert page.locator('#results [data-alarm="misquote"]').count() >= 1
    assert page.locator('#results [data-alarm="paraphrase_to_quote"]').count() >= 1
    marks = page.locator("#results [data-quote-id]")
    assert marks.count() >= 20
    assert "emphasised" in page.locator('#results [data-alarm="misquote"]').first.inner_text()
    assert watched.requested and not watched.elsewhere(base_url), watched.requested
    assert not watched.problems, watched.problems
    assert (tmp_path / "review.png").stat().st_size > 0


def test_a_changed_fact_is_shown_with_its_words_in_both_versions(watched, base_url, seed_texts):
    page = watched.page
    _compare_the_seeds(page, base_url, seed_texts, "fact_changed")
    fact = page.locator('#results [data-alarm="fact_changed"] .fact').first
    assert fact.locator("del").inner_text() == "Ukraine"
    assert fact.locator("ins").inner_text() == "China"
    # the words are highlighted where they stand in each version, and the alarm links there
    old = page.locator('#results .version').nth(0).locator(".fact-word")
    new = page.locator('#results .version').nth(1).locator(".fact-word")
    assert "Ukraine" in old.all_inner_texts() and "China" in new.all_inner_texts()
    target = fact.locator("a.fact-new").get_attribute("href")
    assert page.locator(target).inner_text() == "China"
    assert not watched.problems, watched.problems


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


BELIEF_AND_POLL = ("Officials believe the minister said the plan would work. "
                   "A new poll showed that voters trust the governor.")


def _acts_shown(page) -> tuple[set[str], set[str]]:
    """The acts of the highlighted marks and of the listed records."""
    marks = page.locator("#results mark[data-quote-id]")
    items = page.locator("#results .quote-item")
    return ({marks.nth(i).get_attribute("data-act") for i in range(marks.count())},
            {items.nth(i).locator(".act").inner_text() for i in range(items.count())})


def test_the_act_filter_keeps_only_the_acts_checked(watched, base_url):
    page = watched.page
    page.goto(f"{base_url}/review")
    boxes = {act: page.locator(f'input[name="acts"][value="{act}"]')
             for act in ("speech", "thought", "intention", "evidence")}
    assert all(box.is_checked() for box in boxes.values())  # all four: nothing left out
    assert "default" in page.locator("#acts-hint").inner_text()
    requests = []
    page.on("request", lambda request: request.method == "POST" and requests.append(request))

    page.fill('textarea[name="a"]', BELIEF_AND_POLL)
    page.click('button[type="submit"]')
    page.wait_for_selector("#results .quote-item", timeout=60_000)
    marked, listed = _acts_shown(page)
    assert marked == listed == {"speech", "thought", "evidence"}, (marked, listed)
    assert requests[-1].post_data_json["acts"] == ["speech", "thought", "intention", "evidence"]
    for act in ("speech", "thought", "evidence"):  # each list item says its act as the mark does
        assert page.locator(f'#results .quote-item[data-act="{act}"] .act[data-act="{act}"]').count()

    boxes["thought"].uncheck()
    boxes["evidence"].uncheck()
    page.click('button[type="submit"]')
    # (the page's CSP forbids eval, so wait on the status text, not a JavaScript predicate)
    page.locator("#status", has_text="Showing speech, intention only.").wait_for(timeout=60_000)
    marked, listed = _acts_shown(page)
    assert marked == listed == {"speech"}, (marked, listed)
    assert page.locator("#results .quote-item").count() >= 1
    assert requests[-1].post_data_json["acts"] == ["speech", "intention"]

    # With nothing checked, nothing is sent: the page says why instead.
    boxes["speech"].uncheck()
    boxes["intention"].uncheck()
    sent = len(requests)
    page.click('button[type="submit"]')
    error = page.locator("#acts-error")
    error.wait_for(state="visible", timeout=5_000)
    assert "at least one" in error.inner_text()
    page.wait_for_timeout(300)
    assert len(requests) == sent
    assert page.locator("#results mark[data-act]").count() >= 1  # the last results stay
    boxes["speech"].check()
    assert error.is_hidden()

    assert watched.requested and not watched.elsewhere(base_url), watched.requested
    assert not watched.problems, watched.problems


def test_the_act_filter_is_sent_with_a_comparison(watched, base_url):
    page = watched.page
    page.goto(f"{base_url}/review")
    page.fill('textarea[name="a"]', BELIEF_AND_POLL)
    page.fill('textarea[name="b"]', BELIEF_AND_POLL.replace("governor", "mayor"))
    for act in ("thought", "intention", "evidence"):
        page.uncheck(f'input[name="acts"][value="{act}"]')
    with page.expect_request(lambda request: request.url.endswith("/v1/compare")) as sent:
        page.click('button[type="submit"]')
    assert sent.value.post_data_json["acts"] == ["speech"]
    page.wait_for_selector("#results .version .quote-item", timeout=60_000)
    marked, listed = _acts_shown(page)
    assert marked == listed == {"speech"}, (marked, listed)
    assert not watched.problems, watched.problems
