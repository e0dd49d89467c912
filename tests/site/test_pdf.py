"""Printed pages, for real: the handouts (as `make pdf` makes them) and ordinary pages printed by headless
Chromium, then read back with poppler's pdftotext / pdftoppm and zbarimg (Debian packages)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import article_text, read_page

from macros.content import load_content
from macros.render.printing import list_handouts
from macros.site.pdf import (
    destination_pages,
    print_page,
    render_handouts,
    republished_by_pypdf,
    republished_in_place,
)

pytestmark = pytest.mark.browser

SITE_URL = "https://shuxiang.example/"
#: Ordinary pages printed from the browser (with the reader's light palette).
ORDINARY = [
    "/report/2020/plan-2021/",
    "/glossary/",
    "/glossary/s/",
    "/contribute/",
    "/reading-lists/development/",
    "/print/",
    "/help/",
]
#: Page-count bounds: a change that doubles a handout (or empties it) should be looked at.
#: Large print (12 pt body, issue 15) made the glossary handout 7 → 11 pages and /glossary/ 18 → 17 (its letter
#: index and letter headings are no longer printed, long entries may run over a page break). Since issue 26 the
#: entries are on one page per initial (/glossary/s/ holds 19 of the 34) and /glossary/ is a line per term.
PAGE_BOUNDS = {
    "report": (3, 7),
    "glossary": (8, 13),
    "reading-list": (3, 8),
    "/report/2020/plan-2021/": (1, 3),
    "/glossary/": (2, 7),
    "/glossary/s/": (6, 14),
    "/contribute/": (3, 18),  # the step-by-step tasks for staff (issue 13) and the form editor (issue 24)
    "/reading-lists/development/": (2, 5),
    "/print/": (1, 2),
    "/help/": (1, 4),  # 使用帮助 for members (issue 25)
}

CONTENT = load_content()
HANDOUTS = list_handouts(CONTENT)
REPORT = CONTENT.reports["2020"]


# --- printing once per module ------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(site, served_site, browser, tmp_path_factory) -> dict[str, Path]:
    """URL path → PDF: the handouts as `make pdf` writes them into the site, and a few ordinary pages."""
    pdfs = {f"/{h.url}": path for h, (path, _) in zip(HANDOUTS, render_handouts(site, HANDOUTS, browser))}
    out = tmp_path_factory.mktemp("pdf")
    context = browser.new_context(locale="zh-CN", color_scheme="light")
    page = context.new_page()
    for url in ORDINARY:
        path = out / (url.strip("/").replace("/", "_") or "home")
        path = path.with_suffix(".pdf")
        path.write_bytes(print_page(page, served_site + url))
        pdfs[url] = path
    context.close()
    return pdfs


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


PAGE_NUMBER = r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页"  # pdftotext may drop the spaces
MARGIN_LINE = re.compile(rf"^({PAGE_NUMBER}|书香政协 · 南阳市政协)$")


def pdf_body(path: Path, title: str) -> str:
    """The text of all pages without what the page margins hold (page numbers, site name, running title),
    so that a paragraph running over a page break reads as one."""
    kept = []
    for number, page in enumerate(pdf_pages(path)):
        lines = [line for line in page.splitlines() if line.strip() and not MARGIN_LINE.match(line.strip())]
        if number and lines and title.startswith(lines[0].strip().rstrip("…")):
            del lines[0]  # the running title
        kept.append("\n".join(lines))
    return "\n".join(kept)


def heading_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", html, flags=re.S)))


def squash(text: str) -> str:
    """Text without any whitespace: pdftotext breaks Chinese lines wherever the page did."""
    return re.sub(r"\s+", "", text)


def qr_codes(path: Path, tmp_path: Path, page: int = 1) -> list[str]:
    """The QR codes zbarimg reads on one page of a PDF rendered at 150 dpi."""
    prefix = tmp_path / f"{path.stem}-qr"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(path), str(prefix)],
        check=True,
    )
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", f"{prefix}.png"], capture_output=True, text=True
    )
    return result.stdout.split()


def handout(kind: str):
    return next(h for h in HANDOUTS if h.id == kind or h.id.startswith(kind))


ALL_PDFS = [f"/{h.url}" for h in HANDOUTS] + ORDINARY


# --- content there, site chrome not --------------------------------------------------------------


def test_report_handout_holds_the_whole_report(printed):
    text = squash(pdf_body(printed["/print/report/2020/"], REPORT.title))
    seed = REPORT.body
    missing = [
        line for line in (squash(re.sub(r"^#+ +", "", raw)) for raw in seed.splitlines()) if line and line not in text
    ]
    assert not missing, f"{len(missing)} lines of the report are not in the handout, e.g. {missing[0]!r}"


def test_glossary_and_reading_list_handouts_hold_every_entry(printed):
    glossary = squash(pdf_body(printed["/print/glossary/"], "名词解释"))
    for term in CONTENT.glossary.values():
        assert squash(term.entry.term) in glossary and squash(term.entry.definition[-12:]) in glossary
    for lst in CONTENT.reading_lists.values():
        text = squash(pdf_body(printed[f"/print/reading-lists/{lst.id}/"], lst.data.title))
        for book in lst.data.books:
            assert f"《{squash(book.title)}》" in text and squash(book.why[:20]) in text, (lst.id, book.id)


def _chrome_labels(html: str) -> set[str]:
    """Visible text of the site's chrome on a page: tabs, navigation, footer, search box, skip link."""
    labels = set()
    for pattern in [
        r'<a[^>]*class="md-tabs__link[^"]*"[^>]*>(.*?)</a>',
        r'<a[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>',
        r'<div class="md-footer__title">(.*?)</div>',
        r'<div class="md-copyright__highlight">(.*?)</div>',
    ]:
        for match in re.finditer(pattern, html, re.S):
            text = " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())
            if len(text) >= 2:
                labels.add(text)
    labels.update(re.findall(r'placeholder="([^"]+)"', html))
    labels.update(re.findall(r'class="md-skip">\s*([^<]+?)\s*<', html))
    return labels


