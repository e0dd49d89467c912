"""The preview's memory of pages: after an edit, `make serve` renders again only the pages whose inputs changed.

MkDocs rebuilds every page on every change (a word in one page took 2.3 s, a glossary entry 3.5 s). This keeps,
for each page, what reading and rendering it produced, with what it was made from:
- the page's own file, the list of all pages (a link may point at one that is gone), and a fingerprint of
  everything else that shapes a page (mkdocs.yml, overrides/, macros/ and its templates, git's HEAD);
- each part of the content (glossary, reports, reading records…) its macros and the page finisher read, as the
  very object they read (macros/content.py keeps an unchanged source's object from one rebuild to the next);
- for the finished HTML also the navigation (every page's title and address), which every page shows.
When all of these are what they were, the kept result is used; otherwise MkDocs renders the page as usual.
A page whose reading or rendering logged a warning is never kept, so that a mistake is reported at every rebuild.

This replaces two functions of `mkdocs.commands.build` (MkDocs 1.6, pinned, unmaintained) in the preview's own
process only; `mkdocs build` and `make build` never use it. It stays out of the way (and says so) when a plugin
other than Material's search and mkdocs-macros listens to the page events it skips, since it could not replay them.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config

from macros import PREVIEW_PROBLEMS
from macros import content as portal_content
from macros.checks.run import run_check
from macros.content import fingerprint
from macros.core.errors import Problem, format_problems, relative_name
from macros.core.paths import MKDOCS_YML, PROJECT_ROOT
from macros.sources.textfiles import explain_yaml_error

log = logging.getLogger("mkdocs.portal.preview")
OUTCOME = "预览页面暂时显示这份清单，改好并保存后会自动恢复"

#: Everything but pages and data that shapes a page: any change here renders every page again.
SHAPING = ("mkdocs.yml", "overrides", "macros", ".git/HEAD", ".git/index")
#: The only plugins whose page events it knows how to replay (search: its index entries; macros: nothing).
KNOWN_PLUGINS = {"material/search", "search", "macros"}
#: MkDocs' own functions, which the memory calls for every page it has to render.
_POPULATE, _BUILD = mkdocs_build._populate_page, mkdocs_build._build_page
#: Page attributes that belong to this build's objects, never carried over from a kept page.
OWN = {"file", "parent", "children", "previous_page", "next_page", "active", "_Page__active"}


@dataclass(eq=False)  # a kept page is compared by identity: is it still the very one a built page came from?
class _Kept:
    key: tuple
    reads: dict[str, Any]  # content part -> the object read
    changes: dict[str, Any]  # the page's attributes as reading (or rendering) left them
    output: bytes = b""
    search_entries: list = field(default_factory=list)


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class PreviewCache:
    """Kept pages of the last rebuilds, and the two replaced MkDocs functions that use them."""

    def __init__(self):
        self.read: dict[str, _Kept] = {}
        self.built: dict[str, _Kept] = {}
        self.enabled = True
        self.rendered: list[str] = []  # pages rendered (not taken from memory) in the last rebuild
        self._shaping: tuple = ()
        self._pages: tuple = ()

    def start_build(self, config, enabled: bool = True) -> None:
        """Before each rebuild: MkDocs' page reading and building replaced by this memory's (this process only),
        what shapes every page, and whether pages may be taken from memory at all."""
        mkdocs_build._populate_page, mkdocs_build._build_page = self.populate_page, self.build_page
        self.rendered = []
        self._shaping = fingerprint(*(PROJECT_ROOT / name for name in SHAPING))
        plugins = set(config.plugins)
        self.enabled = enabled and plugins <= KNOWN_PLUGINS
        if enabled and not self.enabled:
            log.info(
                f"预览不复用页面（有未知插件：{', '.join(sorted(plugins - KNOWN_PLUGINS))}），每次都重新生成全部页面"
            )

    # --- reading a page: Markdown, macros, glossary links, HTML ---------------------------------------------

    def populate_page(self, page, config, files, dirty: bool = False) -> None:
        recorder = portal_content.recorder
        if not self.enabled or recorder is None:
            return _POPULATE(page, config, files, dirty)
        self._pages = tuple(sorted(files.src_uris))
        src = page.file.src_uri
        key = (self._shaping, self._pages, src, _digest(page.file.abs_src_path))
        kept = self.read.get(src)
        if kept is not None and kept.key == key and _unchanged(kept.reads, recorder.content):
            vars(page).update(kept.changes)
            links = kept.changes.get("links_to_anchors", {})  # keyed by the files of the build that read the page
            page.links_to_anchors = {files.get_file_from_path(f.src_uri) or f: anchors for f, anchors in links.items()}
            return None
        self.rendered.append(src)
        recorder.reads.clear()
        before = dict(vars(page))
        with _counting_warnings() as warnings:
            _POPULATE(page, config, files, dirty)
        self.built.pop(src, None)
        if warnings.count:
            self.read.pop(src, None)
            return None
        self.read[src] = _Kept(key, dict(recorder.reads), _changed(before, vars(page)))
        return None

    # --- building a page: the theme's template around it ----------------------------------------------------

    def build_page(self, page, config, doc_files, nav, env, dirty: bool = False, excluded: bool = False) -> None:
        src = page.file.src_uri
        read = self.read.get(src)
        search = _search_index(config)
        if not self.enabled or read is None or excluded or portal_content.recorder is None or search is None:
            return _BUILD(page, config, doc_files, nav, env, dirty, excluded)
        key = (read, _navigation(nav))
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
        self.built[src] = _Kept(key, {}, changes, output, search.entries[first:])
        return None


def _digest(path: str) -> str:
    with open(path, "rb") as source:
        return hashlib.blake2b(source.read(), digest_size=16).hexdigest()


def _unchanged(reads: dict[str, Any], content) -> bool:
    return all(getattr(content, name) is value for name, value in reads.items())


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
        logging.getLogger("mkdocs").addHandler(self.handler)
        return self.handler

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self.handler)


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
    """MkDocs' own warnings during a build, held back from the terminal."""
    logger = logging.getLogger("mkdocs")
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


