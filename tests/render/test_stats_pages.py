"""The built site shows the reading statistics computed from the committed data, labelled 示例数据."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import PROJECT_ROOT, article_text, read_page

from macros.content import load_content
from macros.core.errors import ContentError
from macros.core.numbers import format_decimal, format_hours, format_int, format_percent
from macros.reading.schemas import Member, ReadingRecord
from macros.render.stats_pages import render_stats_year
from macros.site.search_index import read_search_index
from scripts import sample_data


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def stats_html(site) -> str:
    """The overview, /stats/."""
    return read_page(site, "/stats/")


@pytest.fixture(scope="module")
def year_pages(site, content) -> dict[int, str]:
    """Every year's page, /stats/<year>/, newest first."""
    return {y.year: read_page(site, f"/stats/{y.year}/") for y in content.stats.years}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', html))


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """Rows of the table whose caption contains `caption`: row header → the other cells' text."""
    table = next(t for t in re.findall(r"<table[^>]*>.*?</table>", html, re.S) if caption in t)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if head:
            rows[text_of(head.group(1))] = [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return rows


def test_stats_pages_have_chinese_titles_and_a_page_for_every_year(stats_html, year_pages, content):
    assert re.search(r"<h1[^>]*>读书统计", stats_html)
    years = [y.year for y in content.stats.years]
    assert years == sorted(years, reverse=True) and len(years) >= 2
    assert list(year_pages) == years
    for year, html in year_pages.items():
        assert re.search(rf"<h1[^>]*>{year}年读书统计", html)
        assert re.search(rf'<h2 id="months">{year}年月度走势', html)


def test_a_year_page_for_a_year_without_records_is_refused(content):
    with pytest.raises(ContentError) as error:
        render_stats_year(content, 2019, "stats/2019.md")
    assert str(error.value.problems[0].message).startswith(
        "reading_stats_year(2019)：2019 年没有读书记录（有记录的年份：2021、2020）"
    )
    assert error.value.problems[0].file == "docs/stats/2019.md"


def test_each_year_is_on_its_own_page_only(year_pages):
    """A year's page holds that year's numbers and no other year's, so that a page stays light."""
    for year, html in year_pages.items():
        article = re.search(r"<article.*?</article>", html, re.S).group(0)
        others = [y for y in year_pages if y != year]
        assert not [y for y in others if f"{y}年各月" in article or f"{y}年月度走势" in article]


def test_headline_figures_are_the_computed_ones(stats_html, year_pages, content):
    latest = content.stats.latest
    assert figures(stats_html) == figures(year_pages[latest.year])  # the overview shows the latest year's
    for year in content.stats.years:
        section = year_pages[year.year]
        assert figures(section) == {
            "participants": format_int(year.participants),
            "rate": format_percent(year.rate),
            "acts": format_int(year.acts),
            "hours": format_hours(year.minutes),
            "per-participant": format_decimal(year.minutes_per_participant),
            "notes": format_int(year.notes),
        }
        summary = text_of(section)
        for value in (
            format_int(year.members),
            format_int(year.minutes),
            format_decimal(year.minutes_median),
            format_int(year.books_read),
            format_int(year.notes_chars),
        ):
            assert value in summary


def test_tables_hold_the_computed_numbers(year_pages, content):
    latest = content.stats.latest
    section = year_pages[latest.year]
    months = table_rows(section, "各月数字")
    assert months == {
        f"{m.month}月": [format_int(m.acts), format_int(m.participants), format_int(m.minutes)] for m in latest.months
    }
    kinds = table_rows(section, "各类活动")
    assert kinds == {
        k.kind: [format_int(k.acts), format_int(k.participants), format_int(k.minutes)] for k in latest.kinds
    }
    for caption, groups in (
        ("各县市区", latest.by_district),
        ("各界别", latest.by_sector),
        ("各专委会", latest.by_committee),
    ):
        assert table_rows(section, caption) == {
            g.name: [format_int(g.members), format_int(g.participants), format_percent(g.rate)] for g in groups
        }
    top = table_rows(section, "读者最多的")
    assert [re.sub(r" ?书单外$", "", k) for k in top] == [f"《{b.title}》" for b in latest.top_books]
    assert [v[1] for v in top.values()] == [format_int(b.readers) for b in latest.top_books]
    for coverage in latest.lists:
        rows = table_rows(section, coverage.title)
        assert [v[0] for v in rows.values()] == [format_int(b.readers) for b in coverage.books]


def test_each_lists_books_are_folded_under_a_line_of_its_figures(year_pages, content):
    """One closed <details> per reading list: its summary carries the list's figures, its table each book's (so a
    year of 40 lists is 40 lines to read, and a phone lays out only the tables opened)."""
    for year in content.stats.years:
        section = year_pages[year.year].split('<h2 id="lists">', 1)[1].split('<h2 id="notes">', 1)[0]
        folds = re.findall(r'<details class="stats-list-books" id="lists-([^"]+)"[^>]*>(.*?)</details>', section, re.S)
        assert [list_id for list_id, _ in folds] == [c.list_id for c in year.lists]
        assert "<details open" not in section and section.count("<table") == len(year.lists)
        for (_, fold), coverage in zip(folds, year.lists):
            summary = unescape(re.sub(r"<[^>]+>", "", re.search(r"<summary>(.*?)</summary>", fold, re.S).group(1)))
            assert summary == (
                f"{coverage.title}：{format_int(coverage.readers)}名委员读过其中至少一种"
                f"（占委员{format_percent(coverage.rate)}），{len(coverage.books)}种中有{coverage.books_read}种有人读"
            )
            assert len(re.findall(r'<tr><th scope="row">', fold)) == len(coverage.books)


def test_overview_compares_the_years(stats_html, content):
    rows = table_rows(stats_html, "历年主要数字")
    assert rows == {
        f"{y.year}年": [
            format_int(y.members),
            format_int(y.participants),
            format_percent(y.rate),
            format_int(y.acts),
            format_int(y.minutes),
            format_int(y.books_read),
            format_int(y.notes),
        ]
        for y in content.stats.years
    }


def test_year_switcher_links_every_stats_page_to_the_others_without_javascript(stats_html, year_pages, content):
    pages = {"/stats/": stats_html} | {f"/stats/{year}/": html for year, html in year_pages.items()}
    expected = [f"/stats/{y.year}/" for y in content.stats.years] + ["/stats/"]
    for url, html in pages.items():
        nav = re.search(r'<nav class="stats-years"[^>]*>(.*?)</nav>', html, re.S).group(1)
        links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>', nav)
        assert [urlparse(urljoin("http://x" + url, href)).path for href, _ in links] == expected, url
        assert [urlparse(urljoin("http://x" + url, href)).path for href, current in links if current] == [url]


def test_overview_links_each_year_to_its_page(stats_html, content):
    table = next(t for t in re.findall(r"<table[^>]*>.*?</table>", stats_html, re.S) if "历年主要数字" in t)
    assert re.findall(r'<a href="([^"]+)">', table) == [f"{y.year}/" for y in content.stats.years]


def test_each_chart_is_inline_svg_with_a_title_and_a_table_of_its_numbers(year_pages):
    for html in year_pages.values():
        charts = re.findall(r'(<svg class="stats-chart.*?</svg>).*?(<table[^>]*>.*?</table>)', html, re.S)
        assert len(charts) == 3
    charts = [
        c
        for html in year_pages.values()
        for c in re.findall(r'(<svg class="stats-chart.*?</svg>).*?(<table[^>]*>.*?</table>)', html, re.S)
    ]
    for svg, table in charts:
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert 'role="img"' in svg
        title = re.search(rf'<title id="{ids[0]}">([^<]+)</title>', svg).group(1)
        assert title and re.search(rf'<desc id="{ids[1]}">', svg)
        values = re.findall(r'class="stats-chart-value"[^>]*>([^<]+)<', svg)
        table_text = text_of(table)
        assert values and all(v in table_text for v in values), title
        assert len(re.findall(r"<rect ", svg)) == len(values)


def test_no_chart_library_or_script_is_added(year_pages, site):
    html = next(iter(year_pages.values()))
    scripts = [s.replace("../", "") for s in re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)]
    other = read_page(site, "/")  # a page without 朗读: its script loads only where the control is
    assert scripts == [s.replace("../", "") for s in re.findall(r"<script[^>]*src=\"([^\"]+)\"", other)]
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    assert "<script" not in article


