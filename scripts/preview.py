"""`make serve`'s builder, on a written contract: what an edit makes the preview read and render again, and why.

The contract
- Every rebuild loads the content as `make build` does (macros/content.py): each source (reports, glossary,
  reading lists, policies, reading data) is read again when one of its files changed (path, mtime, size), and
  data/committee.yaml with them: every source is checked against the committee's facts just loaded, so an edit of
  the committee shows on the next rebuild. An unchanged source stays the very same object between rebuilds.
- A page is rendered again (Markdown, macros, glossary links, HTML) unless all of these are what they were: its
  own file; the list of all pages (a link may point at one that is gone, and a new report or reading list comes
  with new pages); everything else that shapes a page (SHAPING: mkdocs.yml, overrides/, macros/ and its templates,
  git's HEAD and index); and the data files it depends on (path, mtime, size). Those are known before it renders,
  from declarations, not by watching it render: the site map (macros/structure/site_map.py `page_dependencies`)
  gives the files of the page's own entry (the ones its date and edit link come from) and the files of each kind
  of data (`DATA`) that the macros its text calls read, as each macro declares next to its definition
  (macros/registry.py `reads`), and that its entry adds (`Pages.reads`: the section a handout prints). A page may call only registered macros with literal arguments, so the calls are
  read from its text by the parser `make check` uses (macros/checks/macro_calls.py `called_macros`); a text whose
  calls cannot be read depends on every kind. The page finisher links glossary terms on the pages the site map
  marks `glossary_linked`: such a page is rendered again also when the glossary's links (names and short
  definitions) are no longer the very object they were (macros/content.py keeps them while they are equal).
  A page of glossary entries (the site map's `own_entries`: glossary/s.md) depends on its own entries' files
  only, and on those links, which carry everything it shows of the others (their names and pages).
  The committee's facts check every source; an edit that makes one wrong stops the build (every page shows the
  list), so a page depends on data/committee.yaml only where it shows the committee (kinds "committee" and
  "reading-records", whose groups come in the committee's order).
- A page made of glossary entries (`PART_RE`: each entry a `<div class="glossary-entry" markdown>` block of
  macros/render/templates/glossary.md.j2, the handout's 340 at ten times today's content) has its Markdown turned
  into HTML part by part: the page with a placeholder paragraph for each entry, then each entry on its own, kept
  while its Markdown text, the list of all pages and SHAPING are what they were. The HTML is the same as the
  whole page's (tests/test_preview_cache.py builds it both ways); a page whose parts could reach each other
  (reference links, abbreviations, footnotes, a part's headings in the table of contents or its title) is
  rendered whole.
- The finished HTML (the theme around the page) is made again when the page was, or the navigation (every
  page's title and address) changed, which every page shows.
- A page whose reading or rendering logged a warning is never kept: a mistake is reported at every rebuild.
- When a build fails, the same check as `make check` runs and the site is built once more with every page showing
  its list; the glue learns that from the `PreviewSession` this builder hands it on the macros plugin
  (`portal_preview`), never from the environment or a module global, and puts the content it loaded on it.

Patches of the engine's internals (PATCHES below), each with the versions it was written for and a digest of the
source it relies on; tests/test_preview_cache.py fails when an installed version's source differs, so that a
changed engine is looked at before the preview goes stale silently. `properdocs build` and `make build` run only
the glue's (the theme and the macros plugin); the page memory's four (pages read and built, the theme's files listed, the site's folder emptied) run in the preview's own process only, as does its use of the engine's page rendering (a page's Markdown in parts). It stays
out of the way (and says so) when a plugin other than Material's search and mkdocs-macros listens to the page
events it skips, since it could not replay them.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import inspect
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import properdocs.replacement  # noqa: F401  (first: `mkdocs.*` is ProperDocs from here on, as under `properdocs`)
import yaml
from properdocs import utils
from properdocs.commands import build as engine_build
from properdocs.config import load_config
from properdocs.structure.files import File, Files
from properdocs.structure.pages import Page

from macros import PREVIEW_ATTRIBUTE, keep_theme_templates_compiled
from macros.checks.macro_calls import called_macros
from macros.checks.run import run_check
from macros.content import Content, fingerprint
from macros.core.errors import Problem, format_problems, relative_name
from macros.core.paths import MKDOCS_YML, PROJECT_ROOT, file_stamp
from macros.registry import macro_reads
from macros.sources.glossary import glossary_parts
from macros.sources.textfiles import explain_yaml_error, split_front_matter
from macros.structure.site_map import DATA, locate, page_dependencies


@dataclass(frozen=True)
class Patch:
    """One patch of a third party's internals: what, where, why, and the source it was written against."""

    target: str  # "module:attribute.path" (no attribute: the whole module)
    where: str
    why: str
    written_for: str
    digest: str  # blake2b (8 bytes) of the target's source as written_for ships it


