"""Pages and navigation entries that follow from the content: a report's pages and handout, a reading list's page
and handout, a year's statistics page, a glossary initial's page of full entries, and every policy page in the nav. The build makes them; nobody commits them,
so a new report, list, year of records or policy is one file a staff member adds in the web editor, and nothing
has to be run afterwards.

`pages_from_content` and `nav_from_content` are pure (content in, paths and Markdown or nav entries out); which
pages are generated, where they stand and which nav block each belongs to is the site map's (`generated=True`,
`Kind.nav`). How the engines get them (the same way for ProperDocs and Zensical):

- The nav: each section of mkdocs.yml's nav that holds such pages is `!!python/object/apply:…nav_section [name]`.
  ProperDocs' and Zensical's YAML loaders both construct that tag when they read the configuration (as they
  construct the toc's slugify function), so the nav is complete before either engine reads it, and again on every
  rebuild of `make serve` (the configuration is read anew for each one).
- The pages: `write_pages` writes them where the site map puts generated pages under docs/ (gitignored:
  .gitignore lists them) before the engine lists the files: the glue does it in define_env under ProperDocs (which
  lists the files after it, so `make serve` picks up a new data file), `make check` before reading the pages, and
  `python -m macros.render` before `zensical build` (Zensical lists the files before it runs define_env). Only
  files that carry GENERATED_MARK are ever rewritten or removed; a hand-written file where a generated page belongs
  is reported, never overwritten.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ContentError, Problem, format_problems, relative_name
from ..core.paths import DOCS_DIR
from ..sources.glossary import glossary_parts
from ..sources.textfiles import decoded_text
from ..structure.site_map import (
    GLOSSARY,
    POLICY,
    READING_LIST,
    REPORT,
    STATS_YEAR,
    generated_patterns,
    is_generated_place,
    nav_sections,
)
from .page_facts import is_generated
from .pages import part_label, render_template, report_label
from .printing import list_handouts

if TYPE_CHECKING:
    from ..content import Content

#: A hand-written page where only generated ones belong (it is staff's: never overwritten, reported instead).
LEFTOVER = (
    "这个文件夹里的页面由网站根据数据自动生成，这一页不是生成的（data/reports/ 里的报告、reading_lists/ 里的书单"
    "、每一年的读书记录和 glossary/ 里每个首字母的词条各自生成自己的页面，不需要另写页面）。请删掉这个文件；要改的内容请改在对应的数据文件里"
)


GLOSSARY_DESCRIPTION_TERMS = 4  # terms a letter page's description names


def pages_from_content(content: Content) -> list[tuple[str, str]]:
    """Every generated page: its path under docs/ and its Markdown."""
    pages: list[tuple[str, str]] = []
    for report in content.reports.values():
        pages.append((report.index_page, render_template("generated/report-home.md.j2", report=report)))
        for page_id in report.pages:
            text = render_template("generated/report-page.md.j2", report=report, page_id=page_id)
            pages.append((report.page_path(page_id), text))
    for handout in list_handouts(content):
        if is_generated_place(handout.page):
            pages.append((handout.page, render_template("generated/handout.md.j2")))
    for list_id, lst in content.reading_lists.items():
        pages.append((lst.page, render_template("generated/reading-list.md.j2", list_id=list_id)))
    for year in content.stats.years:
        text = render_template("generated/stats-year.md.j2", year=year.year, organisation=content.committee.name)
        pages.append((STATS_YEAR.page(id=year.year), text))
    for part in glossary_parts(content.glossary):
        text = render_template(
            "generated/glossary-letter.md.j2",
            slug=part.slug,
            label=part_label(part),
            terms="".join(f"「{t.entry.term}」" for t in part.terms[:GLOSSARY_DESCRIPTION_TERMS]),
            organisation=content.committee.name,
        )
        pages.append((part.page, text))
    return pages


def nav_from_content(content: Content | None) -> dict[str, list]:
    """The nav sections made from the content (the site map's nav blocks), each as MkDocs' nav entries, its index
    page first. Without content (it has mistakes, which the build reports) only the index pages."""
    nav: dict[str, list] = {name: [index] for name, index in nav_sections().items()}
    if content is None:
        return nav
    for report in content.reports.values():
        nav[REPORT.nav].append({report_label(report): [report.index_page, *map(report.page_path, report.pages)]})
    nav[POLICY.nav] += [policy.page for policy in content.policies]
    nav[READING_LIST.nav] += [lst.page for lst in content.reading_lists.values()]
    nav[STATS_YEAR.nav] += [{f"{y.year}年": STATS_YEAR.page(id=y.year)} for y in content.stats.years]
    nav[GLOSSARY.nav] += [{part_label(p): p.page} for p in glossary_parts(content.glossary)]
    return nav


def nav_section(name: str) -> list:
    """One nav section, for mkdocs.yml (`!!python/object/apply:macros.render.generated_pages.nav_section [name]`)."""
    from ..content import load_content  # the content module loads this one's package: imported when mkdocs.yml is

    try:
        content = load_content()
    except ContentError:
        content = None  # the build and the check report the mistakes; the nav waits until they are fixed
    return nav_from_content(content)[name]


def _generated_paths(docs_dir: Path) -> list[Path]:
    """Every file where generated pages live (the sections' hand-written index pages are not among them)."""
    found = {path for pattern in generated_patterns() for path in docs_dir.glob(pattern)}
    return sorted(path for path in found if is_generated_place(path.relative_to(docs_dir).as_posix()))


def write_pages(content: Content, docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Write the generated pages that are missing or out of date and remove generated ones the content no longer
    has; a hand-written file in their place is left alone (`leftover_problems` reports it). Returns what changed."""
    expected = {docs_dir / src: text for src, text in pages_from_content(content)}
    changed = []
    for path, text in expected.items():
        if path.exists() and (path.read_bytes() == text.encode("utf-8") or not is_generated(path)):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    for path in _generated_paths(docs_dir):
        if path not in expected and is_generated(path):
            path.unlink()
            changed.append(path)
    return changed


def leftover_problems(content: Content, docs_dir: Path = DOCS_DIR) -> list[Problem]:
    """A problem for every hand-written page where only generated pages belong."""
    expected = {docs_dir / src: text for src, text in pages_from_content(content)}
    return [
        Problem(relative_name(path), None, LEFTOVER)
        for path in _generated_paths(docs_dir)
        if not is_generated(path) and decoded_text(path) != expected.get(path)
    ]


def main() -> int:
    """`python -m macros.render`: write the generated pages (before `zensical build`); 1 if the content has mistakes."""
    from ..content import load_content

    try:
        content = load_content()
    except ContentError as error:
        print(format_problems(error.problems, "页面没有生成"), file=sys.stderr)
        return 1
    write_pages(content)
    problems = leftover_problems(content)
    if problems:
        print(format_problems(problems, "页面没有生成"), file=sys.stderr)
        return 1
    return 0
