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


def test_an_old_link_to_an_entry_that_moved_to_another_page_leads_on_through_the_index(page, served_site):
    """An entry's page can change as its initial grows past one page (s → s-2): a link whose anchor is not on the
    page it names goes on to the index line with that anchor, which links the entry where it is now. An anchor the
    glossary does not know ends on the index, the list of every term, and stays there (no loop)."""
    page.goto(served_site + "/glossary/s/#weixieshang")  # 微协商 is on W's page, not S's
    page.wait_for_url("**/glossary/#weixieshang")
    line = page.locator("[id='weixieshang']")
    assert line.is_visible() and line.locator("a").first.get_attribute("href").endswith("w/#weixieshang")
    page.goto(served_site + "/glossary/s/#no-such-entry")
    page.wait_for_url("**/glossary/#no-such-entry")
    page.wait_for_timeout(500)
    assert page.url.endswith("/glossary/#no-such-entry") and page.locator("h1").inner_text().startswith("名词解释")
