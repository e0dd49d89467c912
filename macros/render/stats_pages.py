"""The reading statistics on the site: the /stats/ overview, one page per year (/stats/2021/), the home page
figures and the reader counts of reading-list pages. Python picks and orders the numbers and works out the
charts; the partials lay out.

A page per year keeps each page light on a phone however many years the data holds; each page is a file,
docs/stats/<year>.md, so that staff see it in the navigation like any other page. The overview refuses to
build while a year with records has no page, and a year page refuses a year without records."""

from __future__ import annotations

import posixpath

from ..content import Content
from ..core.errors import ContentError, Problem
from ..core.numbers import Hidden, format_int, format_percent
from ..core.paths import relative
from ..reading.stats import YearStats
from ..structure.site_map import STATS_YEAR, page_url
from .charts import Chart, horizontal_bars
from .pages import render_template

STATS_PAGE = STATS_YEAR.page()  # the overview, /stats/
EXCERPT_LENGTH = 300


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link for raw HTML (which MkDocs does not rewrite) from one page to another."""
    link = posixpath.relpath(page_url(to_page) or ".", page_url(from_page) or ".")
    link = "./" if link == "." else link + "/"
    return link + (f"#{anchor}" if anchor else "")


def _bar(value: float | Hidden | None) -> float:
    """The length of a bar: a figure that is not published (「不足5人」, its label) or missing draws none."""
    return 0 if value is None or isinstance(value, Hidden) else value


def year_charts(year: YearStats) -> dict[str, Chart]:
    y = year.year
    return {
        "months": horizontal_bars(
            f"chart-{y}-months",
            f"{y}年各月读书次数",
            "每月一根横条，越长读书次数越多；具体数字见图下的表格。",
            [(f"{m.month}月", _bar(m.acts), format_int(m.acts)) for m in year.months],
        ),
        "kinds": horizontal_bars(
            f"chart-{y}-kinds",
            f"{y}年各类活动的读书次数",
            "每类活动一根横条，越长次数越多；具体数字见图下的表格。",
            [(k.kind, _bar(k.acts), format_int(k.acts)) for k in year.kinds],
        ),
        "districts": horizontal_bars(
            f"chart-{y}-districts",
            f"{y}年各县市区委员参与率",
            "每个县市区一根横条，整个宽度代表 100%，越长参与读书的委员比例越高；具体数字见图下的表格。",
            [(g.name, _bar(g.rate), format_percent(g.rate)) for g in year.by_district],
            full=1.0,
        ),
    }


def _book_links(content: Content, page_path: str) -> dict[str, str]:
    return {
        book.id: href(page_path, lst.page, book.id) for lst in content.reading_lists.values() for book in lst.data.books
    }


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH] + "……"


def year_page(year: int) -> str:
    """The page of one year's statistics, as a path under docs/."""
    return STATS_YEAR.page(id=year)


def _year_links(content: Content, page_path: str) -> dict[int, str]:
    """Year → link to its page, newest first."""
    return {y.year: href(page_path, year_page(y.year)) for y in content.stats.years}


def render_stats_page(content: Content, page_path: str) -> str:
    latest = content.stats.latest
    return render_template(
        "stats-page.md.j2",
        stats=content.stats,
        year_links=_year_links(content, page_path),
        latest_link=relative(page_path, year_page(latest.year)) if latest else None,
    )


def render_stats_year(content: Content, year: int, page_path: str) -> str:
    years = {y.year: y for y in content.stats.years}
    if year not in years:
        known = "、".join(str(y) for y in years) or "（还没有任何读书记录）"
        raise ContentError(
            [
                Problem(
                    f"docs/{page_path}",
                    None,
                    f"reading_stats_year({year!r})：{year} 年没有读书记录（有记录的年份：{known}）。"
                    f"请检查年份；如果这一页是多余的，删除它并从 mkdocs.yml 的 nav 中去掉",
                )
            ]
        )
    y = years[year]
    view = {"year": y, "charts": year_charts(y), "excerpts": [(e, _excerpt(e.text)) for e in y.excerpts]}
    return render_template(
        "stats-year.md.j2",
        stats=content.stats,
        view=view,
        year_links=_year_links(content, page_path),
        overview=href(page_path, STATS_PAGE),
        links=_book_links(content, page_path),
        list_links={lid: href(page_path, lst.page) for lid, lst in content.reading_lists.items()},
    )


def render_reading_figures(content: Content, page_path: str) -> str:
    latest = content.stats.latest
    return render_template(
        "stats-home.md.j2",
        year=latest,
        sample=content.stats.sample,
        link=relative(page_path, STATS_PAGE),
        year_link=relative(page_path, year_page(latest.year)) if latest else None,
    )
