"""Reading on a phone, in headless Chromium: first-view weight, no outside host, axe-core, the 字号 control."""

from __future__ import annotations

import re

import pytest
from conftest import read_page

from scripts.sitecheck import (
    AXE_SAMPLE_PAGES,
    FIRST_VIEW_BUDGET,
    PAGE_TYPES,
    PALETTES,
    load_first_view,
    overflow_report,
    run_axe,
    serve,
    site_pages,
)

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SIZES = {"standard": 16, "large": 20, "x-large": 24}  # body text in px on a phone, per 字号
STORAGE_KEY = "shuxiang-font-size"


@pytest.fixture(scope="module")
def first_views(browser, served_site, site):
    """The first view of every page of the built site (fresh cache), measured once for this module."""
    return {url: load_first_view(browser, served_site, url, site) for url in site_pages(site)}


def test_every_page_first_view_is_under_budget_without_outside_hosts(first_views):
    assert len(first_views) >= 15
    problems = []
    for url, view in first_views.items():
        if view.foreign:
            problems.append(f"{url} 请求了其他主机：{view.foreign[:3]}")
        if view.transferred > FIRST_VIEW_BUDGET:
            heavy = sorted(view.requests, key=lambda r: -r[1])[:4]
            problems.append(f"{url} 首屏传输 {view.transferred} 字节（gzip）> {FIRST_VIEW_BUDGET}：{heavy}")
        if view.console_errors:
            problems.append(f"{url} 控制台错误：{view.console_errors}")
        paths = [path for path, _ in view.requests]
        if not any(p.endswith(".css") for p in paths) or not any(p.endswith(".js") for p in paths):
            problems.append(f"{url} 没有真正加载样式和脚本：{paths}")
    assert not problems, "\n".join(problems)


def test_pages_load_only_what_they_use(first_views):
    """Nothing is fetched twice, and the social preview image and home-screen icon are never fetched by a page."""
    for url, view in first_views.items():
        paths = [path for path, _ in view.requests]
        assert len(paths) == len(set(paths)), f"{url} fetched something twice: {paths}"
        assert not [p for p in paths if p.endswith(("social.png", "apple-touch-icon.png"))], url


def test_stylesheets_only_some_pages_need_load_only_there(first_views, site):
    """stats.css on pages showing statistics, handout.css on the handouts; print.css everywhere but for print only,
    so that it never holds up the first paint."""
    for url, view in first_views.items():
        html = read_page(site, url)
        article = re.search(r"<article.*?</article>", html, re.S).group(0)
        fetched = {path.rsplit("/", 1)[-1] for path, _ in view.requests}
        assert ("stats.css" in fetched) == ('class="stats-' in article), url
        assert ("handout.css" in fetched) == bool(
            re.search(r'class="[^"]*(handout-|glossary-cards|note-lines)', article)
        ), url
        assert re.search(r'<link rel="stylesheet" href="[^"]*assets/stylesheets/print\.css" media="print">', html), url
    assert any("stats.css" in {p.rsplit("/", 1)[-1] for p, _ in v.requests} for v in first_views.values())
    assert any("handout.css" in {p.rsplit("/", 1)[-1] for p, _ in v.requests} for v in first_views.values())


def test_search_index_is_not_loaded_before_search_is_used(first_views):
    loaded = {url: view.search_bytes for url, view in first_views.items() if view.search_bytes}
    assert not loaded, f"search files fetched at start-up: {loaded}"


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("url", AXE_SAMPLE_PAGES)
def test_axe_finds_no_serious_violation(browser, served_site, url, palette):
    result = run_axe(browser, served_site, url, palette)
    assert not result.serious, "\n".join(result.describe())


