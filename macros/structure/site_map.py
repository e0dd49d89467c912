"""The site map: every kind of content the site shows, declared once, with the pages it makes and what they need.

A kind of content (a work report, the glossary, a reading list, a policy text, a year of statistics…) is one
`Kind` below: the files it is made from, the pages it makes under docs/ and their addresses (and which of them
the build makes from the data), the nav section the build makes for it, its printable handout, whether glossary terms are linked in its text, its search rank,
where 编辑此页 leads, and the data files its pages depend on (for the date a page shows, its edit link and what
the preview renders again). `DATA` maps each kind of data the macros read to its files: a page depends on its own
entry's files and on those of the kinds its macros read (`page_dependencies`). Every other module asks this map for an address or a dependency; none builds one
from a path pattern of its own. A new kind of content is one entry here, its loader and its template.

Patterns name their parts in braces: `{id}` (a report, list, policy, year or glossary letter), `{page}` (a report's page). The
map never imports an engine or the content: it is plain data and the matching of its own patterns.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

#: Where 编辑此页 leads: "page" the page's own Markdown, "data" its one source file, "none" nowhere (verbatim
#: official texts, generated pages), or a folder of the repository ("glossary/") that holds its data.
Edit = Literal["page", "data", "none"] | str
#: Search rank: members' content first, editors' pages (how to edit the site) after it.
Rank = Literal["members", "editors"]

_PART_RE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Pages:
    """One pattern of pages a kind makes (a path under docs/), and what such a page is made from."""

    path: str  # "report/{id}/{page}.md"
    data: tuple[str, ...] = ()  # files it depends on, globs from the project root ("data/reports/{id}.md")
    edit: Edit = "page"
    glossary_linked: bool = False  # glossary terms in its text link to the glossary
    generated: bool = False  # made by the build from the content, never committed (render/generated_pages.py)
    #: kinds of data (`DATA`) its macros read here besides what they declare everywhere: a handout's section
    reads: tuple[str, ...] = ()
    #: it shows some of its kind's entries in full and the rest through the glossary's links only (a page of
    #: glossary entries: the others' names and pages in its letter bar and related entries); the preview
    #: (scripts/preview.py) narrows its data to its own entries' files and renders it again when the links change
    own_entries: bool = False

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.path)


@dataclass(frozen=True)
class Kind:
    """One kind of content: its source files, its pages, its handout and its place in nav and search."""

    name: str
    title: str  # as the site names it
    sources: str | None  # its source files, a glob from the project root with {id} ("data/reports/{id}.md")
    pages: tuple[Pages, ...]
    nav: str | None = None  # its nav section, made from the content (mkdocs.yml: `…nav_section [<nav>]`)
    handout: str | None = None  # its handout page under docs/ ("print/report/{id}.md")
    search_rank: Rank = "members"

    @property
    def folder(self) -> str:
        """The folder under docs/ (and in the site) all its pages share ("contribute/"); "" if none."""
        common = posixpath.commonpath([posixpath.dirname(p.path) for p in self.pages])
        return common + "/" if common and "{" not in common else ""

    def page(self, **parts: str | int) -> str:
        """The first of its pages whose parts are all given: page(id="2020") → "report/2020/index.md"."""
        for pages in self.pages:
            if set(_PART_RE.findall(pages.path)) == set(parts):
                return pages.path.format(**parts)
        raise KeyError(f"{self.name}: no page with parts {sorted(parts)}")

    def handout_page(self, item: str) -> str:
        """Its handout page under docs/ for one item (a report's or list's id)."""
        if self.handout is None:
            raise KeyError(f"{self.name} has no handout")
        return self.handout.format(id=item)

    def source(self, item: str) -> str:
        """The source file of one item, from the project root."""
        if self.sources is None:
            raise KeyError(f"{self.name} has no source files")
        return self.sources.format(id=item)


#: Each kind of data the macros read (macros/registry.py declares which kinds each macro reads), and the files it is
#: loaded from, as globs from the project root. The reading records carry the committee's groups (their order).
DATA: dict[str, tuple[str, ...]] = {
    "committee": ("data/committee.yaml",),
    "reports": ("data/reports/*.md",),
    "glossary": ("glossary/*.yaml",),
    "reading-lists": ("reading_lists/*.yaml",),
    "policies": ("docs/policies/*.md",),
    "reading-records": ("data/*.csv", "data/reading-records/*.csv", "data/reading-data.yaml", "data/committee.yaml"),
}
STATS_DATA = DATA["reading-records"]

REPORT = Kind(
    "report",
    "工作报告",
    "data/reports/{id}.md",
    (
        Pages("report/index.md", DATA["reports"], edit="data/reports/"),
        Pages("report/{id}/index.md", ("data/reports/{id}.md",), edit="none", generated=True),
        Pages("report/{id}/{page}.md", ("data/reports/{id}.md",), edit="none", glossary_linked=True, generated=True),
        Pages("report/{page}.md", edit="none", glossary_linked=True),  # old addresses, leading on to the new ones
    ),
    nav="reports",
    handout="print/report/{id}.md",
)
GLOSSARY = Kind(
    "glossary",
    "名词解释",
    "glossary/{id}.yaml",
    (
        Pages("glossary/index.md", DATA["glossary"], edit="glossary/"),  # the index: every term, a line each
        # the full entries of one initial letter ({id}: "s", or "0-9" for terms starting with a digit)
        Pages("glossary/{id}.md", DATA["glossary"], edit="glossary/", generated=True, own_entries=True),
    ),
    nav="glossary",
    handout="print/glossary.md",
)
READING_LIST = Kind(
    "reading-list",
    "推荐书目",
    "reading_lists/{id}.yaml",
    (
        Pages("reading-lists/index.md", DATA["reading-lists"]),
        Pages("reading-lists/{id}.md", ("reading_lists/{id}.yaml",), edit="data", generated=True),
    ),
    nav="reading-lists",
    handout="print/reading-lists/{id}.md",
)
POLICY = Kind(
    "policy",
    "政策文件",
    "docs/policies/{id}.md",
    (
        Pages("policies/index.md", DATA["policies"]),
        Pages("policies/{id}.md", glossary_linked=True),
    ),
    nav="policies",  # its pages are hand-written; their nav entries are made from them
)
STATS_YEAR = Kind(
    "stats-year",
    "读书统计",
    None,  # every year comes from the same data files
    (
        Pages("stats/index.md", STATS_DATA, edit="data/"),
        Pages("stats/{id}.md", STATS_DATA, edit="data/", generated=True),
    ),
    nav="stats",
)
HANDOUT = Kind(
    "handout",
    "打印资料",
    None,  # made from the kind it prints (its `handout` pattern)
    (
        Pages(REPORT.handout, (REPORT.sources,), edit="none", generated=True),
        Pages(READING_LIST.handout, (READING_LIST.sources,), edit="none", generated=True, reads=("reading-records",)),
        Pages(GLOSSARY.handout, edit="none", reads=("glossary", "reports")),  # terms with where the reports use them
        Pages("print/{id}.md", edit="none"),  # the table of handouts (打印资料), old addresses
    ),
)
HOME = Kind("home", "首页", None, (Pages("index.md", DATA["reading-lists"]),))
EDITORS = Kind("editors", "参与编辑", None, (Pages("contribute/{id}.md"),), search_rank="editors")
PAGE = Kind("page", "页面", None, (Pages("{id}.md"),))  # any other hand-written page

#: Every kind, in the order a page is matched against them (the first whose pattern fits is the page's kind).
KINDS: tuple[Kind, ...] = (REPORT, GLOSSARY, READING_LIST, POLICY, STATS_YEAR, HANDOUT, HOME, EDITORS, PAGE)


@dataclass(frozen=True)
class Place:
    """Where one page stands in the map: its kind, its pattern and the parts the pattern matched."""

    src: str  # the page under docs/
    kind: Kind
    pages: Pages
    parts: dict[str, str] = field(default_factory=dict)

    @property
    def data(self) -> tuple[str, ...]:
        """The files it depends on, globs from the project root with its parts filled in."""
        return tuple(glob.format(**self.parts) for glob in self.pages.data)

    @property
    def handout(self) -> str | None:
        """The handout page that prints its section (or that it is), under docs/; None if it has none."""
        if self.kind is HANDOUT:
            return self.src
        item = self.parts.get("id")
        if self.kind.handout is None or ("{id}" in self.kind.handout and item is None):
            return None
        return self.kind.handout.format(id=item)


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    parts = _PART_RE.split(pattern)  # text, name, text, name, …
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(regex + r"\Z")


@cache
def locate(src: str) -> Place:
    """The kind and pattern of a page (its path under docs/, forward slashes)."""
    for kind in KINDS:
        for pages in kind.pages:
            match = pages.pattern.match(src)
            if match:
                return Place(src, kind, pages, match.groupdict())
    return Place(src, PAGE, PAGE.pages[0], {})


def page_dependencies(src: str, reads: Iterable[str]) -> tuple[str, ...]:
    """The files a page depends on, as globs from the project root: its own entry's (`Place.data`) and those of
    every kind of data it reads (`DATA`): the kinds the macros it calls read (macros/registry.py) and its entry's
    `reads`."""
    pages = locate(src).pages
    read = (glob for kind in sorted({*reads, *pages.reads}) for glob in DATA[kind])
    return tuple(dict.fromkeys((*locate(src).data, *read)))


def generated_patterns() -> list[str]:
    """The page patterns the build makes from the content, as globs under docs/."""
    return [_PART_RE.sub("*", p.path) for kind in KINDS for p in kind.pages if p.generated]


def is_generated_place(src: str) -> bool:
    """True if the page stands where the build makes pages from the content."""
    return locate(src).pages.generated


def nav_sections() -> dict[str, str]:
    """The nav sections made from the content, each with the hand-written index page it starts with."""
    return {kind.nav: kind.page() for kind in KINDS if kind.nav}


def page_url(src: str) -> str:
    """The site-relative address of a page under docs/ (directory URLs): print/report.md → print/report/,
    stats/index.md → stats/, index.md → ""."""
    path = src.replace("\\", "/")
    stem = posixpath.splitext(path)[0]
    if posixpath.basename(stem) in ("index", "README"):
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""
