"""Reading on a phone, in headless Chromium: first-view weight, no outside host, axe-core, the 字号 control."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from conftest import read_page

from scripts.sitecheck import (
    AXE_SAMPLE_PAGES,
    FIRST_VIEW_BUDGET,
    FONT_SIZE_KEY,
    FONT_SIZES,
    PAGE_TYPES,
    PALETTES,
    audited_pages,
    load_first_view,
    overflow_report,
    run_axe,
    run_axe_pages,
    serve,
    site_pages,
)

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SIZES = {"standard": 16, "large": 20, "x-large": 24}  # body text in px on a phone, per 字号
STORAGE_KEY = FONT_SIZE_KEY


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


@pytest.mark.parametrize("font_size", FONT_SIZES)
@pytest.mark.parametrize("palette", PALETTES)
def test_axe_finds_no_serious_violation(browser, served_site, site, palette, font_size):
    """A glossary, a policy and a report page, and the newest year's statistics (dozens of tables), in both palettes
    at every 字号 (make audit: every page so)."""
    urls = [*AXE_SAMPLE_PAGES, audited_pages(site)["年度统计"]]
    results = run_axe_pages(browser, served_site, urls, palette, font_size=font_size)
    assert [r.url for r in results] == urls
    assert not [r for r in results if r.serious], "\n".join(line for r in results for line in r.describe())


def test_axe_check_can_fail(browser, tmp_path):
    """The axe check really sees problems: a page with pale text and an unnamed button is caught, and pale text in a
    closed fold too (the check opens folds: a reader can)."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh" data-font-size="standard"><head><title>测试</title></head>'
        '<body data-md-color-scheme="default">'
        '<main><h1>测试</h1><p style="color:#ddd">浅色文字</p><button></button>'
        '<details><summary>展开</summary><p id="folded" style="color:#ddd">折叠里的浅色文字</p></details></main>'
        "</body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as base:
        result = run_axe(browser, base, "/", "light")
    assert {"color-contrast", "button-name"} <= {v["id"] for v in result.serious}
    contrast = next(v for v in result.serious if v["id"] == "color-contrast")
    assert ["#folded"] in [n["target"] for n in contrast["nodes"]]


# --- 字号 ---------------------------------------------------------------------------------------


