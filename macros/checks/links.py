"""Anchors and links as MkDocs sees them: each expanded page through Python-Markdown with mkdocs.yml's
extensions, then every link and anchor resolved against the files under docs/."""

from __future__ import annotations

import difflib
import functools
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..core.paths import relative
from ..sources.site_config import SiteConfig
from ..sources.textfiles import decoded_text
from .page_files import PageSource, RenderedPage


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
            f"请改成指向 .md 文件的相对路径，例如「{relative(page_src, 'index.md')}」"
        )
    link = functools.partial(relative, page_src)
    if not path:
        target = page_src
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), unquote(path))).lstrip("/")
        if target not in files:
            if not posixpath.splitext(path)[1]:
                index = posixpath.join(target, "index.md")
                hint = f"，例如「{link(index)}」" if index in files else ""
                return f"链接「{url}」没有指向一个文件：请链接到具体的 .md 文件{hint}"
            pages = sorted(link(f) for f in files)
            return (
                f"链接「{url}」指向的文件不存在（可能已改名或删除）。"
                f"{_suggest(link(target), pages)}请改成现有页面的路径"
            )
    if fragment and target.endswith(".md") and unquote(fragment) not in anchors.get(target, set()):
        choices = sorted(anchors.get(target, set()))
        where = "本页" if target == page_src else f"页面 {target} "
        return f"链接「{url}」的锚点「#{fragment}」在{where}里不存在。{_suggest(unquote(fragment), choices)}"
    return None


def find_line(url: str, page: PageSource, data_files: list[Path]) -> tuple[Path, int | None]:
    """Where a link was written: a line of the page, or of the data file a macro took it from."""
    sources = [(page.path, page.text)] + [(p, decoded_text(p) or "") for p in data_files]
    written = [f"]({url})", f"]({url} ", f"<{url}>", f'href="{url}"', f'src="{url}"', f"]: {url}", url]
    for needle in written:
        for path, text in sources:
            for number, line in enumerate(text.split("\n"), 1):
                if needle in line:
                    return path, number
    return page.path, None
