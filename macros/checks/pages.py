"""Checks of the pages in docs/ that need no HTML build: front matter, macro calls, links and anchors,
pages missing from the navigation, files that nothing uses, and HTML that the site's security policy forbids.

Macro calls are checked against what `define_env` registers (the one list of macros), first statically with
Jinja's parser (every unknown name and wrong argument count, with its line), then by running them as the build
does, so that an unknown id or a typo in an attribute is found too. The expanded page goes through
Python-Markdown with the extensions of mkdocs.yml to learn its anchors and links, as MkDocs does.
"""

from __future__ import annotations

import difflib
import inspect
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, meta, nodes
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..core.errors import Problems
from ..core.paths import DOCS_DIR, OVERRIDES_DIR, PROJECT_ROOT
from ..sources.site_config import SiteConfig
from ..sources.textfiles import parse_yaml, read_text, split_front_matter
from .macro_errors import HELP, describe_macro_error, unknown_name_message

#: Names the mkdocs-macros plugin itself provides to every page (its documented built-in variables and macros).
PLUGIN_BUILTINS = (
    "config",
    "environment",
    "plugin",
    "git",
    "extra",
    "page",
    "navigation",
    "files",
    "macros",
    "filters",
    "filters_builtin",
    "context",
    "macros_info",
    "now",
    "fix_url",
    "render_file",
)
PLUGIN_FILTERS = ("pretty", "relative_url")
#: Text files outside the pages that may name an asset in docs/ (templates, stylesheets, scripts).
ASSET_REFERRER_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest")

# Markup in a page that the site's Content-Security-Policy would block, or that has no place in content.
UNSAFE_IN_PAGE = [
    (
        re.compile(r"<\s*(script|iframe|object|embed|link|meta|base|form)\b", re.I),
        "页面里不能写 <{0}> 标签：网站的安全策略（CSP）会拦截它。需要这类功能请联系技术同事",
    ),
    (
        re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I),
        "页面里的 HTML 不能带事件属性「{0}=」（会执行脚本，网站的安全策略会拦截）。请删掉这个属性",
    ),
    (
        re.compile(r"(<\s*style\b|(?:<[a-z][^>]*\s|\{[^}\n]*)style\s*=)", re.I),
        "页面里不要写样式（{0}）：样式统一放在 extra.css 里，深色模式和打印才不会走样。需要时请联系技术同事",
    ),
    (
        re.compile(r"(?:\]\(|\]:|href\s*=\s*[\"']?|src\s*=\s*[\"']?|<)\s*(javascript|vbscript)\s*:", re.I),
        "页面里不能有「{0}:」链接（会执行脚本）。请删掉",
    ),
]
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass
class PageSource:
    """One Markdown page as staff wrote it."""

    src: str  # path under docs/, with forward slashes
    path: Path
    text: str
    meta: dict
    body: str
    body_offset: int  # lines of front matter above the body

    @property
    def renders_macros(self) -> bool:
        return self.meta.get("render_macros") is not False


@dataclass
class RenderedPage:
    src: str
    anchors: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class MacroRegistry:
    """Collects what `define_env` registers, without MkDocs: the part of the mkdocs-macros `env` that the project's
    define_env uses (variables, macro, filter, page, conf, config, project_dir)."""

    def __init__(self, conf: dict):
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Callable] = {}
        self.filters: dict[str, Callable] = {}
        self.conf = conf
        self.config = (
            next(
                (item["macros"] for item in conf.get("plugins") or [] if isinstance(item, dict) and "macros" in item),
                {},
            )
            or {}
        )
        self.project_dir = str(PROJECT_ROOT)
        self.page: Any = None
        self.markdown = ""

    def macro(self, function: Callable, name: str = "") -> Callable:
        self.macros[name or function.__name__] = function
        return function

    def filter(self, function: Callable, name: str = "") -> Callable:
        self.filters[name or function.__name__] = function
        return function


class _Lenient:
    """Stands for the plugin's own variables (config, page, …): any use is accepted, it renders as nothing."""

    def __init__(self, **known: Any):
        self.__dict__.update(known)

    def __getattr__(self, name: str) -> _Lenient:
        return _Lenient()

    def __getitem__(self, key: Any) -> _Lenient:
        return _Lenient()

    def __call__(self, *args: Any, **kwargs: Any) -> _Lenient:
        return _Lenient()

    def __iter__(self):
        return iter(())

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""