@pytest.mark.parametrize("url", ALL_PDFS)
def test_printed_page_has_content_and_no_site_chrome(site, printed, url):
    html = read_page(site, url)
    pages = pdf_pages(printed[url])
    text = squash("".join(pages))
    article = squash(article_text(html))
    labels = _chrome_labels(html)
    assert {"搜索", "跳转至"} <= labels and len(labels) > 8  # the chrome is on the page, so its absence means something
    leaked = sorted(label for label in labels if squash(label) not in article and squash(label) in text)
    assert not leaked, f"{url} prints site chrome: {leaked}"
    h1 = squash(heading_text(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)))
    assert h1 in text
    buttons = [label for label in ("打印讲义", "下载PDF") if label not in article and label in text]
    assert not buttons, f"{url} prints its buttons: {buttons}"


@pytest.mark.parametrize("url", ALL_PDFS)
def test_page_count_within_bounds(printed, url):
    count = len(pdf_pages(printed[url]))
    if url in PAGE_BOUNDS:
        low, high = PAGE_BOUNDS[url]
    else:
        item = next(h for h in HANDOUTS if f"/{h.url}" == url)
        low, high = PAGE_BOUNDS[next(k for k in ("reading-list", "report", "glossary") if item.id.startswith(k))]
    assert low <= count <= high, f"{url}: {count} pages, expected {low}–{high}"


def test_glossary_cards_are_more_compact_than_the_glossary_page(site, printed):
    cards = len(pdf_pages(printed["/print/glossary/"]))
    page = len(pdf_pages(printed["/glossary/s/"]))
    on_page = len(_entry_fragments(read_page(site, "/glossary/s/")))
    per_card_page, per_page = len(CONTENT.glossary) / (cards - 1), on_page / page
    assert per_card_page > per_page / 0.85, f"handout {cards} pages, /glossary/s/ {page} for {on_page} entries"
    # several cards on each page after the cover, in large print (12 pt, issue 15) too
    assert len(CONTENT.glossary) / (cards - 1) >= 2.5


# --- where pages break ---------------------------------------------------------------------------


def _entry_fragments(html: str) -> dict[str, list[str]]:
    """Each glossary entry's blocks of text (heading, paragraphs, list items), squashed, by entry id."""
    entries = {}
    for match in re.finditer(r'<div class="glossary-entry">(.*?)</div>', html, re.S):
        ident = re.search(r'<h[23] id="([^"]+)"', match.group(1)).group(1)
        body = re.sub(r'<a class="headerlink".*?</a>', "", match.group(1), flags=re.S)
        blocks = re.split(r"</?(?:p|h2|h3|li|blockquote|ul|ol)\b[^>]*>", body)
        entries[ident] = [squash(unescape(re.sub(r"<[^>]+>", "", b))) for b in blocks]
        entries[ident] = [b for b in entries[ident] if len(b) >= 2]
    return entries


