"""What a person's browser does: every page type loads from this host only, without console errors."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/report/",
    "/report/2020/plan-2021/",
    "/glossary/",
    "/glossary/s/",
    "/policies/three-activities-opinion/",
    "/reading-lists/development/",
    "/contribute/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_requests_nothing_from_other_hosts(page, served_site, url):
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(served_site + url, wait_until="networkidle")
    own = urlparse(served_site).netloc
    foreign = [u for u in requested if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own]
    assert not foreign, f"{url} requested {foreign}"
    assert len(requested) > 3  # the page, its CSS and JS were really loaded through the browser
    assert not errors, errors
    assert page.locator("h1").first.inner_text().strip()


def test_glossary_tooltip_shows_short_definition(page, served_site):
    page.goto(served_site + "/report/2020/notes/")
    link = page.locator("a.glossary-term").first
    assert link.get_attribute("title")
    link.click()
    page.wait_for_url("**/glossary/*/#*")  # the entry on its letter page
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").is_visible()
