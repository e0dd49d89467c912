"""macros/site/offline.py: the ZIP of the site, unzipped and opened through file:// in headless Chromium as a member
would from a USB stick: every internal link of every page opens a page, search finds and opens a result, the 字号
is remembered, printing works, and no request leaves file://."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from macros.content import load_content
from macros.render.printing import list_handouts
from macros.site.offline import FOLDER, README_NAME, folder_link, is_redirect, main, rewrite_page
from macros.site.pdf import print_page, render_handouts

FOLDERS = {"", "glossary", "stats", "stats/2021", "reading-lists/development"}


def test_links_to_folders_name_their_index_html():
    page = "stats/2021/index.html"
    assert folder_link("../", page, FOLDERS) == "../index.html"
    assert folder_link("..", page, FOLDERS) == "../index.html"
    assert folder_link("./", page, FOLDERS) == "./index.html"
    assert folder_link("../../glossary/#weixieshang", page, FOLDERS) == "../../glossary/index.html#weixieshang"
    assert folder_link("../../glossary/w/#weixieshang", page, FOLDERS | {"glossary/w"}) == (
        "../../glossary/w/index.html#weixieshang"
    )
    assert folder_link("../../", page, FOLDERS) == "../../index.html"
    assert folder_link("../../reading-lists/development/?q=1", page, FOLDERS) == (
        "../../reading-lists/development/index.html?q=1"
    )
    # Files, anchors, other hosts and folders that are not pages stay as they are.
    for link in [
        "../../assets/stylesheets/extra.css",
        "#top",
        "https://example.org/",
        "mailto:a@b.c",
        "../../assets/",
        "",
    ]:
        assert folder_link(link, page, FOLDERS) is None, link


def test_only_link_attributes_change():
    html = (
        '<a class="x" href="../glossary/">名词</a> <p>href="../glossary/"</p>'
        '<img src="./" alt="">\n<link rel="stylesheet" href="../assets/x.css">'
    )
    out, count, missing = rewrite_page(html, "stats/index.html", FOLDERS, {"assets/x.css"})
    assert count == 2 and not missing
    assert out == (
        '<a class="x" href="../glossary/index.html">名词</a> <p>href="../glossary/"</p>'
        '<img src="./index.html" alt="">\n<link rel="stylesheet" href="../assets/x.css">'
    )


def test_command_says_what_to_do_without_a_built_site(tmp_path, capsys):
    assert main([str(tmp_path / "missing"), str(tmp_path / "x.zip")]) == 1
    assert "make build" in capsys.readouterr().err
    # A site without the files its pages link to (the PDFs of `make build`): named, and no ZIP is left.
    (tmp_path / "site" / "print").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text('<a href="print/">打印</a>', encoding="utf-8")
    (tmp_path / "site" / "print" / "index.html").write_text('<a href="../pdf/report.pdf">PDF</a>', encoding="utf-8")
    assert main([str(tmp_path / "site"), str(tmp_path / "x.zip")]) == 1
    err = capsys.readouterr().err
    assert "pdf/report.pdf（print/index.html 链接到它）" in err and "make build" in err
    assert not (tmp_path / "x.zip").exists()


def test_the_editor_stays_out_of_the_copy(tmp_path):
    (tmp_path / "site" / "admin").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (tmp_path / "site" / "admin" / "index.html").write_text('<script src="decap-cms.js"></script>', encoding="utf-8")
    (tmp_path / "site" / "admin" / "decap-cms.js").write_text("//", encoding="utf-8")
    assert main([str(tmp_path / "site"), str(tmp_path / "x.zip")]) == 0
    names = zipfile.ZipFile(tmp_path / "x.zip").namelist()
    assert any(n.endswith("/index.html") for n in names) and not [n for n in names if "/admin/" in n]


# --- the ZIP opened from disk -------------------------------------------------------------------


@pytest.fixture(scope="module")
def unzipped(site, browser, tmp_path_factory) -> Path:
    """The offline ZIP of the real site with its PDF handouts (as `make build` leaves it), made by the command
    and unzipped into a temporary folder."""
    if not (site / "pdf").is_dir():
        render_handouts(site, list_handouts(load_content()), browser)
    out = tmp_path_factory.mktemp("offline")
    assert main([str(site), str(out / "offline.zip")]) == 0
    with zipfile.ZipFile(out / "offline.zip") as archive:
        names = archive.namelist()
        assert README_NAME in names and all(n == README_NAME or n.startswith(f"{FOLDER}/") for n in names)
        assert all(n.isascii() for n in names)  # Windows' unzip reads other names in the local code page
        archive.extractall(out / "usb")
    return out / "usb" / FOLDER


def _file_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


@pytest.mark.browser
def test_every_internal_link_of_every_page_opens_a_page(browser, unzipped, site):
    """A crawl from index.html through file://: every link inside the copy leads to a file that opens as a page
    (not a folder listing), every page of the site is reached, and nothing is requested outside file://."""
    context = browser.new_context(locale="zh-CN")
    outside: list[str] = []
    context.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
    )
    page = context.new_page()
    root = unzipped.resolve()
    start = (root / "index.html").as_uri()
    seen, queue, problems, links_checked = {start}, [start], [], 0
    try:
        while queue:
            url = queue.pop()
            page.goto(url, wait_until="load")
            if not page.locator("article.md-content__inner").count() and not url.endswith("404.html"):
                problems.append(f"{url}：打开的不是网站页面（{page.title()}）")
                continue
            hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
            for href in hrefs:
                if not href.startswith("file:"):
                    continue
                target = _file_path(href)
                if root not in target.parents:
                    problems.append(f"{url}：链接指向离线版以外 {href}")
                    continue
                links_checked += 1
                if not target.is_file():
                    problems.append(f"{url}：链接 {href} 指向{'文件夹' if target.is_dir() else '不存在的文件'}")
                elif target.suffix == ".html":
                    clean = target.as_uri()
                    if clean not in seen:
                        seen.add(clean)
                        queue.append(clean)
    finally:
        context.close()
    assert not problems, "\n".join(problems[:20])
    assert not outside, f"requests outside file://: {outside[:5]}"
    pages = {
        p.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if not is_redirect(p.read_text(encoding="utf-8"))
    }
    reached = {_file_path(u).relative_to(root).as_posix() for u in seen}
    assert pages - {"404.html"} <= reached, f"pages no link reaches: {sorted(pages - reached)}"
    assert links_checked > 500