def test_no_glossary_card_is_split_across_pages(site, printed):
    """Every block of text that belongs to one card only is on the page where that card's heading is."""
    url = "/print/glossary/"
    entries = _entry_fragments(read_page(site, url))
    assert len(entries) == len(CONTENT.glossary)
    counts: dict[str, int] = {}
    for blocks in entries.values():
        for block in set(blocks):
            counts[block] = counts.get(block, 0) + 1
    pages = [squash(p) for p in pdf_pages(printed[url])]
    starts = destination_pages(printed[url].read_bytes())
    checked = 0
    for ident, blocks in entries.items():
        page = pages[starts[ident] - 1]
        own = [b for b in blocks if counts[b] == 1]
        assert len(own) >= 2, ident
        split = [b for b in own if b not in page]
        assert not split, f"{ident}: on page {starts[ident]} but {split[0][:20]}… is not"
        checked += len(own)
    assert checked > 3 * len(entries)


def test_glossary_page_prints_entries_only_and_fills_its_pages(site, printed):
    """A letter page (/glossary/s/) on paper: no letter bar, no hints; the first page holds more than the first
    entry; an entry may run over a page break, but its term stays with the line under it."""
    url = "/glossary/s/"
    pages = [squash(p) for p in pdf_pages(printed[url])]
    text = "".join(pages)
    assert "点击字母" not in text and "按汉语拼音排序" not in text and "数字开头" not in text and "词条一览" not in text
    html = read_page(site, url)
    letters = squash(heading_text(re.search(r'<p class="glossary-letters"[^>]*>(.*?)</p>', html, re.S).group(1)))
    assert letters not in text
    entries = _entry_fragments(html)
    assert len(entries) >= 10
    starts = destination_pages(printed[url].read_bytes())
    first_page = [ident for ident, page in starts.items() if page == 1 and ident in entries]
    assert len(first_page) >= 2, f"the first page starts only {first_page}"
    for ident, blocks in entries.items():
        meta = blocks[1]  # the line under the term (pinyin · category)
        assert meta in pages[starts[ident] - 1], f"{ident}: its term is alone at the foot of page {starts[ident]}"


def test_glossary_index_prints_its_lines_without_the_letter_bar(site, printed):
    """/glossary/ on paper: every term with its short definition, under its letter; no letter bar, no hints."""
    text = squash("".join(pdf_pages(printed["/glossary/"])))
    assert "点击字母" not in text and "完整解释" not in text
    for term in CONTENT.glossary.values():
        assert squash(term.entry.term) in text and squash(term.entry.short)[-8:] in text


#: Text smaller than 12 pt is allowed only in the page furniture: the QR code's caption (and the margins, which
#: are not in the article).
SMALL_PRINT_ALLOWED = ".print-source"

_PRINT_SIZES_JS = """(allowed) => {
    const found = [];
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const el = node.parentElement;
        if (!node.textContent.trim() || !el.getClientRects().length || el.closest(allowed)) continue;
        let px = parseFloat(getComputedStyle(el).fontSize);
        const svg = el.closest('svg');
        if (svg) px *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        found.push([px * 0.75, el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || ''), node.textContent.trim().slice(0, 12)]);
    }
    return found;
}"""


@pytest.mark.parametrize("url", [*ALL_PDFS, "/", "/stats/2021/", "/policies/three-activities-opinion/"])
def test_large_print_body_text_at_least_12pt(browser, served_site, url, report_figure):
    """On paper nothing in the text is under 12 pt (glossary cards, book details, tables, chart labels included);
    the body is 12 pt and headings are larger."""
    context = browser.new_context(locale="zh-CN", color_scheme="light")
    page = context.new_page()
    try:
        page.goto(served_site + url)
        page.emulate_media(media="print")
        sizes = page.evaluate(_PRINT_SIZES_JS, SMALL_PRINT_ALLOWED)
        h1 = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('article h1')).fontSize)")) * 0.75
    finally:
        context.close()
    small = [s for s in sizes if s[0] < 11.95]
    assert sizes and not small, f"{url}: text under 12 pt: {small[:5]}"
    body = min(s[0] for s in sizes)
    assert h1 >= 1.6 * body, (url, h1, body)
    report_figure(f"print {url}: smallest text {body:.1f} pt, h1 {h1:.0f} pt")


