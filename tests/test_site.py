"""The built site: every section exists, the report is the seed verbatim, glossary links and order hold."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import PROJECT_ROOT, article_text, read_page

from macros.sources.glossary import pinyin_key

#: The pages of the 2020 report (data/reports/2020.md), at /report/2020/<page>/.
REPORT_PAGES = ("review-2020", "plan-2021", "strive", "notes")

SECTIONS = {
    "/": "书香政协",
    "/report/": "常委会工作报告",
    "/glossary/": "名词解释",
    "/policies/": "政策文件",
    "/reading-lists/": "推荐书目",
    "/contribute/": "参与编辑",
    "/help/": "使用帮助",
}


@pytest.mark.parametrize("url,title", SECTIONS.items())
def test_section_exists_with_chinese_title(site, url, title):
    html = read_page(site, url)
    assert "<h1" in html and title in re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert '<html lang="zh"' in html


def test_report_pages_hold_every_line_of_the_seed(site):
    """Each non-empty line of the source text appears, unchanged, on one of the report pages."""
    text = " ".join(article_text(read_page(site, f"/report/2020/{pid}/")) for pid in REPORT_PAGES)
    text += article_text(read_page(site, "/report/2020/"))
    seed = (PROJECT_ROOT / "data" / "reports" / "2020.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    missing = []
    for line in seed.splitlines():
        line = re.sub(r"^#+ +", "", line).strip()
        if line and line not in text:
            missing.append(line)
    assert not missing, f"{len(missing)} lines of the report are not on the site, e.g. {missing[0]!r}"


def test_report_names_its_source(site):
    text = article_text(read_page(site, "/report/2020/"))
    assert "文字/徐蕾" in text
    assert "政协第六届南阳市委员会常务委员会工作报告" in text


def test_report_page_has_sections_as_headings(site):
    html = read_page(site, "/report/2020/plan-2021/")
    assert re.search(r'<h1 id="2021年工作安排">', html)
    assert len(re.findall(r"<h2 id=", html)) == 6  # the six ● parts of the 2021 plan


def _index_lines(site: Path) -> list[tuple[str, str, str]]:
    """The glossary's index (/glossary/), line by line: the line's anchor, its link and its term."""
    html = read_page(site, "/glossary/")
    return [
        (m.group(1), urljoin("/glossary/", unescape(m.group(2))), unescape(re.sub(r"<[^>]+>", "", m.group(3))))
        for m in re.finditer(r'<li id="([^"]+)"><a href="([^"]+)">(.*?)</a>', html, re.S)
    ]


def _letter_pages(site: Path) -> list[str]:
    """The glossary's letter pages, in the order of the letter bar on the index."""
    html = read_page(site, "/glossary/")
    return [urljoin("/glossary/", h) for h in re.findall(r'<p class="glossary-more"><a href="([^"]+)">', html)]


def _glossary_anchors(site: Path) -> dict[str, str]:
    """Every full entry on the letter pages: its anchor and its term, in the pages' order."""
    anchors = {}
    for url in _letter_pages(site):
        html = read_page(site, url)
        anchors.update(
            (m.group(1), unescape(re.sub(r"<[^>]+>", "", m.group(2))))
            for m in re.finditer(r'<h2 id="([^"]+)">(.*?)<a class="headerlink"', html, re.S)
        )
    return anchors


def _entry_pages(site: Path) -> dict[str, str]:
    """Each entry's anchor and the letter page that holds it."""
    pages = {}
    for url in _letter_pages(site):
        pages.update((a, url) for a in re.findall(r'<h2 id="([^"]+)">', read_page(site, url)))
    return pages


def test_glossary_is_in_pinyin_order(site):
    terms = list(_glossary_anchors(site).values())
    assert len(terms) >= 20
    assert terms == sorted(terms, key=pinyin_key), "glossary entries are not in pinyin order"
    assert [term for _, _, term in _index_lines(site)] == terms  # the index, in the same order
    # spot check independent of the sort key: the digit-led terms first, then 党史… before 微协商 before 专门…
    assert terms[0][0].isdigit()
    assert terms.index("党史学习教育") < terms.index("微协商") < terms.index("专门协商机构")


def test_glossary_has_letter_index_linking_to_groups(site):
    html = read_page(site, "/glossary/")
    letters = re.findall(r'<a href="#(letter-[a-z]+)">', html)
    assert "letter-w" in letters and "letter-s" in letters
    for anchor in letters:
        assert f'id="{anchor}"' in html