def test_sample_data_is_labelled_wherever_it_is_shown(site, stats_html, year_pages, content):
    assert content.stats.sample
    for html in [stats_html, *year_pages.values()]:
        assert "示例数据" in re.search(r'<div class="admonition warning">.*?</div>', html, re.S).group(0)
        assert '<span class="sample-data-tag">示例数据</span>' in html
    home = read_page(site, "/")
    assert "示例数据" in home
    for list_id in content.reading_lists:
        html = read_page(site, f"/reading-lists/{list_id}/")
        counts = re.findall(r'<p class="book-readers">(.*?)</p>', html, re.S)
        assert counts and all("示例数据" in c for c in counts)


def test_home_page_shows_the_latest_year(site, content):
    html = read_page(site, "/")
    latest = content.stats.latest
    assert figures(html)["participants"] == format_int(latest.participants)
    assert figures(html)["rate"] == format_percent(latest.rate)
    assert f'href="stats/{latest.year}/"' in html and 'href="stats/"' in html


def test_reading_list_pages_show_how_many_members_read_each_book(site, content):
    for list_id, lst in content.reading_lists.items():
        html = read_page(site, f"/reading-lists/{list_id}/")
        shown = re.findall(r'<h[23] id="([^"]+)">.*?<p class="book-readers">累计([\d,]+)位委员读过', html, re.S)
        assert shown == [(b.id, format_int(content.stats.readers_by_book.get(b.id, 0))) for b in lst.data.books]