@pytest.mark.parametrize("url", [f"/{h.url}" for h in HANDOUTS] + ["/", "/reading-lists/development/", "/glossary/"])
def test_no_sample_figures_on_paper(site, printed, browser, served_site, tmp_path, url):
    """Handouts leave sample reading figures out; ordinary pages hide them when printed (the statistics pages
    themselves, which are all figures and each labelled, are not in this list)."""
    path = printed.get(url)
    if path is None:
        context = browser.new_context(locale="zh-CN", color_scheme="light")
        path = tmp_path / "page.pdf"
        path.write_bytes(print_page(context.new_page(), served_site + url))
        context.close()
    text = squash("".join(pdf_pages(path)))
    assert "示例数据" not in text and "位委员读过" not in text, url
    if url.startswith("/print/reading-lists/"):
        assert "位委员读过" not in read_page(site, url)  # left out of the handout, not only hidden


def _headings(html: str) -> list[str]:
    return [squash(heading_text(h)) for h in re.findall(r"<h[2-4][^>]*>(.*?)</h[2-4]>", html, re.S)]


@pytest.mark.parametrize(
    "url", ["/print/report/2020/", "/report/2020/plan-2021/", "/contribute/", "/print/reading-lists/development/"]
)
def test_no_page_ends_with_a_heading(site, printed, url):
    headings = [h for h in _headings(read_page(site, url)) if len(h) >= 2]
    pages = pdf_pages(printed[url])
    assert len(pages) >= 2
    for number, text in enumerate(pages[:-1], 1):
        body = squash(re.sub(PAGE_NUMBER, "", text))
        ending = [h for h in headings if body.endswith(h)]
        assert not ending, f"{url} page {number} ends with the heading {ending[0]}"


# --- margins: page numbers and title -------------------------------------------------------------


def test_page_numbers_and_title_in_the_margins(printed):
    pages = pdf_pages(printed["/report/2020/plan-2021/"])
    total = len(pages)
    numbers = [re.findall(PAGE_NUMBER, page) for page in pages]
    assert numbers == [[(str(n), str(total))] for n in range(1, total + 1)]
    # the running title, next to the site's name (pdftotext may put a heading at the top of the page first)
    assert "2021年工作安排" in [ln for ln in pages[1].splitlines() if ln.strip()][1:3]
    # the first page shows its title large, not again in the margin
    assert "书香政协 · 南阳市政协" not in pages[0] and "书香政协 · 南阳市政协" in pages[1]
    assert pages[0].count("2021年工作安排") == 1
    report = pdf_pages(printed["/print/report/2020/"])
    assert not re.search(PAGE_NUMBER, report[0])  # the cover has no page number
    assert re.findall(PAGE_NUMBER, report[1]) == [("2", str(len(report)))] and REPORT.title in report[1]


def test_handout_contents_list_page_numbers(printed):
    """The contents on the cover give the page each part starts on, as the PDF's own anchors say."""
    path = printed["/print/report/2020/"]
    starts = destination_pages(path.read_bytes())
    cover = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for page_id, report_page in REPORT.pages.items():
        line = next(
            ln for ln in cover.splitlines() if ln.strip().startswith(report_page.title[:6]) and "学习资料" not in ln
        )  # a contents line, not the cover's "2020年工作报告解读 · 学习资料"
        assert line.rstrip().endswith(f" {starts[page_id]}"), line
        assert starts[page_id] >= 2


# --- the way back to the site: QR code and address -----------------------------------------------


@pytest.mark.parametrize("url", ["/report/2020/plan-2021/", "/contribute/", "/glossary/"])
def test_with_a_placeholder_site_url_no_qr_code_leads_nowhere(printed, tmp_path, url):
    """The committed site_url is a placeholder: the printed page says the address is not set yet instead."""
    assert qr_codes(printed[url], tmp_path) == []
    assert "网站的网上地址尚未设定" in squash(pdf_pages(printed[url])[0]) and SITE_URL not in pdf_pages(printed[url])[0]


@pytest.mark.parametrize("kind", ["report", "glossary", "reading-list"])
def test_with_a_placeholder_site_url_handout_covers_have_no_qr_code(printed, tmp_path, kind):
    path = printed[f"/{handout(kind).url}"]
    assert qr_codes(path, tmp_path) == []
    assert "网站的网上地址尚未设定" in squash(pdf_pages(path)[0])