def test_every_letter_page_has_the_letter_bar_to_the_others(site):
    pages = _letter_pages(site)
    assert len(pages) >= 5 and "/glossary/s/" in pages and "/glossary/0-9/" in pages
    for url in pages:
        bar = re.search(r'<p class="glossary-letters"[^>]*>(.*?)</p>', read_page(site, url), re.S).group(1)
        linked = [urljoin(url, h) for h in re.findall(r'href="([^"]+)"', bar)]
        assert linked == [p for p in pages if p != url], url  # every other letter, in order; this one not a link
        assert "<strong>" in bar


def test_every_entry_is_reachable_at_the_index_and_at_its_letter_page(site):
    """/glossary/#<id> (every old link) lands on the entry's line in the index, which links to the full entry on
    its letter page; the letter page is its initial's, and holds it under the same anchor."""
    from macros.content import load_content
    from macros.sources.glossary import entry_pages
    from macros.structure.site_map import page_url

    content = load_content()
    where = entry_pages(content.glossary)
    lines = {anchor: (link, term) for anchor, link, term in _index_lines(site)}
    pages = _entry_pages(site)
    assert set(lines) == set(content.glossary) == set(pages)
    index = read_page(site, "/glossary/")
    for term_id, term in content.glossary.items():
        assert index.count(f'id="{term_id}"') == 1, term_id
        link, shown = lines[term_id]
        assert shown == term.entry.term
        assert link == f"/{page_url(where[term_id])}#{term_id}" and link.startswith(pages[term_id] + "#"), link
        assert (site / pages[term_id].strip("/") / "index.html").is_file()


def test_letter_pages_hold_full_entries_and_the_index_only_short_lines(site):
    from macros.content import load_content

    content = load_content()
    index = article_text(read_page(site, "/glossary/"))
    entries = "".join(article_text(read_page(site, url)) for url in _letter_pages(site))
    for term in content.glossary.values():
        assert " ".join(term.entry.short.split())[:10] in index
        assert term.entry.source[:10] in entries and term.entry.source[:10] not in index
    assert len(read_page(site, "/glossary/")) < sum(len(read_page(site, url)) for url in _letter_pages(site))


REQUIRED_TERMS = [
    "1+3+N",
    "小讲堂",
    "微协商",
    "深走访",
    "三作",
    "三台",
    "三评",
    "书香政协",
    "五个全覆盖",
    "三大定力",
    "三项原则",
    "三大聚焦",
    "三大活动",
    "新时代南阳政协精神",
    "四个意识",
    "四个自信",
    "两个维护",
    "双向发力",
]


def test_glossary_defines_every_term_the_report_explains(site):
    terms = set(_glossary_anchors(site).values())
    missing = [t for t in REQUIRED_TERMS if t not in terms]
    assert not missing, f"glossary lacks {missing}"


def _internal_links(site: Path, url: str) -> list[tuple[str, str]]:
    html = read_page(site, url)
    return [
        (m.group(1), m.group(2)) for m in re.finditer(r'<a class="glossary-term" href="([^"]+)" title="([^"]*)"', html)
    ]


@pytest.mark.parametrize(
    "url", [f"/report/2020/{pid}/" for pid in REPORT_PAGES] + ["/policies/three-activities-opinion/"]
)
def test_auto_links_resolve_to_existing_glossary_anchors(site, url):
    links = _internal_links(site, url)
    assert links, f"no glossary links on {url}"
    pages = _entry_pages(site)
    for href, title in links:
        target = urlparse(urljoin(f"http://x{url}", href))
        assert unquote(target.fragment) in pages, f"{href} points to a missing anchor"
        assert target.path == pages[unquote(target.fragment)], href  # the entry's letter page
        assert title, f"{href} has no tooltip"


def test_report_links_the_terms_it_explains(site):
    linked = {
        unquote(urlparse(h).fragment) for pid in REPORT_PAGES for h, _ in _internal_links(site, f"/report/2020/{pid}/")
    }
    for term_id in [
        "1-3-n",
        "xiaojiangtang",
        "weixieshang",
        "shenzoufang",
        "shuxiang-zhengxie",
        "wuge-quanfugai",
        "sanda-dingli",
    ]:
        assert term_id in linked, f"{term_id} is never linked from the report"