#: Every patch of the engine's, the theme's and the macros plugin's internals in this project. (The glue's Chinese
#: messages for macro errors use mkdocs-macros' documented `format_error.register`, not an internal.)
PATCHES = (
    Patch(
        "properdocs.commands.build:_populate_page",
        "scripts/preview.py PageMemory.populate_page (preview only)",
        "a page whose inputs did not change is not read and rendered again",
        "MkDocs 1.6.1; checked on ProperDocs 1.6.7",
        "ad09b9a74fbf17cd",
    ),
    Patch(
        "properdocs.commands.build:_build_page",
        "scripts/preview.py PageMemory.build_page (preview only)",
        "a page whose HTML would be the same is written from memory, its search entries replayed",
        "MkDocs 1.6.1; checked on ProperDocs 1.6.7",
        "21822c24a3d593d7",
    ),
    Patch(
        "properdocs.structure.files:Files.add_files_from_theme",
        "scripts/preview.py PageMemory.add_files_from_theme (preview only)",
        "the theme's static files are listed once, not by walking its ~14,000 files at every rebuild (0.2 s)",
        "MkDocs 1.6.1; checked on ProperDocs 1.6.7",
        "6e9f329069aab632",
    ),
    Patch(
        "properdocs.utils:clean_directory",
        "scripts/preview.py PageMemory.clean_directory (preview only)",
        "the last build's files are moved aside at once and deleted while this one runs (not one by one before it)",
        "MkDocs 1.6.1; checked on ProperDocs 1.6.7",
        "3ae7d4cb1d0d5de1",
    ),
    Patch(
        "properdocs.structure.pages:Page.render",
        "scripts/preview.py PageMemory.render_in_parts (preview only; called, not replaced)",
        "a page of glossary entries is rendered entry by entry, each kept: the attributes it sets are merged",
        "MkDocs 1.6.1; checked on ProperDocs 1.6.7",
        "463f84d75f3af336",
    ),
    Patch(
        "watchdog.observers.polling:PollingEmitter.queue_events",
        "scripts/serve.py _without_polling (make serve only; its lock held, not replaced)",
        "the watched folders are not scanned while a rebuild runs: the scans held Python's lock (0.1 s a rebuild)",
        "watchdog 7.1.1",
        "f2dea51894c42ab5",
    ),
    Patch(
        "properdocs.theme:Theme.get_env",
        "macros/__init__.py keep_theme_templates_compiled (every build, the preview from its start: one theme patch)",
        "the theme's templates stay compiled between builds (0.7 s a build)",
        "MkDocs 1.6.1; checked on ProperDocs 1.6.7",
        "a08be0dd3a2503ac",
    ),
    Patch(
        "mkdocs_macros.plugin:MacrosPlugin.render",
        "macros/__init__.py _render_in_sandbox (every build)",
        "pages render in the page sandbox (its Jinja environment `_env` is swapped at the first page)",
        "mkdocs-macros-plugin 1.5.0",
        "7a3172a2d4248a26",
    ),
    Patch(
        "material.plugins.search.plugin",
        "macros/__init__.py _no_word_marks_for_our_search (every build)",
        "Material's search does not segment Chinese with jieba (module global `jieba` set to None)",
        "mkdocs-material 9.8.2",
        "f4154e40627f1cf3",  # the whole module: the global and every use of it
    ),
)