@pytest.fixture(scope="module")
def real_printed(browser, tmp_path_factory) -> dict[str, Path]:
    """A copy of the project with a real-looking site_url (.test is no placeholder), built and printed."""
    from conftest import run_build

    from scripts.project_copy import copy_project

    root = tmp_path_factory.mktemp("real-address")
    project = copy_project(root / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(r"(?m)^site_url: .*$", f"site_url: {REAL_SITE_URL}", config.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    result = run_build(project, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    context = browser.new_context(locale="zh-CN", color_scheme="light")
    page = context.new_page()
    pdfs = {}
    for url in REAL_PRINTED:
        pdfs[url] = root / ((url.strip("/").replace("/", "_") or "home") + ".pdf")
        pdfs[url].write_bytes(print_page(page, (root / "site" / url.strip("/") / "index.html").resolve().as_uri()))
    context.close()
    return pdfs


REAL_SITE_URL = "https://shuxiang.test/"
#: Printed from the copy with a real address: (page, the address its QR code must hold).
REAL_PRINTED = {
    "/report/2020/plan-2021/": "report/2020/plan-2021/",
    "/glossary/": "glossary/",
    "/print/report/2020/": "report/2020/",  # a handout's cover leads to its section online
    "/print/reading-lists/development/": "reading-lists/development/",
}


@pytest.mark.parametrize("url", REAL_PRINTED)
def test_qr_code_decodes_to_the_page_address(real_printed, tmp_path, url):
    address = urljoin(REAL_SITE_URL, REAL_PRINTED[url])
    assert qr_codes(real_printed[url], tmp_path) == [address]
    assert "https://shuxiang.test/" in squash(pdf_pages(real_printed[url])[0])  # printed beside it (it may wrap)


# --- links ---------------------------------------------------------------------------------------


def test_external_links_print_their_address_internal_ones_do_not(printed):
    contribute = squash("".join(pdf_pages(printed["/contribute/"])))
    assert "（http://127.0.0.1:8000）" in contribute
    plan = "".join(pdf_pages(printed["/report/2020/plan-2021/"]))
    assert "glossary" not in plan and "../" not in plan  # its many glossary links print nothing


def test_link_rules_in_print_media(page, served_site):
    """The print CSS itself: an address after links to other hosts, none after the site's own links."""
    page.goto(served_site + "/report/2020/plan-2021/")
    page.evaluate("""() => {
      const p = document.createElement('p');
      p.innerHTML = '<a id="t-out" href="https://www.gov.cn/">外</a> <a id="t-own" href="https://shuxiang.example/glossary/">内</a>';
      document.querySelector('article').append(p);
    }""")
    page.emulate_media(media="print")
    after = "(sel) => getComputedStyle(document.querySelector(sel), '::after').content"
    assert "https://www.gov.cn/" in page.evaluate(after, "#t-out")
    assert page.evaluate(after, "#t-own") in ("none", "normal")
    assert page.evaluate(after, "a.glossary-term") in ("none", "normal")


# --- colours -------------------------------------------------------------------------------------


def _gray_pixels(path: Path, tmp_path: Path) -> bytes:
    prefix = tmp_path / "gray"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-gray", "-singlefile", str(path), str(prefix)], check=True
    )
    data = (tmp_path / "gray.pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    return data[header.end() :]


def test_prints_light_even_in_the_dark_palette(browser, served_site, tmp_path):
    context = browser.new_context(locale="zh-CN", color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(served_site + "/report/2020/plan-2021/")
        on_screen = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", "the dark palette is not active"
        assert on_screen not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
        pdf = tmp_path / "dark.pdf"
        pdf.write_bytes(print_page(page, served_site + "/report/2020/plan-2021/"))
    finally:
        context.close()
    pixels = _gray_pixels(pdf, tmp_path)
    white = sum(1 for p in pixels if p > 235) / len(pixels)
    assert white > 0.8, f"only {white:.0%} of the printed page is white"
    assert "2021年工作安排" in pdf_pages(pdf)[0]


# --- the print button and the links to the handouts and PDFs --------------------------------------


def test_print_button_prints_and_is_not_printed(page, served_site):
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(served_site + "/reading-lists/development/")
    assert "no-js" not in page.evaluate("document.documentElement.className")  # so the button is shown
    button = page.get_by_role("button", name="打印")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    handout_link = page.locator("a.print-button", has_text="打印讲义")
    assert handout_link.get_attribute("href").rstrip("/").endswith("print/reading-lists/development")
    page.emulate_media(media="print")
    assert not button.is_visible() and not handout_link.is_visible()
    assert page.locator(".print-source").is_visible()  # QR code and address: only in print
    page.emulate_media(media="screen")
    assert not page.locator(".print-source").is_visible()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/report/",
        "/glossary/",
        "/policies/three-activities-opinion/",
        "/reading-lists/",
        "/contribute/",
        "/print/",
        "/print/glossary/",
    ],
)
def test_every_content_page_has_a_print_button(site, url):
    html = read_page(site, url)
    assert re.search(r'<button[^>]*class="[^"]*print-button[^"]*"[^>]*data-print-page', html)
    assert html.count('class="print-source"') == (0 if url.startswith("/print/") and url != "/print/" else 1)


def test_print_page_links_every_handout_and_its_pdf(site, printed):
    html = read_page(site, "/print/")
    pdf_links = re.findall(r'<a class="handout-pdf" href="([^"]+)"', html)
    page_links = {urljoin("/print/", h) for h in re.findall(r'<td><a href="([^"]+)">', html)}
    assert len(pdf_links) == len(HANDOUTS)
    for item in HANDOUTS:
        assert f"/{item.url}" in page_links
    for link in pdf_links:
        target = site / urljoin("/print/", link).lstrip("/")
        assert target.is_file() and target.read_bytes().startswith(b"%PDF"), link
    assert {site / h.pdf for h in HANDOUTS} == set(printed[f"/{h.url}"] for h in HANDOUTS)
    for item in HANDOUTS:  # each handout page offers its own PDF
        link = re.search(r'<a class="md-content__button print-button" href="([^"]+\.pdf)"', read_page(site, item.url))
        assert (site / urljoin(f"/{item.url}", link.group(1)).lstrip("/")) == site / item.pdf


# --- publishing: the same files however they are made ----------------------------------------------------


def _published_facts(pdf: bytes) -> tuple:
    """What a reader gets from a PDF: pages, every link's target, the named destinations' pages, the outline, the
    dates, and the text."""
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf), strict=True)
    links = [
        str(action.get("/URI") or action.get("/D") or "") if (action := a.get_object().get("/A")) else a.get("/Dest")
        for page in reader.pages
        for a in page.get("/Annots") or []
    ]
    meta = reader.metadata
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return len(reader.pages), links, destination_pages(pdf), len(reader.outline), meta.creation_date, text


