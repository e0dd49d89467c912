"""What search engines and shared links read about a page: its description and the site's robots.txt."""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from ..core.text import scan_fences

#: Search engines show about 80–120 Chinese characters of a description.
DESCRIPTION_LIMIT = 120
#: Short paragraphs (a page of one-line points) are joined until the description has at least this many characters.
DESCRIPTION_MIN = 40
SENTENCE_ENDS = "。！？；"

_BLOCK_HTML = r"</?(?:div|p|table|section|aside|details|summary|figure|ul|ol|dl|h\d|pre|blockquote|hr|nav|form|!--)\b"
_NOT_PROSE = re.compile(_BLOCK_HTML + r"|^(#|\||!!!|\?\?\?|:::|>|\{|\[TOC\]|[-*+] |\d+[.)] |-{3,}|\*{3,}|={3,})")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]")


def page_description(markdown: str, limit: int = DESCRIPTION_LIMIT) -> str | None:
    """The first paragraph of prose in a page's Markdown, as plain text, shortened at a sentence end."""
    text = ""
    for paragraph in _paragraphs(markdown):
        text = plain_text([text, *paragraph]) if text else plain_text(paragraph)
        if len(text) >= DESCRIPTION_MIN:
            break
    return shorten(text, limit) if text else None


def _paragraphs(markdown: str) -> list[list[str]]:
    """Blocks of consecutive prose lines; headings, lists, tables, HTML, admonitions and code are skipped."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    skipping = False  # inside a non-prose block until the next blank line
    for raw, kind in scan_fences(markdown.splitlines()):
        line = raw.strip()
        if kind == "fence":
            current, skipping = _close(paragraphs, current), True
            continue
        if kind == "code":
            continue
        if not line:
            current, skipping = _close(paragraphs, current), False
            continue
        if raw.startswith(("    ", "\t")) and not current:
            skipping = True  # indented code or the body of an admonition
        if skipping or (not current and _NOT_PROSE.match(line)):
            skipping = True
            continue
        current.append(line)
    _close(paragraphs, current)
    return paragraphs


def _close(paragraphs: list[list[str]], current: list[str]) -> list[str]:
    if current:
        paragraphs.append(current)
    return []


def plain_text(lines: list[str] | str) -> str:
    """Markdown inline markup removed: link and emphasis text kept, images, HTML tags and attribute lists dropped."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    text = ""
    for line in (line.strip() for line in lines if line.strip()):
        # Chinese lines join without a space; Latin words keep theirs.
        if text and not (_CJK.match(text[-1]) or _CJK.match(line[:1])):
            text += " "
        text += line
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)  # [text][ref]
    text = re.sub(r"\{[:.#][^}]*\}|\{ *[.#][^}]*\}", "", text)  # { .class } attribute lists
    text = re.sub(r"<[^>]+>", "", text)  # HTML tags
    text = re.sub(r"(\*\*|__|\*|`)(.+?)\1", r"\2", text)  # emphasis and code
    text = html.unescape(text)
    return " ".join(text.split())


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """At most `limit` characters, cut after the last full sentence that fits, else with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(mark) for mark in SENTENCE_ENDS)
    if end >= limit // 3:
        return head[: end + 1]
    return head[: limit - 1].rstrip() + "…"


def attribute_text(value: object) -> Markup:
    """A description made safe for a `content="..."` attribute (Material's template does not escape it)."""
    if isinstance(value, Markup):
        return value
    return escape(" ".join(str(value).split()))


def render_robots(site_url: str | None, index: bool = True) -> str:
    """robots.txt: everything may be indexed; the sitemap's address when the site's address is known.
    `index=False` (a preview build): nothing may be indexed, and no sitemap is offered."""
    if not index:
        return "User-agent: *\nDisallow: /\n"
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