def test_axe_check_can_fail(browser, tmp_path):
    """The axe check really sees problems: a page with pale text and an unnamed button is caught."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh"><head><title>测试</title></head><body data-md-color-scheme="default">'
        '<main><h1>测试</h1><p style="color:#ddd">浅色文字</p><button></button></main></body></html>',
        encoding="utf-8",
    )
    with serve(tmp_path) as base:
        result = run_axe(browser, base, "/", "light")
    assert {"color-contrast", "button-name"} <= {v["id"] for v in result.serious}


# --- 字号 ---------------------------------------------------------------------------------------


def _body_text_px(page) -> float:
    """The size of the page's running text: its first plain paragraph outside boxes and tables."""
    return float(
        page.evaluate("""() => {
        const p = [...document.querySelectorAll('.md-content p:not([class])')]
            .find(p => !p.closest('.admonition, details, table, .reading-size'));
        return parseFloat(getComputedStyle(p).fontSize);
    }""")
    )


def test_font_size_control_enlarges_text_and_is_remembered(browser, served_site):
    context = browser.new_context(locale="zh-CN", **PHONE)
    try:
        page = context.new_page()
        page.goto(served_site + "/report/2020/plan-2021/")
        control = page.get_by_role("group", name="字号")
        assert control.is_visible()
        assert _body_text_px(page) == SIZES["standard"]
        assert control.get_by_role("button", name="标准").get_attribute("aria-pressed") == "true"

        control.get_by_role("button", name="特大").click()
        assert _body_text_px(page) == SIZES["x-large"]
        control.get_by_role("button", name="大", exact=True).click()
        assert _body_text_px(page) == SIZES["large"]
        assert control.get_by_role("button", name="大", exact=True).get_attribute("aria-pressed") == "true"
        assert control.get_by_role("button", name="特大").get_attribute("aria-pressed") == "false"

        # Another page, and the same page on a later visit, open in the chosen size.
        page.goto(served_site + "/glossary/")
        assert _body_text_px(page) == SIZES["large"]
        assert page.get_by_role("button", name="大", exact=True).get_attribute("aria-pressed") == "true"
        page.reload()
        assert _body_text_px(page) == SIZES["large"]
        assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "large"
    finally:
        context.close()


def test_stored_font_size_applies_before_scripts_load(browser, served_site):
    """The size is set by the small script in <head>, so the text never jumps when the page's scripts arrive."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    try:
        context.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', 'x-large')")
        page = context.new_page()
        page.route("**/*.js", lambda route: route.abort())  # no script file at all: only inline scripts run
        page.goto(served_site + "/policies/three-activities-opinion/")
        assert page.evaluate("document.documentElement.dataset.fontSize") == "x-large"
        assert _body_text_px(page) == SIZES["x-large"]
    finally:
        context.close()


def test_font_size_control_is_hidden_without_javascript(browser, served_site):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        page.goto(served_site + "/glossary/")
        assert page.locator(".reading-size").count() == 1
        assert not page.locator(".reading-size").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_nothing_sticks_out_on_a_360px_phone(browser, served_site, site, size):
    context = browser.new_context(locale="zh-CN", **PHONE)
    try:
        context.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', '{size}')")
        page = context.new_page()
        urls = [url for url in PAGE_TYPES.values() if (site / url.strip("/") / "index.html").exists()]
        urls += ["/contribute/", "/policies/", "/reading-lists/"]  # wide tables and code
        for url in urls:
            page.goto(served_site + url)
            assert _body_text_px(page) == SIZES[size]
            report = overflow_report(page)
            assert report["width"] == 360
            assert not report["overflowing"], f"{url} at {size}: {report}"
        # The check itself sees a block that is too wide.
        page.evaluate(
            "document.querySelector('article.md-content__inner').insertAdjacentHTML('beforeend', "
            "'<div style=\"width:500px\">宽</div>')"
        )
        assert overflow_report(page)["overflowing"]
    finally:
        context.close()


def test_every_page_has_the_font_size_control(site):
    from conftest import read_page

    for url in site_pages(site):
        html = read_page(site, url)
        if url == "/404.html":
            assert "页面不存在" in html
            continue
        assert html.count('data-font-size-choice="') == 3, url
        head = html.split("</head>", 1)[0]
        assert "shuxiang-font-size" in head, f"{url}: the stored size must be applied in <head>"