class PreviewSession:
    """What one preview build tells the glue (on the macros plugin, attribute `portal_preview`): the problems to
    show on every page instead of the pages, if a mistake stands; and, from the glue, the content it loaded."""

    def __init__(self, problems: list[Problem] | None = None):
        self.problems = problems
        self.content: Content | None = None  # set by the glue (define_env) once the content is loaded


log = logging.getLogger("properdocs.portal.preview")
OUTCOME = "预览页面暂时显示这份清单，改好并保存后会自动恢复"

#: Everything but pages and data that shapes a page: any change here renders every page again.
SHAPING = ("mkdocs.yml", "overrides", "macros", ".git/HEAD", ".git/index")
#: The only plugins whose page events it knows how to replay (search: its index entries; macros: nothing).
KNOWN_PLUGINS = {"material/search", "search", "macros"}
#: The engine's own functions, which the memory calls for every page it has to render.
_POPULATE, _BUILD = engine_build._populate_page, engine_build._build_page
_THEME_FILES, _CLEAN = Files.add_files_from_theme, utils.clean_directory
#: Where the last build's files go while they are deleted: beside the site's folder, named after it.
ASIDE = "-old-"
#: Page attributes that belong to this build's objects, never carried over from a kept page.
OWN = {"file", "parent", "children", "previous_page", "next_page", "active", "_Page__active"}
#: A part of a page rendered on its own: a glossary entry as macros/render/templates/glossary.md.j2 writes it.
PART_RE = re.compile(r'^<div class="glossary-entry" markdown>\n.*?\n</div>\n', re.S | re.M)
#: Markdown that reaches across parts: reference definitions, abbreviations, footnotes (the page is rendered whole).
ACROSS_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:|^ {0,3}\*\[|\[\^", re.M)
_DIV_RE = re.compile(r"<(/?)div\b")


@dataclass(frozen=True)
class _Part:
    """One part of a page rendered on its own: its HTML, the anchors it has and the links to anchors it makes."""

    html: str
    anchors: frozenset
    links: dict  # {File of the build that rendered it: {anchor: link}}


@dataclass(eq=False)  # a kept page is compared by identity: is it still the very one a built page came from?
class _Kept:
    key: tuple
    term_links: Any  # the glossary's links the page finisher put in (glossary-linked pages), the very object
    changes: dict[str, Any]  # the page's attributes as reading (or rendering) left them
    output: bytes = b""
    search_entries: list = field(default_factory=list)


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class PageMemory:
    """Kept pages of the last rebuilds, and the engine functions it replaces in this process (PATCHES)."""

    def __init__(self):
        self.session = PreviewSession()
        self.read: dict[str, _Kept] = {}
        self.built: dict[str, _Kept] = {}
        self.enabled = True
        self.rendered: list[str] = []  # pages rendered (not taken from memory) in the last rebuild
        self.in_parts = True  # pages of entries are rendered part by part (False: whole, as the engine does)
        self.rendered_in_parts: list[str] = []  # pages rendered part by part in the last rebuild
        self._parts: dict[str, tuple[tuple, dict[str, _Part]]] = {}  # page -> (key, its parts by Markdown text)
        self._shaping: tuple = ()
        self._pages: tuple = ()
        self._stamps: dict[str, tuple] = {}  # glob -> its files' stamps, in this rebuild
        self._reads: dict[str, tuple[str, tuple[str, ...]]] = {}  # page -> (its digest, the kinds of data it reads)
        self._nav: tuple[Any, tuple] = (None, ())  # this build's navigation and what every page shows of it
        self._theme_files: tuple[tuple, list[tuple[str, str]]] = ((), [])  # (what shapes them, (path, theme dir))
        self._entry_files: tuple[Any, dict[str, tuple[str, ...]]] = (None, {})  # (the glossary, page -> its files)

    def start_build(self, config, session: PreviewSession, enabled: bool = True) -> None:
        """Before each rebuild: the engine's page reading and building replaced by this memory's (this process
        only), what shapes every page, and whether pages may be taken from memory at all."""
        engine_build._populate_page, engine_build._build_page = self.populate_page, self.build_page
        Files.add_files_from_theme = lambda files, env, config: self.add_files_from_theme(files, env, config)
        utils.clean_directory = self.clean_directory
        self.session = session
        self.rendered, self.rendered_in_parts = [], []
        self._shaping = fingerprint(*(PROJECT_ROOT / name for name in SHAPING))
        self._stamps = {}
        plugins = set(config.plugins)
        self.enabled = enabled and plugins <= KNOWN_PLUGINS
        if enabled and not self.enabled:
            log.info(
                f"预览不复用页面（有未知插件：{', '.join(sorted(plugins - KNOWN_PLUGINS))}），每次都重新生成全部页面"
            )

    # --- the site's folder --------------------------------------------------------------------------------

    def clean_directory(self, directory: str) -> None:
        """The engine empties the site's folder before each build, file by file (it grows with the site): here
        its entries are moved into a folder beside it (a rename each), deleted by a thread while the build runs."""
        if not os.path.isdir(directory):
            return _CLEAN(directory)
        try:
            aside = tempfile.mkdtemp(
                prefix=os.path.basename(os.path.normpath(directory)) + ASIDE,
                dir=os.path.dirname(os.path.normpath(directory)),
            )
        except OSError:
            return _CLEAN(directory)
        try:
            for entry in os.listdir(directory):
                if not entry.startswith("."):  # as the engine: hidden files stay
                    os.rename(os.path.join(directory, entry), os.path.join(aside, entry))
        except OSError:  # another file system, or a file in use: the engine's own way, for what is left
            _CLEAN(directory)
        threading.Thread(
            target=shutil.rmtree, args=(aside,), kwargs={"ignore_errors": True}
        ).start()  # finished before exit
        return None

    # --- the theme's static files ------------------------------------------------------------------------

    def add_files_from_theme(self, files, env, config) -> None:
        """The engine's list of the theme's static files, made again only when what shapes pages changed (the
        theme's own folder, overrides/, is among it; the installed themes are as the process found them): each
        is added unless a page's file has its path, as the engine adds them."""
        key = (
            self._shaping,
            tuple(config.theme.dirs),
            tuple(config.theme.static_templates),
            tuple(utils.markdown_extensions),
        )
        if not self.enabled:
            return _THEME_FILES(files, env, config)
        if self._theme_files[0] != key:
            listed = Files([])
            _THEME_FILES(listed, env, config)
            self._theme_files = (key, [(f.src_uri, f.src_dir) for f in listed])
        for path, folder in self._theme_files[1]:
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))
        return None

    # --- reading a page: Markdown, macros, glossary links, HTML ---------------------------------------------

    def populate_page(self, page, config, files, dirty: bool = False) -> None:
        content = self.session.content
        if not self.enabled or content is None:
            return _POPULATE(page, config, files, dirty)
        self._pages = tuple(sorted(files.src_uris))
        src = page.file.src_uri
        digest = _digest(page.file.abs_src_path)
        stamps = tuple(self._glob_stamps(glob) for glob in self.dependencies(src, page.file.abs_src_path, digest))
        key = (self._shaping, self._pages, src, digest, stamps)
        pages = locate(src).pages
        links = content.term_links if pages.glossary_linked or pages.own_entries else None
        kept = self.read.get(src)
        if kept is not None and kept.key == key and kept.term_links is links:
            vars(page).update(kept.changes)
            anchors = kept.changes.get("links_to_anchors", {})  # keyed by the files of the build that read the page
            page.links_to_anchors = {files.get_file_from_path(f.src_uri) or f: a for f, a in anchors.items()}
            return None
        self.rendered.append(src)
        before = dict(vars(page))
        if self.in_parts:
            page.render = lambda config, files: self.render_in_parts(page, config, files)
        with _counting_warnings() as warnings:
            try:
                _POPULATE(page, config, files, dirty)
            finally:
                vars(page).pop("render", None)
        self.built.pop(src, None)
        if warnings.count:
            self.read.pop(src, None)
            return None
        self.read[src] = _Kept(key, links, _changed(before, vars(page)))
        return None

    def render_in_parts(self, page, config, files) -> None:
        """The engine's Page.render of a page of entries (`PART_RE`), part by part, each part kept between rebuilds;
        any other page (or one whose parts could reach each other) the engine's way, whole."""
        text, src = page.markdown, page.file.src_uri
        blocks = PART_RE.findall(text) if text else []
        if not blocks or ACROSS_RE.search(text) or any(_unbalanced(block) for block in blocks):
            return Page.render(page, config, files)
        key = (self._shaping, self._pages)
        kept = self._parts[src][1] if src in self._parts and self._parts[src][0] == key else {}
        marks = [f"PORTALPART{uuid.uuid4().hex}{i}" for i in range(len(blocks))]
        numbered = iter(marks)
        page.markdown = PART_RE.sub(lambda _: next(numbered) + "\n", text)
        try:
            Page.render(page, config, files)
            html, anchors, links = page.content, set(page.present_anchor_ids), page.links_to_anchors
            title, toc = page._title_from_render, page.toc
            parts: dict[str, _Part] = {}
            for mark, block in zip(marks, blocks, strict=True):
                part = parts.get(block) or kept.get(block) or self._render_part(page, config, files, block)
                placeholder = f"<p>{mark}</p>"
                if part is None or html.count(placeholder) != 1:
                    page.markdown = text
                    return Page.render(page, config, files)
                html = html.replace(placeholder, part.html)
                anchors |= part.anchors
                for file, found in part.links.items():
                    here = links.setdefault(files.get_file_from_path(file.src_uri) or file, {})
                    for anchor, link in found.items():
                        here.setdefault(anchor, link)
                parts[block] = part
        finally:
            page.markdown = text
        page.content, page.present_anchor_ids, page.links_to_anchors = html, anchors, links
        page._title_from_render, page.toc = title, toc
        self._parts[src] = (key, {block: part for block, part in parts.items() if part is not None})
        self.rendered_in_parts.append(src)
        return None

    def _render_part(self, page, config, files, block: str) -> _Part | None:
        """One part rendered as the engine renders a page; None when it cannot stand alone (a title or headings in
        the table of contents) or logged a warning (not kept, so that the warning comes again)."""
        page.markdown = block
        with _counting_warnings() as warnings:
            Page.render(page, config, files)
        if page._title_from_render or page.toc.items or warnings.count:
            return None
        return _Part(page.content, frozenset(page.present_anchor_ids), page.links_to_anchors)

    def dependencies(self, src: str, path: str, digest: str) -> tuple[str, ...]:
        """The data files a page depends on (globs): the site map's for the page and for the kinds of data the
        macros its text calls read; the kinds are read from its text again only when the text changed."""
        known = self._reads.get(src)
        if known is None or known[0] != digest:
            with open(path, encoding="utf-8", errors="replace") as page_file:
                known = self._reads[src] = (digest, kinds_read(page_file.read()))
        globs = page_dependencies(src, known[1])
        own = self._own_entries(src)
        if own is None:
            return globs
        return (*(glob for glob in globs if glob not in DATA["glossary"]), *own)

    def _own_entries(self, src: str) -> tuple[str, ...] | None:
        """The files of the entries a page of glossary entries shows in full (the site map's `own_entries`), None
        for any other page: the rest of the glossary reaches it through the links, which populate_page compares."""
        content = self.session.content
        if content is None or not locate(src).pages.own_entries:
            return None
        if self._entry_files[0] is not content.glossary:
            files = {
                part.page: tuple(term.file.resolve().relative_to(PROJECT_ROOT).as_posix() for term in part.terms)
                for part in glossary_parts(content.glossary)
            }
            self._entry_files = (content.glossary, files)
        return self._entry_files[1].get(src)

    def _glob_stamps(self, glob: str) -> tuple:
        if glob not in self._stamps:
            found = sorted(p for p in PROJECT_ROOT.glob(glob) if p.is_file())
            self._stamps[glob] = (glob, *((str(p), *file_stamp(p)) for p in found))
        return self._stamps[glob]

    # --- building a page: the theme's template around it ----------------------------------------------------

    def build_page(self, page, config, doc_files, nav, env, dirty: bool = False, excluded: bool = False) -> None:
        src = page.file.src_uri
        read = self.read.get(src)
        search = _search_index(config)
        if not self.enabled or read is None or excluded or self.session.content is None or search is None:
            return _BUILD(page, config, doc_files, nav, env, dirty, excluded)
        if self._nav[0] is not nav:  # one navigation a build, compared for every page: made once
            self._nav = (nav, _navigation(nav))
        key = (read, self._nav[1])
        kept = self.built.get(src)
        if kept is not None and kept.key == key:
            vars(page).update(kept.changes)
            search.entries.extend(kept.search_entries)
            utils.write_file(kept.output, page.file.abs_dest_path)
            return None
        before, first = dict(vars(page)), len(search.entries)
        with _counting_warnings() as warnings:
            _BUILD(page, config, doc_files, nav, env, dirty, excluded)
        if warnings.count:
            self.built.pop(src, None)
            return None
        with open(page.file.abs_dest_path, "rb") as written:
            output = written.read()
        changes = _changed(before, vars(page))
        self.built[src] = _Kept(key, None, changes, output, search.entries[first:])
        return None


