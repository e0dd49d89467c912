"""Search as members use it: every suite query typed into the real search box in headless Chromium."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from urllib.parse import urlparse

import pytest
from conftest import read_page

from macros.core.errors import Problems
from macros.sources.book_lists import load_reading_lists
from macros.sources.glossary import load_glossary
from scripts.search_suite import PASS_RATE, SearchBox, SuiteReport, load_cases, run_suite

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def cases():
    return load_cases()


@pytest.fixture(scope="session")
def suite(browser, served_site, cases) -> tuple[SuiteReport, list[str]]:
    """The whole suite, run once through the search box of the served site; and every URL requested."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    report = run_suite(page, served_site + "/", cases)
    context.close()
    return report, requested


# --- the suite itself covers what members type --------------------------------------------------


def test_suite_covers_every_glossary_name_and_every_kind_of_query(cases):
    problems = Problems()
    terms = load_glossary(problems)
    queries = {c.query for c in cases}
    assert len(cases) >= 60
    assert {n for t in terms.values() for n in t.names} <= queries
    kinds = Counter(c.kind for c in cases)
    for kind in ("词中两字", "前缀", "两个词", "数字和符号", "书名", "作者", "仅见名词解释", "拼音", "拼音首字母"):
        assert kinds[kind] >= 1, f"查询集缺少「{kind}」类查询"
    assert {"1+3+N", "十四五", "3000", "wxs", "weixieshang", "协商", "书香"} <= queries
    assert any(" " in q for q in queries)


def test_suite_books_and_authors_come_from_the_reading_lists(cases):
    problems = Problems()
    books = [b for lst in load_reading_lists(problems).values() for b in lst.data.books]
    titles, authors = {b.title for b in books}, {b.author for b in books}
    for case in cases:
        if case.kind == "书名":
            assert any(t in case.query or case.query in t for t in titles), case.query
        if case.kind == "作者":
            assert case.query in authors, case.query


def test_every_expected_page_and_anchor_exists(site, cases):
    for case in cases:
        if case.expect:
            path, _, anchor = case.expect.partition("#")
            html = read_page(site, path)
            if anchor:
                assert re.search(f'id="{re.escape(anchor)}"', html), f"{case.expect} 不存在"


# --- results, in the browser ---------------------------------------------------------------------


def test_hit_rate_of_the_query_suite(suite, report_figure):
    report, _ = suite
    report_figure(report.summary("站内搜索（真实搜索框，无头 Chromium）"))
    assert report.rate >= PASS_RATE, report.summary() + "\n" + "\n".join(report.misses())


def test_glossary_entries_rank_first_for_glossary_terms(suite):
    report, _ = suite
    wrong = [o for o in report.outcomes if o.case.first and not o.first_ok]
    assert not wrong, "\n".join(report.misses())


def test_search_requests_nothing_from_other_hosts(suite, served_site):
    _, requested = suite
    own = urlparse(served_site).netloc
    assert any("/search/search_index.json" in u for u in requested)
    assert not [u for u in requested if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own]


def test_results_use_materials_markup_with_marked_matches(page, served_site):
    box = SearchBox(page).open(served_site + "/")
    box.ask("微协商")
    first = page.locator(".md-search-result__item").first
    assert first.locator("a.md-search-result__link").count() >= 2
    assert first.locator("mark").first.inner_text() == "微协商"
    assert "符合条件的结果" in page.locator(".md-search-result__meta").inner_text()
    box.ask("zzzz不存在的词")
    assert page.locator(".md-search-result__item").count() == 0
    assert "没有" in page.locator(".md-search-result__meta").inner_text()


def test_every_query_gets_a_measured_latency(suite):
    """The timing itself is `make bench-search`'s to print, not a test's to assert."""
    report, _ = suite
    assert len(report.latencies) == len(report.outcomes)
    assert all(ms >= 0 for ms in report.latencies)


# --- the engine on its own (engine.js loaded into a page) ----------------------------------------


@pytest.fixture
def engine(page, served_site):
    page.goto(served_site + "/404.html")
    page.add_script_tag(url=served_site + "/assets/javascripts/search/engine.js")
    return page


def test_engine_folds_index_and_query_the_same_way(engine):
    assert engine.evaluate("ShuxiangSearch.fold('１＋３＋Ｎ')") == "1+3+n"
    assert engine.evaluate("ShuxiangSearch.fold('wēi xié shāng')") == "weixieshang"
    assert engine.evaluate("ShuxiangSearch.fold('“三作、三台、三评”')") == "三作三台三评"
    terms = engine.evaluate("ShuxiangSearch.queryTerms('委员  履职，书香').map(t => t.folded)")
    assert terms == ["委员", "履职", "书香"]


def test_engine_escapes_text_from_the_index(engine):
    result = engine.evaluate("""() => {
      const index = new ShuxiangSearch.Index({docs: [
        {location: "x/", title: "<img src=x onerror=alert(1)>", text: "a <script>b</script> img"}]});
      return index.search("img").items[0][0];
    }""")
    assert "<img" not in result["title"] and "&lt;<mark>img</mark>" in result["title"]
    assert "<script>" not in result["text"] and "&lt;script&gt;" in result["text"]


def test_engine_links_name_index_html_from_file_urls(engine):
    locations = engine.evaluate("""() => {
      const docs = [{location: "", title: "首页", text: "书香"},
                    {location: "report/", title: "报告", text: "书香"},
                    {location: "report/#a", title: "一节", text: "书香"}];
      const index = new ShuxiangSearch.Index({docs}, {fileUrls: true});
      return index.search("书香").items.flat().map(i => i.location).sort();
    }""")
    assert locations == ["index.html", "report/index.html", "report/index.html#a"]


def test_engine_suggests_the_glossary_term_being_typed(engine):
    suggest = engine.evaluate("""() => {
      const docs = [{location: "g/#a", title: "委员之家", text: "", keys: ["委员之家"], pinyin: ["weiyuanzhijia", "wyzj"]}];
      return new ShuxiangSearch.Index({docs, options: {suggest: true}}).search("委员").suggest;
    }""")
    assert suggest == ["委员之家"]


# --- opened from file:// (the site on a USB stick) ------------------------------------------------


def test_search_works_from_a_file_url(page, site):
    box = SearchBox(page).open((site / "report" / "index.html").as_uri())
    for query, target in [
        ("微协商", "glossary/index.html"),
        ("wxs", "glossary/index.html"),
        ("摆脱贫困", "reading-lists/development/index.html"),
    ]:
        answer = box.ask(query)
        assert answer.results and target in answer.results[0]["href"], (query, answer.results[:3])
    page.locator("a.md-search-result__link[href*='#baituo-pinkun']").click()
    page.wait_for_url("**/reading-lists/development/index.html*")
    assert "经济社会发展推荐书目" in page.locator("h1").first.inner_text()
    assert page.locator("[id='baituo-pinkun']").is_visible()


def test_search_says_so_when_it_cannot_run_from_a_file_url(page, site, tmp_path):
    copy = tmp_path / "usb"
    shutil.copytree(site, copy)
    (copy / "assets" / "javascripts" / "search" / "engine.js").unlink()
    page.goto((copy / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => /http\\.server/.test(document.querySelector('.md-search-result__meta').textContent)")
    assert "请用浏览器打开网站地址" in meta.inner_text()
