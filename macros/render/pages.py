"""Rendering: Python hands plain data to the small Jinja partials in macros/render/templates/."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from ..core.errors import ContentError, Problem
from ..core.numbers import format_decimal, format_hours, format_int, format_percent
from ..core.paths import GLOSSARY_DIR, TEMPLATES_DIR, relative
from ..core.text import shift_headings
from ..sources.glossary import (
    GlossaryPart,
    Term,
    entry_pages,
    glossary_parts,
    group_by_letter,
    letter_anchor,
    letter_page,
    pinyin_of,
)
from ..sources.report import Report
from ..structure.site_map import GLOSSARY
from .data_text import markdown_text, one_line

if TYPE_CHECKING:  # content.py imports the printing module, which renders with this one
    from ..content import Content


GLOSSARY_FOLDER = GLOSSARY_DIR.name  # glossary/<id>.yaml in the repository


@lru_cache(maxsize=1)
def template_cache() -> FileSystemBytecodeCache:
    """Compiled templates kept between builds (Jinja's bytecode cache: a folder of the user's own in the system's
    temporary folder, each template keyed on its source), for the site's templates and the theme's."""
    return FileSystemBytecodeCache()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        bytecode_cache=template_cache(),
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


def report_label(report: Report) -> str:
    """How the site names a report in lists and links: 2020年 · 工作报告解读."""
    return f"{report.meta.year}年工作{'报告' if report.meta.kind == '报告' else '报告解读'}"


def find_report(content: Content, report_id: str, page_path: str) -> Report:
    if report_id not in content.reports:
        raise _unknown(page_path, "报告编号（data/reports/ 里的文件名）", report_id, content.reports)
    return content.reports[report_id]


def render_report_page(content: Content, report_id: str, page_id: str, page_path: str) -> str:
    report = find_report(content, report_id, page_path)
    if page_id not in report.pages:
        raise _unknown(page_path, f"报告 {report_id} 的页面编号", page_id, report.pages)
    return render_report_page_markdown(report, page_id)


def render_report_home(content: Content, report_id: str, page_path: str) -> str:
    """A report's first page: title, source note, and one line per page."""
    report = find_report(content, report_id, page_path)
    return render_template(
        "report-home.md.j2",
        report=report,
        meta=report.meta,
        label=report_label(report),
        title=report.title,
        subtitle=report.subtitle,
        byline=report.byline,
        glossary=relative(page_path, GLOSSARY.page()),
        contents=[(page.title, relative(page_path, report.page_path(page.id))) for page in report.pages.values()],
    )


def render_report_index(content: Content, page_path: str) -> str:
    """The table of all reports, newest first."""
    rows = [
        {"report": r, "label": report_label(r), "link": relative(page_path, r.index_page)}
        for r in content.reports.values()
    ]
    return render_template("report-index.md.j2", rows=rows)


def report_location(content: Content, location: str, page_path: str) -> dict:
    """A glossary entry's "<report>/<page>" as a title and a link."""
    report_id, page_id = location.split("/")
    report = content.reports[report_id]
    title = f"{report_label(report)} · {report.pages[page_id].title}"
    return {"title": title, "link": relative(page_path, report.page_path(page_id))}


def glossary_groups(
    content: Content, page_path: str, edit_root: str | None = None, part: GlossaryPart | None = None
) -> list[dict]:
    """The glossary entries as the templates show them: grouped by initial, in pinyin order (with part, that page's
    entries only); a related entry links to its own page's anchor (to the anchor on this page when it is here too);
    with edit_root, each links to its own YAML file (编辑此条)."""
    groups = group_by_letter(content.glossary) if part is None else [(part.letter, list(part.terms))]
    here = {t.id for _, terms in groups for t in terms}
    pages = entry_pages(content.glossary)

    def link(term_id: str) -> str:
        if term_id in here:
            return f"#{term_id}"
        return f"{relative(page_path, pages[term_id])}#{term_id}"

    return [
        {
            "letter": g,
            "anchor": letter_anchor(g),
            "terms": [
                {
                    "id": t.id,
                    "entry": t.entry,
                    "pinyin": pinyin_of(t.entry.term),
                    "related": [(link(r), content.glossary[r].entry.term) for r in t.entry.related],
                    "locations": [report_location(content, loc, page_path) for loc in t.entry.report_locations],
                    "edit": f"{edit_root}{GLOSSARY_FOLDER}/{t.file.name}" if edit_root else None,
                }
                for t in terms
            ],
        }
        for g, terms in groups
    ]