def _digest(path: str) -> str:
    with open(path, "rb") as source:
        return hashlib.blake2b(source.read(), digest_size=16).hexdigest()


def kinds_read(text: str) -> tuple[str, ...]:
    """The kinds of data the macros a page's text (Markdown with front matter) calls read, as macros/registry.py
    declares them; every kind if its calls cannot be read (the build then reports the page's mistake)."""
    called = called_macros(split_front_matter(text)[1])
    declared = macro_reads()
    if called is None or not called <= set(declared):
        return tuple(DATA)
    return tuple(sorted({kind for name in called for kind in declared[name]}))


def _unbalanced(block: str) -> bool:
    """True if a part's divs do not close within it (an entry's own HTML could hold one)."""
    depth = 0
    for match in _DIV_RE.finditer(block):
        depth += -1 if match.group(1) else 1
        if depth < 0:
            return True
    return depth != 0


def _changed(before: dict, after: dict) -> dict:
    return {k: v for k, v in after.items() if k not in OWN and (k not in before or before[k] is not v)}


def _navigation(nav) -> tuple:
    """What every page shows of the others: the navigation's titles and addresses, in order."""
    return tuple((p.file.src_uri, p.title, p.url) for p in nav.pages)


def _search_index(config):
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return getattr(plugin, "search_index", None)
    return None