def test_glossary_locations_agree_with_report_links(site):
    """Every report page a glossary entry claims to appear on links to that entry (and no page links to
    an entry that does not claim it): the glossary data and the report text agree."""
    from macros.content import load_content

    content = load_content()
    for pid in REPORT_PAGES:
        linked = {unquote(urlparse(h).fragment) for h, _ in _internal_links(site, f"/report/2020/{pid}/")}
        claimed = {tid for tid, t in content.glossary.items() if f"2020/{pid}" in t.entry.report_locations}
        assert linked == claimed, (
            f"/report/{pid}/: linked but not claimed {linked - claimed}, claimed but not linked {claimed - linked}"
        )


def test_longest_term_wins_in_links(site):
    """'1+3+N' is linked as a whole, never as '1+' followed by a link on '3+N'."""
    html = read_page(site, "/report/2020/review-2020/")
    assert "1+<a" not in html
    assert re.search(r'<a class="glossary-term" href="[^"]*#1-3-n"[^>]*>1\+3\+N</a>', html)


def test_policy_index_is_generated_from_front_matter(site):
    text = article_text(read_page(site, "/policies/"))
    assert "关于更好发挥委员主体作用开展“小讲堂”“微协商”“深走访”活动意见" in text
    assert "仅摘要" in text
    html = read_page(site, "/policies/three-activities-opinion/")
    assert "摘要，非全文" in html


def test_reading_lists_have_pages_and_index(site):
    lists = sorted(p.stem for p in (PROJECT_ROOT / "reading_lists").glob("*.yaml"))
    assert len(lists) >= 4
    index = read_page(site, "/reading-lists/")
    for list_id in lists:
        html = read_page(site, f"/reading-lists/{list_id}/")
        assert len(re.findall(r'<div class="book">', html)) >= 5
        assert f'href="{list_id}/"' in index


def test_home_page_shows_latest_reading_list(site):
    html = read_page(site, "/")
    assert "最新书单" in html and 'href="reading-lists/' in html


# --- no request to any other host ---------------------------------------------------------------

RESOURCE_PATTERNS = [
    re.compile(r'<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc="(https?:)?//', re.I),
    re.compile(r'<link\b[^>]*\bhref="(https?:)?//[^"]*"[^>]*>', re.I),
    re.compile(r'url\(\s*["\']?(https?:)?//', re.I),
    re.compile(r'@import\s+["\']?(?:url\()?\s*["\']?(https?:)?//', re.I),
]


def test_no_html_or_css_loads_anything_from_another_host(site):
    offenders = []
    for path in list(site.rglob("*.html")) + list(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in RESOURCE_PATTERNS:
            for m in pattern.finditer(text):
                snippet = m.group(0)
                if 'rel="canonical"' in snippet or "shuxiang.example" in snippet:
                    continue  # the page's own public address, not a request
                offenders.append(f"{path.relative_to(site)}: {snippet[:100]}")
    assert not offenders, "\n".join(offenders[:10])
    assert "fonts.googleapis" not in "".join(p.read_text(errors="replace") for p in site.rglob("*.html"))


# --- 使用帮助 for members (issue 25) ---------------------------------------------------------------


def test_every_page_links_the_help_page_beside_the_font_size_control(site):
    pages = [p for p in site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert len(pages) >= 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        control = re.search(r'<div class="reading-size".*?</div>', html, re.S)
        assert control, path
        link = re.search(r'<a class="reading-size__help" href="([^"]+)">使用帮助</a>', control.group(0))
        assert link, path
        target = urlparse(urljoin(f"https://x/{path.parent.relative_to(site).as_posix()}/", link.group(1))).path
        assert target == "/help/", (path, link.group(1))
    assert 'href="help/">使用帮助</a>' in article_text_html(read_page(site, "/"))


def article_text_html(html: str) -> str:
    return re.search(r"<article.*?</article>", html, re.S).group(0)


def test_help_page_explains_what_the_site_really_does(site):
    text = article_text(read_page(site, "/help/"))
    for fact in ("标准、大、特大", "朗读", "暂停", "慢速", "切换到深色模式", "打印", "打印讲义", "shuxiang-zhengxie-offline.zip",
                 "index.html", "weixieshang", "wxs", "書香政協", "语音输入"):  # fmt: skip
        assert fact in text, fact
    html = read_page(site, "/")
    # the labels it names are the ones on the pages
    assert 'data-font-size-choice="x-large" aria-pressed="false">特大</button>' in html
    assert "切换到深色模式" in html
    assert ">朗读</button>" in read_page(site, "/glossary/")