# --- reading the pages ------------------------------------------------------------------------------


def read_pages(problems: Problems, docs_dir: Path = DOCS_DIR) -> list[PageSource]:
    """Every docs/**/*.md with its front matter parsed (a broken front matter is reported with its line)."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        text = read_text(path, problems)
        if text is None:
            continue
        front, body, first_line = split_front_matter(text)
        data: Any = {}
        if front is not None:
            parsed = parse_yaml(front, path, problems, first_line=first_line)
            data = parsed[0] if parsed else {}
            if parsed and not isinstance(data, dict):
                problems.add(
                    path, first_line, "页面开头 --- 之间的元数据应该是「字段名: 值」的形式，请对照其他页面检查"
                )
                data = {}
        offset = text[: len(text) - len(body)].count("\n") if front is not None else 0
        pages.append(PageSource(path.relative_to(docs_dir).as_posix(), path, text, data or {}, body, offset))
    return pages


def check_unsafe_markup(page: PageSource, problems: Problems) -> None:
    """Script, event handlers, inline styles: what the Content-Security-Policy would block, line by line."""
    fence = None
    for number, line in enumerate(page.text.split("\n"), 1):
        opened = FENCE_RE.match(line)
        if opened:
            fence = None if fence and opened.group(1).startswith(fence) else (fence or opened.group(1))
            continue
        if fence:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        for pattern, message in UNSAFE_IN_PAGE:
            match = pattern.search(prose)
            if match:
                problems.add(page.path, number, message.format(match.group(1)))
                break


# --- macros ------------------------------------------------------------------------------------------


def jinja_environment(registry: MacroRegistry | None) -> Environment:
    """Jinja as the macros plugin sets it up (default delimiters, `on_undefined: strict`)."""
    env = Environment(undefined=StrictUndefined)
    env.filters.update({name: (lambda value, *a, **k: value) for name in PLUGIN_FILTERS})
    if registry is not None:
        env.filters.update(registry.filters)
    return env


def _known_names(registry: MacroRegistry, page: PageSource, extra: dict) -> set[str]:
    return set(registry.macros) | set(registry.variables) | set(PLUGIN_BUILTINS) | set(page.meta) | set(extra)


def check_macro_calls(page: PageSource, registry: MacroRegistry, extra: dict, problems: Problems) -> bool:
    """Every unknown name and every call with wrong arguments in the page, each with its line. True if none."""
    env = jinja_environment(registry)
    try:
        tree = env.parse(page.body)
    except TemplateSyntaxError as error:
        problems.items += describe_macro_error(
            error, page.body, page.src, sorted(registry.macros), sorted(registry.variables), page.body_offset
        )
        return False
    found = False
    macros, variables = sorted(registry.macros), sorted(registry.variables)
    known = _known_names(registry, page, extra)
    for name in sorted(meta.find_undeclared_variables(tree) - known):
        for node in tree.find_all(nodes.Name):
            if node.name == name:
                problems.add(
                    page.path,
                    node.lineno + page.body_offset,
                    unknown_name_message(name, macros, variables, _line_text(page.body, node.lineno)),
                )
                found = True
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in registry.macros:
            continue
        if call.dyn_args is not None or call.dyn_kwargs is not None:
            continue
        function = registry.macros[call.node.name]
        try:
            inspect.signature(function).bind(*call.args, **{kw.key: kw.value for kw in call.kwargs})
        except TypeError as error:
            problems.add(
                page.path,
                call.lineno + page.body_offset,
                f"宏「{call.node.name}」的参数不对（{_signature_hint(call.node.name, function)}）："
                f"{_explain_type_error(error)}{_line_text(page.body, call.lineno)}。{HELP}",
            )
            found = True
    return not found


def _line_text(body: str, line: int) -> str:
    lines = body.split("\n")
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return f"（这一行是：{text[:80]}）" if text else ""


def _signature_hint(name: str, function: Callable) -> str:
    params = list(inspect.signature(function).parameters)
    return f"正确写法：{name}({', '.join(params)})" if params else f"正确写法：{name}()，括号里不写参数"


def _explain_type_error(error: TypeError) -> str:
    text = str(error)
    if "missing a required argument" in text:
        return "少了参数 " + text.split(":", 1)[-1].strip()
    if "too many positional arguments" in text:
        return "参数写多了"
    if "unexpected keyword argument" in text:
        return "不认识的参数名 " + text.split("argument", 1)[-1].strip()
    return text


def expand_page(page: PageSource, registry: MacroRegistry, extra: dict, problems: Problems) -> str | None:
    """The page's Markdown after its macros ran, as the build gets it; None (with problems) if a macro fails."""
    if not page.renders_macros:
        return page.body
    registry.page = SimpleNamespace(file=SimpleNamespace(src_path=page.src), meta=page.meta, title=None, url=page.src)
    context: dict[str, Any] = {name: _Lenient() for name in PLUGIN_BUILTINS}
    context["page"] = _Lenient(meta=page.meta, file=registry.page.file)
    context.update(extra)
    context.update(registry.variables)
    context.update(registry.macros)
    context.update(page.meta)
    try:
        return jinja_environment(registry).from_string(page.body).render(**context)
    except Exception as error:
        problems.items += describe_macro_error(
            error, page.body, page.src, sorted(registry.macros), sorted(registry.variables), page.body_offset
        )
        return None