def _body_text_px(page) -> float:
    """The size of the page's running text: its first plain paragraph outside boxes and tables (on the glossary's
    index, which is lines of a list, its first line)."""
    return float(
        page.evaluate("""() => {
        const p = [...document.querySelectorAll('.md-content p:not([class])')]
            .find(p => !p.closest('.admonition, details, table, .reading-size'))
            || document.querySelector('.md-content .glossary-index li');
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


def _palette_state(page) -> dict:
    """The palette as a reader sees it: the page's colours, the one toggle shown, and what the browser is told."""
    return page.evaluate("""() => {
        const shown = [...document.querySelectorAll("form[data-palette] label")].filter(l => l.offsetParent);
        const rgb = getComputedStyle(document.querySelector(".md-header")).backgroundColor.match(/\\d+/g).slice(0, 3);
        return {
            scheme: document.body.dataset.mdColorScheme,
            toggles: shown.map(l => l.previousElementSibling.getAttribute("aria-label")),  // its title, kept (Material's tooltips take titles away)
            colorScheme: document.querySelector("meta[name=color-scheme]").content,
            themeColor: (document.querySelector("meta[name=theme-color]") || {}).content,
            header: "#" + rgb.map(v => (+v).toString(16).padStart(2, "0")).join(""),
            stored: JSON.parse(localStorage.getItem("/.__palette")),
        };
    }""")


@pytest.mark.parametrize(
    ("system", "scheme", "toggle"), [("light", "default", "切换到深色模式"), ("dark", "slate", "切换到浅色模式")]
)
def test_a_first_visit_gets_the_palette_the_system_asks_for(browser, served_site, system, scheme, toggle):
    context = browser.new_context(locale="zh-CN", color_scheme=system, **PHONE)
    try:
        page = context.new_page()
        page.goto(served_site + "/glossary/", wait_until="load")
        page.wait_for_function("document.querySelector('meta[name=theme-color]')")
        state = _palette_state(page)
        assert state["scheme"] == scheme and state["toggles"] == [toggle]
        assert state["colorScheme"] == system and state["themeColor"] == state["header"]
        assert state["stored"]["color"]["scheme"] == scheme  # kept as Material keeps it, for the next pages
    finally:
        context.close()


def test_the_palette_toggle_switches_and_every_page_keeps_the_choice(browser, served_site):
    context = browser.new_context(locale="zh-CN", color_scheme="light", **PHONE)
    try:
        page = context.new_page()
        page.goto(served_site + "/glossary/", wait_until="load")
        light = _palette_state(page)
        page.get_by_title("切换到深色模式").click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        page.evaluate("new Promise(requestAnimationFrame)")  # the theme colour follows in the next frame
        dark = _palette_state(page)
        assert dark["toggles"] == ["切换到浅色模式"] and dark["colorScheme"] == "dark"
        assert dark["themeColor"] == dark["header"] and dark["stored"]["index"] != light["stored"]["index"]
        assert page.evaluate("document.body.hasAttribute('data-md-color-switching')") is False  # transitions back

        page.route("**/*.js", lambda route: route.abort())  # the next page is dark before any script file runs
        page.goto(served_site + "/report/2020/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"
        page.unroute("**/*.js")
        page.reload(wait_until="load")
        page.get_by_title("切换到浅色模式").click()
        assert _palette_state(page)["scheme"] == "default"
        page.reload(wait_until="load")
        assert _palette_state(page)["toggles"] == ["切换到深色模式"]
    finally:
        context.close()


def test_loading_a_page_does_not_write_the_palette_again(browser, served_site, site):
    """Material's palette component wrote the palette onto <body> at every load (three restyles of the whole page,
    a third of the glossary's start-up work on a phone); the page already has it before the first paint."""
    assert not any('data-md-component="palette"' in read_page(site, url) for url in site_pages(site))
    context = browser.new_context(locale="zh-CN", color_scheme="dark", **PHONE)
    try:
        page = context.new_page()
        page.goto(served_site + "/glossary/", wait_until="load")  # the first visit chooses and stores the palette
        page.add_init_script("""
            window.__bodyChanges = [];
            new MutationObserver(records => {  // once the page is parsed (Material's script in the header is not)
                if (document.readyState === "loading") return;
                for (const r of records) if (r.target === document.body) window.__bodyChanges.push(r.attributeName);
            }).observe(document, {attributes: true, subtree: true});
        """)
        for url in ("/glossary/", "/stats/", "/reading-lists/"):
            page.goto(served_site + url, wait_until="load")
            page.wait_for_timeout(300)
            changes = page.evaluate("window.__bodyChanges")
            assert [c for c in changes if c.startswith("data-md-color")] == [], (url, changes)
            assert _palette_state(page)["scheme"] == "slate"
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


@contextmanager
def year_page_on_a_phone_at_x_large(browser, served_site, site):
    """The newest year's statistics page, loaded on a phone at 特大."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    context.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', 'x-large')")
    try:
        page = context.new_page()
        page.goto(served_site + audited_pages(site)["年度统计"])
        page.wait_for_load_state("load")
        yield page
    finally:
        context.close()


def test_a_wide_table_far_below_gets_its_scroll_hint_when_scrolled_to(browser, served_site, site):
    """At 特大 on a phone, every wide table of the year page, far below too, has its hint and keyboard access."""
    with year_page_on_a_phone_at_x_large(browser, served_site, site) as page:
        checked = page.evaluate("""async () => {
            const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            await frame();
            const out = [];
            for (const table of document.querySelectorAll('article table')) {
                const box = table.closest('.md-typeset__scrollwrap') || table;
                const below = box.getBoundingClientRect().top > 2 * innerHeight;
                table.scrollIntoView();
                await frame(); await frame();
                const hint = box.previousElementSibling;
                out.push({below, wide: box.scrollWidth > box.clientWidth + 1,
                          hint: !!(hint && hint.classList.contains('table-scroll-hint')), focusable: box.tabIndex === 0});
            }
            return out;
        }""")
        far_wide = [t for t in checked if t["below"] and t["wide"]]
        assert far_wide, f"the year page should have a wide table far below at 特大: {checked}"
        assert all(t["hint"] and t["focusable"] for t in checked if t["wide"]), checked


def test_a_folded_table_is_measured_when_opened_not_before(browser, served_site, site):
    """A reading list's books on the year page are folded: a closed fold's table is not measured (that would lay it
    out, the cost folding saves), and once opened a wide one gets its hint and keyboard access like any other."""
    with year_page_on_a_phone_at_x_large(browser, served_site, site) as page:
        state = """async () => {
            const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            await frame(); await frame();
            return [...document.querySelectorAll('details.stats-list-books')].map(fold => {
                const table = fold.querySelector('table');
                const box = table.closest('.md-typeset__scrollwrap') || table;
                const hint = box.previousElementSibling;
                return {open: fold.open, wide: box.scrollWidth > box.clientWidth + 1, focusable: box.tabIndex === 0,
                        hint: !!(hint && hint.classList.contains('table-scroll-hint'))};
            });
        }"""
        # today's lists fit a phone even at 特大: the first one is given a title that does not wrap (a test text)
        page.evaluate("""() => document.querySelector('details.stats-list-books th[scope=row]').insertAdjacentHTML(
            'beforeend', '<span style="white-space: nowrap">（测试用的不换行长书名，测试用的不换行长书名）</span>')""")
        closed = page.evaluate(state)
        assert closed and not any(f["open"] or f["hint"] or f["focusable"] for f in closed), closed
        for summary in page.locator("details.stats-list-books > summary").all():
            summary.click()
        opened = page.evaluate(state)
        assert all(f["open"] for f in opened) and opened[0]["wide"], opened
        assert all(f["hint"] == f["wide"] == f["focusable"] for f in opened), opened


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


# --- phone pages for older members: titles, alignment, charts, tables, captions, pop-ups ------------------

PHONE_JS = """() => {
    const content = document.querySelector('article.md-content__inner');
    const h1 = content.querySelector('h1');
    const h1box = h1.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(h1.firstChild);  // the title's text, without its ¶ link
    const byLine = {};
    for (const r of range.getClientRects()) {
        if (r.width < 1) continue;
        const key = Math.round(r.top / 4);
        byLine[key] = [Math.min(r.left, (byLine[key] || [Infinity])[0]), Math.max(r.right, (byLine[key] || [0, -Infinity])[1])];
    }
    const lines = Object.keys(byLine).sort((a, b) => a - b).map(k => byLine[k][1] - byLine[k][0]);
    const beside = [...content.querySelectorAll(':scope > .md-content__button')]
        .filter(b => b.getClientRects().length)
        .map(b => b.getBoundingClientRect())
        .filter(b => b.bottom > h1box.top + 1 && b.top < h1box.bottom);
    const p = [...content.querySelectorAll('p:not([class])')].find(p => !p.closest('.admonition, table'));
    // Justification gaps: how much further than 1 em the widest step from one Chinese character to the next is.
    let widest = 0;
    for (const para of content.querySelectorAll('p, li')) {
        if (!/\\d/.test(para.textContent)) continue;
        const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
        let node, prev = null;
        while ((node = walker.nextNode())) {
            for (let i = 0; i < node.data.length; i++) {
                const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                const box = r.getBoundingClientRect();
                const han = /[\\u4e00-\\u9fff]/.test(node.data[i]);
                if (han && prev && prev.han && Math.abs(prev.box.top - box.top) < 2 && box.left > prev.box.left)
                    widest = Math.max(widest, (box.left - prev.box.left) / parseFloat(getComputedStyle(para).fontSize) - 1);
                prev = {han, box};
            }
        }
    }
    const labels = [...document.querySelectorAll('.stats-chart-label, .stats-chart-value')].map(t => {
        const svg = t.ownerSVGElement;
        return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    });
    const tables = [...content.querySelectorAll('table')].map(t => {
        const box = t.closest('.md-typeset__scrollwrap') || t;
        const hint = box.previousElementSibling;
        return {wide: box.scrollWidth > box.clientWidth + 1, hint: !!(hint && hint.classList.contains('table-scroll-hint')
                && hint.getClientRects().length), focusable: box.tabIndex === 0 && !!box.getAttribute('aria-label')};
    });
    return {
        contentWidth: content.clientWidth, h1Lines: lines, beside: beside.length,
        h1Color: getComputedStyle(h1).color, textColor: getComputedStyle(p || content).color,
        align: getComputedStyle(p || content).textAlign, widestGap: widest,
        labels, captions: [...content.querySelectorAll('figcaption')].map(c => getComputedStyle(c).fontStyle), tables,
    };
}"""


def _phone_pages(site) -> list[str]:
    pages = list(audited_pages(site).values())
    return pages + ["/print/glossary/", "/reading-lists/", "/report/"]


@pytest.mark.parametrize("size", SIZES)
def test_phone_pages_read_well_at_every_font_size(browser, served_site, site, size, report_figure):
    """At 360 px: the title has the full width (no action beside it) and the text colour; text is start-aligned
    with no gaps between Chinese characters; chart labels are at least 12 px and grow with 字号; captions are
    upright; every table wider than the screen has a visible hint and can be scrolled by keyboard."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    context.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', '{size}')")
    page = context.new_page()
    problems, label_sizes, wide_tables = [], [], 0
    try:
        for url in _phone_pages(site):
            page.goto(served_site + url)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            m = page.evaluate(PHONE_JS)
            if m["beside"]:
                problems.append(f"{url}: an action button sits beside the title")
            if len(m["h1Lines"]) > 1 and m["h1Lines"][0] < 0.85 * m["contentWidth"]:
                problems.append(f"{url}: the title's first line is {m['h1Lines'][0]:.0f} of {m['contentWidth']} px")
            if m["h1Color"] != m["textColor"]:
                problems.append(f"{url}: title colour {m['h1Color']} is not the text colour {m['textColor']}")
            if m["align"] not in ("start", "left"):
                problems.append(f"{url}: text-align {m['align']}")
            if m["widestGap"] > 0.15:
                problems.append(f"{url}: {m['widestGap']:.2f} em of extra space between two Chinese characters")
            if any(px < 12 for px in m["labels"]):
                problems.append(f"{url}: chart labels of {min(m['labels']):.1f} px")
            if any(style != "normal" for style in m["captions"]):
                problems.append(f"{url}: slanted captions {m['captions']}")
            for table in m["tables"]:
                wide_tables += table["wide"]
                if table["wide"] and not (table["hint"] and table["focusable"]):
                    problems.append(f"{url}: a wide table without a hint or keyboard scrolling: {table}")
            label_sizes += m["labels"]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert label_sizes and wide_tables  # the statistics pages have charts and wide tables to check
    low = min(label_sizes)
    assert low >= 12 * SIZES[size] / SIZES["standard"] * 0.95, f"chart labels {low:.1f} px at {size}"
    report_figure(f"360 px, 字号 {size}: chart labels ≥ {low:.1f} px, {wide_tables} wide tables with a hint")


def test_justified_text_would_be_caught(browser, served_site):
    """The gap measurement above sees what justification does to a line mixing Chinese and digits."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    try:
        page.goto(served_site + "/report/2020/review-2020/")
        page.add_style_tag(content=".md-typeset p, .md-typeset li { text-align: justify !important; }")
        assert page.evaluate(PHONE_JS)["widestGap"] > 0.15
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_glossary_pop_up_is_at_reading_size(browser, served_site, size):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    context.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', '{size}')")
    page = context.new_page()
    try:
        page.goto(served_site + "/report/2020/plan-2021/")
        page.locator("article a.glossary-term").first.hover()
        inner = page.locator(".md-tooltip2--active .md-tooltip2__inner")
        inner.wait_for()
        px = float(inner.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert px == SIZES[size], f"pop-up text {px} px at {size}"
        assert inner.evaluate("e => getComputedStyle(e).fontWeight") == "400"
    finally:
        context.close()


def test_every_page_title_says_what_the_page_is(site):
    titles = {url: re.search(r"<title>([^<]+)</title>", read_page(site, url)).group(1) for url in site_pages(site)}
    years = sorted(p.parent.name for p in (site / "stats").glob("[0-9]" * 4 + "/index.html"))
    assert years
    for year in years:
        assert titles[f"/stats/{year}/"] == f"{year}年读书统计 - 书香政协"
    for url, title in titles.items():
        if url not in ("/", "/404.html"):
            assert title.endswith(" - 书香政协") and len(title) > len(" - 书香政协") + 2, (url, title)
            assert not re.fullmatch(r"\d{4}年 - 书香政协", title), (url, title)
