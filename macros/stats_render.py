"""The reading statistics on the site: the /stats/ page, the home page figures and the reader counts of
reading-list pages. Python picks and orders the numbers and works out the charts; the partials lay out."""

from __future__ import annotations

import posixpath

from .charts import Chart, horizontal_bars, vertical_bars
from .content import Content
from .numbers import format_int, format_percent
from .render import render_template
from .stats import YearStats

STATS_PAGE = "stats/index.md"
EXCERPT_LENGTH = 300


def page_url(page_path: str) -> str:
    """The address of a page (path under docs/) relative to the site root, as MkDocs writes it by default
    (use_directory_urls): index.md → "", stats/index.md → "stats/", reading-lists/a.md → "reading-lists/a/"."""
    stem = page_path[: -len(".md")]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link for raw HTML (which MkDocs does not rewrite) from one page to another."""
    link = posixpath.relpath(page_url(to_page) or ".", page_url(from_page) or ".")
    link = "./" if link == "." else link + "/"
    return link + (f"#{anchor}" if anchor else "")


def year_charts(year: YearStats) -> dict[str, Chart]:
    y = year.year
    return {
        "months": vertical_bars(
            f"chart-{y}-months", f"{y} 年各月读书次数",
            "每月一根柱子，柱子越高读书次数越多；具体数字见图下的表格。",
            [(f"{m.month}月", m.acts, format_int(m.acts)) for m in year.months]),
        "kinds": horizontal_bars(
            f"chart-{y}-kinds", f"{y} 年各类活动的读书次数",
            "每类活动一根横条，越长次数越多；具体数字见图下的表格。",
            [(k.kind, k.acts, format_int(k.acts)) for k in year.kinds]),
        "districts": horizontal_bars(
            f"chart-{y}-districts", f"{y} 年各县市区委员参与率",
            "每个县市区一根横条，整个宽度代表 100%，越长参与读书的委员比例越高；具体数字见图下的表格。",
            [(g.name, g.rate or 0, format_percent(g.rate)) for g in year.by_district], full=1.0),
    }


def _book_links(content: Content, page_path: str) -> dict[str, str]:
    return {book.id: href(page_path, lst.page, book.id)
            for lst in content.reading_lists.values() for book in lst.data.books}


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH] + "……"


def render_stats_page(content: Content, page_path: str) -> str:
    stats = content.stats
    views = [{"year": y, "charts": year_charts(y), "excerpts": [(e, _excerpt(e.text)) for e in y.excerpts]}
             for y in stats.years]
    return render_template("stats-page.md.j2", stats=stats, views=views, links=_book_links(content, page_path),
                           list_links={lid: href(page_path, lst.page) for lid, lst in content.reading_lists.items()})


def render_reading_figures(content: Content, page_path: str) -> str:
    latest = content.stats.latest
    return render_template("stats-home.md.j2", year=latest, sample=content.stats.sample,
                           link=posixpath.relpath(STATS_PAGE, posixpath.dirname(page_path) or "."))