# --- Markdown: anchors and links as MkDocs sees them -------------------------------------------------


class _Collect(Treeprocessor):
    """After `toc` and `attr_list`: every id, and every link and image in the Markdown (not in raw HTML)."""

    def run(self, root):
        for element in root.iter():
            if element.get("id"):
                self.md.collected_anchors.add(element.get("id"))
            if element.tag == "a" and element.get("name"):
                self.md.collected_anchors.add(element.get("name"))
            if element.tag == "a" and element.get("href") is not None:
                self.md.collected_links.append(element.get("href"))
            elif element.tag == "img" and element.get("src") is not None:
                self.md.collected_links.append(element.get("src"))


class _RawAnchors(HTMLParser):
    def __init__(self, anchors: set[str]):
        super().__init__()
        self.anchors = anchors

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.anchors.add(value)


class _CollectRaw(Preprocessor):
    def run(self, lines):
        parser = _RawAnchors(self.md.collected_anchors)
        parser.feed("\n".join(lines))
        parser.close()
        return lines


class _CollectExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Collect(md), "portal_collect", 0)
        md.preprocessors.register(_CollectRaw(md), "portal_collect_raw", 21)


def markdown_converter(site: SiteConfig) -> markdown.Markdown:
    md = markdown.Markdown(extensions=[*site.extensions, _CollectExtension()], extension_configs=site.extension_configs)
    return md


def render_markdown(md: markdown.Markdown, src: str, text: str) -> RenderedPage:
    md.reset()
    md.collected_anchors, md.collected_links = set(), []
    md.convert(text)
    return RenderedPage(src, set(md.collected_anchors), list(md.collected_links))


# --- links, navigation, orphans -----------------------------------------------------------------------


def _suggest(target: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.5)
    return f"是不是「{close[0]}」？" if close else ""


def link_problem(page_src: str, url: str, files: set[str], anchors: dict[str, set[str]]) -> str | None:
    """What is wrong with one link of a page (None if it resolves), checked as MkDocs checks it."""
    scheme, netloc, path, _, fragment = urlsplit(url)
    if scheme or netloc:
        return None
    if url.startswith(("/", "\\")):
        return (
            f"链接「{url}」以 / 开头（绝对路径），网站放在子目录时会失效。"
            f"请改成指向 .md 文件的相对路径，例如「{posixpath.relpath('index.md', posixpath.dirname(page_src) or '.')}」"
        )
    relative = lambda target: posixpath.relpath(target, posixpath.dirname(page_src) or ".")  # noqa: E731
    if not path:
        target = page_src
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), unquote(path))).lstrip("/")
        if target not in files:
            if not posixpath.splitext(path)[1]:
                index = posixpath.join(target, "index.md")
                hint = f"，例如「{relative(index)}」" if index in files else ""
                return f"链接「{url}」没有指向一个文件：请链接到具体的 .md 文件{hint}"
            pages = sorted(relative(f) for f in files)
            return (
                f"链接「{url}」指向的文件不存在（可能已改名或删除）。"
                f"{_suggest(relative(target), pages)}请改成现有页面的路径"
            )
    if fragment and target.endswith(".md") and unquote(fragment) not in anchors.get(target, set()):
        choices = sorted(anchors.get(target, set()))
        where = "本页" if target == page_src else f"页面 {target} "
        return f"链接「{url}」的锚点「#{fragment}」在{where}里不存在。{_suggest(unquote(fragment), choices)}"
    return None


