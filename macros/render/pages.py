"""Rendering: Python hands plain data to the small Jinja partials in macros/render/templates/."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core.errors import ContentError, Problem
from ..core.numbers import format_decimal, format_hours, format_int, format_percent
from ..core.paths import TEMPLATES_DIR, relative
from ..sources.glossary import group_by_letter, letter_anchor, pinyin_of
from ..sources.report import REPORT_PAGES, render_report_page_markdown
from .data_text import markdown_text, one_line

if TYPE_CHECKING:  # content.py imports the printing module, which renders with this one
    from ..content import Content


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_text
    env.filters["one_line"] = one_line
    env.filters.update(thousands=format_int, decimal=format_decimal, percent=format_percent, hours=format_hours)
    return env


def render_template(name: str, **data) -> str:
    return _environment().get_template(name).render(**data)


def render_report_page(content: Content, page_id: str, page_path: str) -> str:
    if page_id not in REPORT_PAGES:
        raise _unknown(page_path, "报告页面编号", page_id, REPORT_PAGES)
    return render_report_page_markdown(content.report, page_id)


def render_report_source(content: Content, page_path: str) -> str:
    report = content.report
    return render_template(
        "report-source.md.j2",
        title=report.title,
        subtitle=report.subtitle,
        byline=report.byline,
        glossary=relative(page_path, "glossary/index.md"),
    )


def render_report_contents(page_path: str) -> str:
    """The report's table of contents: one line per page."""
    return "\n".join(
        f"{i}. [{headings[0]}]({relative(page_path, f'report/{pid}.md')})"
        for i, (pid, headings) in enumerate(REPORT_PAGES.items(), 1)
    )


def glossary_groups(content: Content, page_path: str) -> list[dict]:
    """The glossary entries as the templates show them: grouped by initial, in pinyin order."""
    return [
        {
            "letter": letter,
            "anchor": letter_anchor(letter),
            "terms": [
                {
                    "id": t.id,
                    "entry": t.entry,
                    "pinyin": pinyin_of(t.entry.term),
                    "related": [(r, content.glossary[r].entry.term) for r in t.entry.related],
                    "locations": [
                        {"title": REPORT_PAGES[loc][0], "link": relative(page_path, f"report/{loc}.md")}
                        for loc in t.entry.report_locations
                    ],
                }
                for t in terms
            ],
        }
        for letter, terms in group_by_letter(content.glossary)
    ]


def render_glossary(content: Content, page_path: str) -> str:
    return render_template(
        "glossary.md.j2", groups=glossary_groups(content, page_path), count=len(content.glossary), handout=False
    )


def _unknown(page_path: str, what: str, value: str, known) -> ContentError:
    choices = "、".join(known) or "（暂无）"
    return ContentError([Problem(f"docs/{page_path}", None, f"{what}「{value}」不存在，可用的有：{choices}")])


def render_reading_list(content: Content, list_id: str, page_path: str) -> str:
    if list_id not in content.reading_lists:
        raise _unknown(page_path, "书单编号", list_id, content.reading_lists)
    lst = content.reading_lists[list_id]
    return render_template(
        "reading-list.md.j2",
        id=lst.id,
        list=lst.data,
        handout=False,
        note_lines=0,
        readers=content.stats.readers_by_book,
        sample=content.stats.sample,
    )


def render_reading_list_index(content: Content, page_path: str) -> str:
    rows = [{"link": relative(page_path, lst.page), "list": lst.data} for lst in content.reading_lists.values()]
    return render_template("reading-list-index.md.j2", lists=rows)


def render_latest_reading_list(content: Content, page_path: str) -> str:
    lst = next(iter(content.reading_lists.values()))
    return render_template("latest-reading-list.md.j2", link=relative(page_path, lst.page), list=lst.data)


def render_policy_index(content: Content, page_path: str) -> str:
    rows = [{"link": relative(page_path, p.page), "meta": p.meta} for p in content.policies]
    return render_template("policy-index.md.j2", policies=rows)


def render_policy_meta(content: Content, page_path: str) -> str:
    policy = next((p for p in content.policies if p.page == page_path), None)
    if policy is None:
        raise ContentError(
            [Problem(f"docs/{page_path}", None, "policy_meta() 只能用在 docs/policies/ 下的政策文件页面里")]
        )
    return render_template("policy-meta.md.j2", meta=policy.meta)