class _counting_warnings:
    """Counts the warnings MkDocs and the plugins log while a page is read or built."""

    def __enter__(self) -> _Warnings:
        self.handler = _Warnings()
        logging.getLogger("properdocs").addHandler(self.handler)
        return self.handler

    def __exit__(self, *exc) -> None:
        logging.getLogger("properdocs").removeHandler(self.handler)


class _Held(logging.Handler):
    """Holds MkDocs' warnings of a build instead of printing them (the Chinese list says the same)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


#: MkDocs' messages on the terminal; during a build only its INFO lines (the warnings come as the Chinese list).
CONSOLE = logging.StreamHandler()
CONSOLE.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))


def _info_only(record: logging.LogRecord) -> bool:
    return record.levelno < logging.WARNING


@contextmanager
def _held_warnings():
    """The engine's own warnings during a build, held back from the terminal."""
    logger = logging.getLogger("properdocs")
    held = _Held()
    logger.addHandler(held)
    CONSOLE.addFilter(_info_only)
    try:
        yield held.records
    finally:
        CONSOLE.removeFilter(_info_only)
        logger.removeHandler(held)


def preview_problems(error: BaseException, warnings: list[logging.LogRecord]) -> list[Problem]:
    """The check's list; if the check finds nothing (a mistake only MkDocs sees), MkDocs' own words."""
    try:
        problems = run_check().problems
    except yaml.YAMLError as failure:  # mkdocs.yml itself cannot be read
        line, message = explain_yaml_error(failure, MKDOCS_YML.read_text(encoding="utf-8"))
        problems = [Problem(relative_name(MKDOCS_YML), line, message)]
    except Exception as failure:  # the check itself broke: say so, with the build's own error
        problems = [Problem("（检查程序）", None, f"检查程序自身出错：{type(failure).__name__}: {failure}")]
    if problems:
        return problems
    said = [r.getMessage() for r in warnings] or [str(error) or type(error).__name__]
    return [Problem("mkdocs.yml", None, f"MkDocs 报告：{text}") for text in said]