@pytest.mark.parametrize("url", ["/stats/", "/stats/2021/", "/stats/2020/"])
def test_links_on_the_stats_pages_resolve(site, url):
    article = re.search(r"<article.*?</article>", read_page(site, url), re.S).group(0)
    hrefs = set(re.findall(r'href="([^"]+)"', article))
    assert url == "/stats/" or any("reading-lists/" in h for h in hrefs)
    for href in hrefs:
        target = urlparse(urljoin(f"http://x{url}", href))
        if target.netloc != "x":
            continue
        page = site / unquote(target.path).lstrip("/") / "index.html"
        assert page.exists(), href
        if target.fragment:
            assert f'id="{unquote(target.fragment)}"' in page.read_text(encoding="utf-8"), href


def test_contribute_page_documents_every_column_with_an_example(site):
    html = read_page(site, "/contribute/")
    text = article_text(html)
    assert re.search(r'<h2 id="reading-data"', html)
    for model in (Member, ReadingRecord):
        for name, info in model.model_fields.items():
            assert f"<code>{name}</code>" in html, name
            assert info.title in text
        assert ",".join(model.model_fields) in text
    assert "邓州市" in text and "仅作示意" in text


def test_committed_sample_is_exactly_what_the_generator_makes(content):
    if not content.reading.info.sample:
        pytest.skip("data/ holds real data")
    assert sample_data.main(["--check"]) == 0, "run `make sample-data` and commit data/"


def test_committed_sample_is_realistic(content):
    """About 3,000 members (全市3000多名政协委员); skewed reading; a seasonal dip at the Spring Festival."""
    assert len(content.reading.members) == sample_data.MEMBERS
    latest = content.stats.latest
    assert 0.4 < latest.rate < 0.95
    assert latest.minutes_median < latest.minutes_per_participant  # a long tail of keen readers
    months = {m.month: m.acts for m in latest.months}
    assert months[2] < months[1] and months[4] == max(months.values())  # Spring Festival; World Book Day
    assert Path(PROJECT_ROOT / "data" / "reading_records.csv").stat().st_size < 3_000_000


# --- in a browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_stats_page_in_a_browser_and_in_print(page, served_site, content):
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(served_site + "/stats/", wait_until="networkidle")
    own = urlparse(served_site).netloc
    assert all(urlparse(u).netloc == own for u in requested if urlparse(u).scheme in ("http", "https"))
    assert not errors, errors
    oldest = content.stats.years[-1].year
    page.locator("nav.stats-years").first.get_by_text(f"{oldest}年", exact=True).click()
    page.wait_for_url(f"**/stats/{oldest}/")
    assert page.locator("h1").inner_text().startswith(f"{oldest}年读书统计")
    chart = page.locator("svg.stats-chart").first
    assert chart.bounding_box()["width"] > 300 and chart.bounding_box()["height"] > 100
    folded = page.locator("details.stats-list-books table")
    assert folded.count() and not folded.first.is_visible()  # each list's books: folded on screen
    page.emulate_media(media="print")
    assert not page.locator("nav.stats-years").first.is_visible()
    assert page.locator("svg.stats-chart").first.is_visible()
    assert all(folded.nth(i).is_visible() for i in range(folded.count()))  # and printed unfolded


@pytest.mark.browser
def test_a_link_to_a_lists_books_opens_them(page, served_site, content):
    """/stats/<year>/#lists-<list> (a link from elsewhere, or a shared address) shows that list's books opened."""
    year = content.stats.latest
    coverage = year.lists[-1]
    page.goto(f"{served_site}/stats/{year.year}/#lists-{coverage.list_id}", wait_until="load")
    fold = page.locator(f"details#lists-{coverage.list_id}")
    page.wait_for_function("id => document.getElementById(id).open", arg=f"lists-{coverage.list_id}", timeout=5000)
    assert fold.locator("table").is_visible()
    assert page.locator("details.stats-list-books[open]").count() == 1


def test_search_finds_the_summary_but_not_the_tables_of_numbers(site, content):
    """Tables, charts and the year links are marked data-search-exclude: numbers would only flood the results."""
    index = read_search_index(site)
    text = "".join(d["text"] for d in index["docs"] if d["location"].startswith("stats/")).replace("\u200b", "")
    latest = content.stats.latest
    assert f"{format_int(latest.participants)}人参与读书" in text
    assert "即上图的数据" not in text  # table captions
    assert f"{latest.year}年各月读书次数" not in text  # chart titles
    assert "".join(f"{y.year}年" for y in content.stats.years) + "历年概况" not in text  # the year links
