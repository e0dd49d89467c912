"""Checks of the pages in docs/ that need no HTML build: front matter, macro calls, links and anchors,
pages missing from the navigation, files that nothing uses, and HTML that the site's security policy forbids.

Macro calls are checked against what `define_env` registers (the one list of macros), first statically with
Jinja's parser (every unknown name and wrong argument count, with its line), then by running them as the build
does, so that an unknown id or a typo in an attribute is found too. The expanded page goes through
Python-Markdown with the extensions of mkdocs.yml to learn its anchors and links, as MkDocs does.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.bulk import side_by_side
from ..core.errors import Problem, Problems
from ..sources.site_config import SiteConfig
from ..sources.symlinks import check_symlinks
from ..structure.site_map import is_generated_place
from .links import find_line, link_problem, markdown_converter, render_markdown
from .macro_calls import MacroRegistry, check_macro_calls, expand_page
from .navigation import check_navigation, check_orphan_files
from .page_files import PageSource, RenderedPage, read_pages
from .page_templates import check_allowed_forms
from .unsafe_markup import check_unsafe_markup

JINJA_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
#: From this many pages they are rendered on two cores (for fewer, the fork costs more than it saves).
SHARED_FROM_PAGES = 20


def check_pages(
    site: SiteConfig, registry: MacroRegistry | None, page_data: Callable[[str], list[Path]], problems: Problems
) -> None:
    """All page checks. A page whose macros cannot run (or all pages, without a registry because the content
    has mistakes) is still checked, with its macro calls left out: its own links are checked, links into it by
    anchor are not, and neither are unused files."""
    pages = [p for p in read_pages(problems, site.docs_dir) if not site.is_excluded(p.src)]
    if len(pages) < SHARED_FROM_PAGES:
        found, rendered, partial = _render_pages(site, registry, pages)
    else:  # every other page in a forked copy, on the other core (the stats pages, the largest, come in a row)
        (found, rendered, partial), (found_aside, rendered_aside, partial_aside) = side_by_side(
            lambda: _render_pages(site, registry, pages[::2]), lambda: _render_pages(site, registry, pages[1::2])
        )
        found += found_aside
        rendered = {p.src: rendered.get(p.src) or rendered_aside[p.src] for p in pages}
        partial |= partial_aside
    problems.items += found
    if registry is not None:  # without the content, the nav and the pages made from it are not known
        check_navigation(site, pages, problems)
    files = {p.relative_to(site.docs_dir).as_posix() for p in site.docs_dir.rglob("*") if p.is_file()}
    anchors = {src: r.anchors for src, r in rendered.items()}
    linked: set[str] = set()
    by_src = {p.src: p for p in pages}
    for src, result in rendered.items():
        for url in dict.fromkeys(result.links):
            target = _target(src, url)
            if not urlsplit(url).scheme and not urlsplit(url).netloc:
                linked.add(target)
            if target in partial and urlsplit(url).fragment and target in files:
                continue  # that page's macros did not run (reported above): its anchors are not all known
            if registry is None and is_generated_place(target):
                continue  # a page made from the content, which has mistakes (reported): it may not be written yet
            problem = link_problem(src, url, files, anchors)
            if problem:
                file, line = find_line(url, by_src[src], page_data(src))
                problems.add(file, line, problem)
    if not partial:
        check_orphan_files(site, linked, problems)


def _render_pages(
    site: SiteConfig, registry: MacroRegistry | None, pages: list[PageSource]
) -> tuple[list[Problem], dict[str, RenderedPage], set[str]]:
    """Each page's own checks, its macros run and its Markdown rendered: the problems, each page's anchors and
    links, and the pages whose macros did not run."""
    problems = Problems()
    extra = site.raw.get("extra") or {}
    md = markdown_converter(site)
    rendered: dict[str, RenderedPage] = {}
    partial: set[str] = set()
    for page in pages:
        check_unsafe_markup(page, problems)
        if registry is not None and page.renders_macros:
            check_title_forms(page, registry.macros, problems)
        expanded = None
        if registry is not None and (not page.renders_macros or check_macro_calls(page, registry, extra, problems)):
            expanded = expand_page(page, registry, extra, problems)
        if expanded is None:
            expanded = JINJA_RE.sub("", page.body) if page.renders_macros else page.body
            partial.add(page.src)
        rendered[page.src] = render_markdown(md, page.src, expanded)
    return problems.items, rendered, partial


def check_title_forms(page: PageSource, macros: Iterable[str], problems: Problems) -> None:
    """The macros plugin renders a page title with {{ … }} too: the same forms only (its line is in the front matter)."""
    title = page.meta.get("title")
    if isinstance(title, str):
        line = next((n for n, text in enumerate(page.text.split("\n"), 1) if text.startswith("title:")), 1)
        check_allowed_forms(title, page.path, line - 1, macros, problems)


def check_page_safety(docs_dir: Path, macros: Iterable[str], problems: Problems) -> None:
    """What the build refuses before it renders anything (the check reports the same): links out of the repository,
    forms other than macro calls and HTML the site does not allow, in every page."""
    check_symlinks(problems)
    if problems:  # the pages would be read through the links
        return
    names = tuple(macros)
    for page in read_pages(problems, docs_dir):
        key = (page.src, page.text, names)
        if key not in _SAFETY_FOUND:  # `make serve` checks again at every rebuild: an unchanged page only once
            found = Problems()
            check_unsafe_markup(page, found)
            if page.renders_macros:
                check_allowed_forms(page.body, page.path, page.body_offset, names, found)
                check_title_forms(page, names, found)
            _SAFETY_FOUND[key] = tuple(found.items)
        problems.items.extend(_SAFETY_FOUND[key])


#: What check_page_safety found in a page, by its path, its text and the macro names.
_SAFETY_FOUND: dict[tuple[str, str, tuple[str, ...]], tuple[Problem, ...]] = {}


def _target(src: str, url: str) -> str:
    """The file under docs/ that a link of a page points to."""
    path = urlsplit(url).path
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(path))).lstrip("/") if path else src