def link_engine_logs() -> None:
    """Plugins log under `mkdocs.*`: those records reach ProperDocs' logger (strict mode counts its warnings), as
    the `properdocs` command arranges it."""
    legacy = logging.getLogger("mkdocs")
    legacy.parent = logging.getLogger("properdocs")
    legacy.setLevel(logging.NOTSET)
    legacy.propagate = True


class PreviewBuilder:
    """The builder the live-reload server calls on every change; it never raises."""

    def __init__(self, config_file: str | None, site_dir: str, serve_url: str):
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.pages = PageMemory()  # pages whose inputs did not change are not rendered again
        self.on_config = lambda config: None  # serve() watches the folders the configuration names
        link_engine_logs()

    def config(self, session: PreviewSession, strict: bool = True):
        """The site's configuration for one build, with the session handed to the glue on the macros plugin."""
        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        config.site_url = self.serve_url
        keep_theme_templates_compiled(config.theme)  # before any plugin asks the theme for its templates
        self.on_config(config)
        setattr(config.plugins["macros"], PREVIEW_ATTRIBUTE, session)
        if not strict:
            config.strict = False
        return config

    def __call__(self) -> None:
        log.info("正在生成预览……")
        with _held_warnings() as warnings:
            try:
                session = PreviewSession()
                config = self.config(session)
                self.pages.start_build(config, session)
                engine_build.build(config, serve_url=self.serve_url)
                if self.pages.rendered:
                    log.info(f"重新生成了 {len(self.pages.rendered)} 个页面，其余页面没有变化")
                return
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # SystemExit from the macros plugin and from strict mode
                failure = error
        problems = preview_problems(failure, warnings)
        print(format_problems(problems, OUTCOME), file=sys.stderr, flush=True)
        try:
            with _held_warnings():
                session = PreviewSession(problems)
                config = self.config(session, strict=False)
                self.pages.start_build(config, session, enabled=False)  # every page shows the list: nothing kept
                engine_build.build(config, serve_url=self.serve_url)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # even mkdocs.yml is broken: a plain page with the list
            print(f"（网站无法生成，预览改用简单页面显示问题清单：{type(error).__name__}: {error}）", file=sys.stderr)
            self.write_plain_page(problems)

    def write_plain_page(self, problems: list[Problem]) -> None:
        """When the site cannot be built at all: the list on a bare page, at every address."""
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
        page = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>预览暂停</title>'
            f"<h1>预览暂停：发现{len(problems)}处问题</h1><p>{OUTCOME}。</p><ol>{items}</ol></html>"
        )
        root = Path(self.site_dir)
        for path in [root / "index.html", *root.rglob("*.html")]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")


def source_digest(target: str) -> str:
    """The digest of a patch target's source as installed (Patch.digest is what it was written against)."""
    module_name, _, attributes = target.partition(":")
    found: Any = importlib.import_module(module_name)
    for name in filter(None, attributes.split(".")):
        found = getattr(found, name)
    return hashlib.blake2b(inspect.getsource(found).encode(), digest_size=8).hexdigest()