def letter_bar(content: Content, page_path: str) -> list[dict]:
    """The glossary's letters, each linking to its first page of full entries, for the bar on every letter page
    (current: this page is one of that letter's)."""
    parts = glossary_parts(content.glossary)
    return [
        {
            "letter": g,
            "link": relative(page_path, letter_page(g)),
            "current": any(p.letter == g and p.page == page_path for p in parts),
        }
        for g, _ in group_by_letter(content.glossary)
    ]


def letter_label(letter: str) -> str:
    """How the site names an initial's group: "S", or 数字开头 for terms starting with a digit."""
    return "数字开头" if letter == "#" else letter


def part_label(part: GlossaryPart) -> str:
    """How the site names a page of full entries: "S", or "S（2/5）" for one of an initial's several pages."""
    label = letter_label(part.letter)
    return label if part.parts == 1 else f"{label}（{part.number}/{part.parts}）"


def render_glossary(content: Content, page_path: str) -> str:
    """The glossary's index: every term with its short definition, grouped by initial, each line anchored by the
    entry's id (old links to /glossary/#<id> still land on it) and linking to the full entry on its letter page."""
    pages = entry_pages(content.glossary)

    def line(t: Term) -> dict:
        return {"id": t.id, "entry": t.entry, "link": f"{relative(page_path, pages[t.id])}#{t.id}"}

    groups = [
        {
            "letter": letter_label(g),
            "anchor": letter_anchor(g),
            "page": relative(page_path, letter_page(g)),
            "terms": [line(t) for t in terms],
        }
        for g, terms in group_by_letter(content.glossary)
    ]
    return render_template("glossary-index.md.j2", groups=groups, count=len(content.glossary))


def render_glossary_letter(content: Content, slug: str, page_path: str, edit_root: str | None = None) -> str:
    """One page of full entries (glossary/s.md, or glossary/s-2.md for an initial's second page): the letter bar,
    the initial's other pages if it has several, and the entries."""
    parts = glossary_parts(content.glossary)
    part = next((p for p in parts if p.slug == slug), None)
    if part is None:
        raise _unknown(page_path, "名词解释的首字母页", slug, [p.slug for p in parts])
    siblings = [
        {"number": p.number, "link": relative(page_path, p.page), "current": p is part, "first": p.terms[0].entry.term}
        for p in parts
        if p.letter == part.letter and p.parts > 1
    ]
    return render_template(
        "glossary.md.j2",
        groups=glossary_groups(content, page_path, edit_root, part),
        count=len(part.terms),
        label=part_label(part),
        bar=letter_bar(content, page_path),
        siblings=siblings,
        index=relative(page_path, GLOSSARY.page()),
        handout=False,
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


def render_report_page_markdown(report: Report, page_id: str) -> str:
    """The page's Markdown: the first heading becomes the page title, deeper headings move up one level."""
    out: list[str] = []
    sections = report.page_sections(page_id)
    shift = 2 if len(sections) == 1 else 1  # a lone section's subheadings become the page's h2
    for i, section in enumerate(sections):
        out.append(("# " if i == 0 else "## ") + section.heading)
        out.append("")
        out.append(shift_headings(section.body, -shift, from_level=4)[0])
        out.append("")
    return "\n".join(out)