def find_line(url: str, page: PageSource, data_files: list[Path]) -> tuple[Path, int | None]:
    """Where a link was written: a line of the page, or of the data file a macro took it from."""
    sources = [(page.path, page.text)] + [(p, p.read_text(encoding="utf-8", errors="replace")) for p in data_files]
    written = [f"]({url})", f"]({url} ", f"<{url}>", f'href="{url}"', f'src="{url}"', f"]: {url}", url]
    for needle in written:
        for path, text in sources:
            for number, line in enumerate(text.split("\n"), 1):
                if needle in line:
                    return path, number
    return page.path, None


def check_navigation(site: SiteConfig, pages: list[PageSource], problems: Problems) -> None:
    """Every page is in nav (MkDocs refuses one that is not) and every nav entry is a page."""
    if site.nav_pages is None:
        return
    sources = {p.src for p in pages}
    existing = {p.relative_to(site.docs_dir).as_posix() for p in site.docs_dir.rglob("*.md")}
    for entry in site.nav_pages:
        if entry not in existing:
            problems.add(
                PROJECT_ROOT / "mkdocs.yml",
                site.line_of(entry),
                f"nav 里的页面「{entry}」不存在。{_suggest(entry, sorted(existing))}"
                "请改成 docs/ 下现有的文件，或删掉这一行",
            )
    listed = set(site.nav_pages)
    for src in sorted(s for s in sources - listed if not site.is_not_in_nav(s)):
        problems.add(
            site.docs_dir / src,
            None,
            "这个页面没有列在 mkdocs.yml 的 nav（网站导航）里，读者找不到它。"
            "请在 nav 的相应栏目下加一行，或者删掉这个文件",
        )


def check_orphan_files(site: SiteConfig, linked: set[str], problems: Problems) -> None:
    """Files in docs/ other than pages that no page, template, stylesheet or mkdocs.yml uses."""
    referrers = [site.text]
    for folder in (OVERRIDES_DIR, site.docs_dir):
        if folder.exists():
            referrers += [
                p.read_text(encoding="utf-8", errors="replace")
                for p in folder.rglob("*")
                if p.is_file() and p.suffix in ASSET_REFERRER_SUFFIXES
            ]
    mentioned = "\n".join(referrers)
    for path in sorted(site.docs_dir.rglob("*")):
        src = path.relative_to(site.docs_dir).as_posix()
        if not path.is_file() or path.suffix == ".md" or site.is_excluded(src):
            continue
        if src in linked or src in site.assets or path.name in mentioned:
            continue
        problems.add(
            path, None, "没有任何页面用到这个文件。请在页面里链接它（例如 [说明](../files/说明.pdf)），或者删掉它"
        )


JINJA_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def check_pages(
    site: SiteConfig, registry: MacroRegistry | None, page_data: Callable[[str], list[Path]], problems: Problems
) -> None:
    """All page checks. A page whose macros cannot run (or all pages, without a registry because the content
    has mistakes) is still checked, with its macro calls left out: its own links are checked, links into it by
    anchor are not, and neither are unused files."""
    pages = [p for p in read_pages(problems, site.docs_dir) if not site.is_excluded(p.src)]
    extra = site.raw.get("extra") or {}
    md = markdown_converter(site)
    rendered: dict[str, RenderedPage] = {}
    partial: set[str] = set()
    for page in pages:
        check_unsafe_markup(page, problems)
        expanded = None
        if registry is not None and (not page.renders_macros or check_macro_calls(page, registry, extra, problems)):
            expanded = expand_page(page, registry, extra, problems)
        if expanded is None:
            expanded = JINJA_RE.sub("", page.body) if page.renders_macros else page.body
            partial.add(page.src)
        rendered[page.src] = render_markdown(md, page.src, expanded)
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
            problem = link_problem(src, url, files, anchors)
            if problem:
                file, line = find_line(url, by_src[src], page_data(src))
                problems.add(file, line, problem)
    if not partial:
        check_orphan_files(site, linked, problems)


def _target(src: str, url: str) -> str:
    """The file under docs/ that a link of a page points to."""
    path = urlsplit(url).path
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(path))).lstrip("/") if path else src