@pytest.mark.browser
def test_search_font_size_and_printing_work_from_disk(browser, unzipped):
    context = browser.new_context(locale="zh-CN")
    outside: list[str] = []
    context.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
    )
    page = context.new_page()
    try:
        page.goto((unzipped / "report" / "index.html").resolve().as_uri())
        # 字号 特大, then a link to another page: it opens in the same size.
        page.get_by_role("button", name="特大").click()
        page.locator("a.md-tabs__link", has_text="名词解释").click()
        page.wait_for_url("**/glossary/index.html")
        assert page.evaluate("document.documentElement.dataset.fontSize") == "x-large"
        assert page.get_by_role("button", name="特大").get_attribute("aria-pressed") == "true"

        # Search: type a term, open the first result.
        page.locator("input.md-search__input").click()
        page.keyboard.insert_text("摆脱贫困")  # what an input method does when a word is chosen…
        page.keyboard.press("End")  # …followed by a key, which is what Material listens to
        result = page.locator("a.md-search-result__link").first
        result.wait_for(timeout=10000)
        assert "index.html" in result.get_attribute("href")
        result.click()
        page.wait_for_url("**/reading-lists/development/index.html*")
        assert "推荐书目" in page.locator("h1").first.inner_text()

        # Printing from disk: the page's own text on A4, without the site's chrome.
        pdf = print_page(page, page.url)
        assert pdf.startswith(b"%PDF") and len(pdf) > 20000

        # The index's second part (the texts) loads from disk too, as a script: words only body texts hold are found.
        page.goto((unzipped / "index.html").resolve().as_uri())
        page.locator("input.md-search__input").click()
        page.wait_for_function("document.documentElement.dataset.searchIndex === 'whole'", timeout=10000)
        page.keyboard.insert_text("捐款")
        page.keyboard.press("End")
        page.locator(".md-search-result__item mark", has_text="捐款").first.wait_for(timeout=10000)
    finally:
        context.close()
    assert not outside, f"requests outside file://: {outside[:5]}"


@pytest.mark.browser
def test_an_old_glossary_link_lands_on_the_term_and_leads_to_its_entry_from_disk(browser, unzipped):
    """/glossary/#<id> (a link from before the letter pages) opens the index at the term's line; its link opens the
    full entry on the letter page, and a report's glossary link opens it there directly, all through file://."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto((unzipped / "glossary" / "index.html").resolve().as_uri() + "#weixieshang")
        assert page.evaluate("document.querySelector(':target')?.tagName + '#' + location.hash") == "LI##weixieshang"
        page.locator("li#weixieshang a").first.click()
        page.wait_for_url("**/glossary/w/index.html#weixieshang")
        assert page.evaluate("document.querySelector(':target')?.textContent").startswith("微协商")

        page.goto((unzipped / "report" / "2020" / "plan-2021" / "index.html").resolve().as_uri())
        link = page.locator('a.glossary-term[href*="#weixieshang"]').first
        assert link.get_attribute("href").endswith("glossary/w/index.html#weixieshang")
        link.click()
        page.wait_for_url("**/glossary/w/index.html#weixieshang")
        assert page.locator("h2#weixieshang").is_visible()
    finally:
        context.close()