class KeptBytecode(jinja2.BytecodeCache):
    """The theme's templates compiled once per preview session, not once per rebuild (Jinja compares each
    template's checksum, so an edited template is compiled again)."""

    def __init__(self):
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket):
        self.kept[bucket.key] = bucket.bytecode_to_string()


class PreviewBuilder:
    """The builder the live-reload server calls on every change; it never raises."""

    def __init__(self, config_file: str | None, site_dir: str, serve_url: str):
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.bytecode = KeptBytecode()
        self.pages = PreviewCache()  # pages whose inputs did not change are not rendered again
        self.theme_files: dict[tuple, list[str]] = {}
        self.on_config = lambda config: None  # serve() watches the folders the configuration names

    def config(self, strict: bool = True):
        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        config.site_url = self.serve_url
        self.on_config(config)
        make_env = config.theme.get_env

        def theme_env() -> jinja2.Environment:
            env = make_env()
            env.bytecode_cache = self.bytecode
            # The theme's 14,000 files are listed once per session (the theme folders are not watched), and so are
            # the few hundred MkDocs copies into the site (its filter depends on static_templates only).
            key = tuple(env.loader.searchpath)
            if key not in self.theme_files:
                self.theme_files[key] = env.loader.list_templates()
            env.loader.list_templates = lambda: self.theme_files[key]
            list_all = env.list_templates
            statics = (key, tuple(config.theme.static_templates))

            def list_templates(extensions=None, filter_func=None):
                if extensions is not None or filter_func is None:
                    return list_all(extensions, filter_func)
                if statics not in self.theme_files:
                    self.theme_files[statics] = list_all(filter_func=filter_func)
                return self.theme_files[statics]

            env.list_templates = list_templates
            return env

        config.theme.get_env = theme_env
        if not strict:
            config.strict = False
        return config

    def __call__(self) -> None:
        log.info("正在生成预览……")
        with _held_warnings() as warnings:
            try:
                config = self.config()
                self.pages.start_build(config)
                build(config, serve_url=self.serve_url)
                if self.pages.rendered:
                    log.info(f"重新生成了 {len(self.pages.rendered)} 个页面，其余页面没有变化")
                return
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # SystemExit from the macros plugin and from strict mode
                failure = error
        problems = preview_problems(failure, warnings)
        print(format_problems(problems, OUTCOME), file=sys.stderr, flush=True)
        os.environ[PREVIEW_PROBLEMS] = json.dumps([[p.file, p.line, p.message, p.column] for p in problems])
        try:
            with _held_warnings():
                config = self.config(strict=False)
                self.pages.start_build(config, enabled=False)  # every page shows the list: nothing is remembered
                build(config, serve_url=self.serve_url)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # even mkdocs.yml is broken: a plain page with the list
            print(f"（网站无法生成，预览改用简单页面显示问题清单：{type(error).__name__}: {error}）", file=sys.stderr)
            self.write_plain_page(problems)
        finally:
            del os.environ[PREVIEW_PROBLEMS]

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