def test_chromium_pdfs_are_published_as_pypdf_would_write_them(site, browser):
    """for_publishing's quick path (links and stamp replaced in place) gives what reading and writing the whole file
    with pypdf gives: the same pages, links to the public site, destinations, outline, dates and text."""
    page = browser.new_context(locale="zh-CN").new_page()
    raw = print_page(page, (site / handout("glossary").url / "index.html").resolve().as_uri())
    page.context.close()
    printed_root = site.resolve().as_uri() + "/"
    assert ("/URI " + "(" + printed_root).encode() in raw  # it links the reports: there are links to rewrite
    stamp = "D:20210503000000+00'00'"
    quick = republished_in_place(raw, printed_root, SITE_URL, stamp)
    assert quick is not None and quick != raw
    facts = _published_facts(quick)
    assert facts == _published_facts(republished_by_pypdf(raw, printed_root, SITE_URL, stamp))
    assert facts[1] and all(not str(link).startswith("file:") for link in facts[1])
    assert facts[4].date().isoformat() == "2021-05-03"
    assert (
        republished_in_place(raw.replace(b"\nxref\n", b"\nxref \n"), printed_root, SITE_URL, stamp) is None
    )  # not Chromium's


def test_handouts_printed_by_several_browsers_are_the_same_files(site, tmp_path):
    """`make pdf` prints with one browser per processor; the files are the very bytes one browser writes."""
    written = {}
    for workers in (1, 2):
        copy = shutil.copytree(site, tmp_path / f"site-{workers}", ignore=shutil.ignore_patterns("pdf"))
        written[workers] = {
            path.name: (path.read_bytes(), pages) for path, pages in render_handouts(copy, HANDOUTS, workers=workers)
        }
    assert list(written[1]) == [Path(h.pdf).name for h in HANDOUTS]  # in the handouts' order
    assert written[1] == written[2]
