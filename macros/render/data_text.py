"""The one renderer of text from data files (glossary, reading lists, policy front matter, reading records).

Staff may write the Markdown they need: emphasis, code, lists, links and quotations. The text becomes HTML here, with
plain Python-Markdown (no attribute lists, no raw HTML: `<` and `&` are text), links only to http(s), mailto or
inside the site, no images, no attribute but a link's href. nh3 (a maintained allow-list sanitizer) then cleans the
result again, so that a mistake in this module alone lets nothing through. The HTML goes into the page's Markdown
with every character Markdown would read again written as an entity: the page cannot turn it into markup either.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset({"p", "em", "strong", "code", "ul", "ol", "li", "a", "blockquote", "br"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
#: Characters the page's own Markdown (and its attribute lists) would read again in the text between tags.
MARKDOWN_SPECIALS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|<>#:~"}
TAG_RE = re.compile(r"(<[^<>]*>)")
#: A line that would start a block (heading, quotation, list, rule) where one_line needs a phrase.
BLOCK_START_RE = re.compile(r"^([#>*+-]|\d+[.)])")
#: The same at the start of one_line's result, which the page's Markdown reads again.
LIST_START_RE = re.compile(r"^(\d*)([-+.)])")
PARAGRAPH_RE = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.S)
PARAGRAPHS_RE = re.compile(r"(?:<p>(?:(?!</?p>).)*</p>\s*)+", re.S)


def safe_url(url: str) -> bool:
    """True for http(s), mailto and links inside the site (relative paths and #anchors), as a browser reads them."""
    # as the URL standard reads it: spaces and controls around it dropped, tabs and newlines inside it too
    bare = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    parts = urlsplit(bare)
    if parts.scheme:
        return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc or parts.scheme.lower() == "mailto")
    return not parts.netloc and not bare.startswith(("/", "\\"))  # //host and \\host leave the site


class _OnlySafeElements(Treeprocessor):
    """Links keep only a safe href; a picture or an unsafe link becomes the text it was written as."""

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img" or (child.tag == "a" and not safe_url(child.get("href", ""))):
                    # shown as the staff wrote it (the check asks them to remove it), never as a link or picture
                    bang = "!" if child.tag == "img" else ""
                    label = child.get("alt", "") if child.tag == "img" else "".join(child.itertext())
                    text = f"{bang}[{label}]({child.get('src') or child.get('href') or ''})"
                    span = Element("span")
                    span.text, span.tail = text, child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                elif child.tag == "a":
                    href = child.get("href", "").replace("<", "%3C").replace(">", "%3E")
                    child.attrib.clear()
                    child.set("href", href)


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.treeprocessors.register(_OnlySafeElements(md), "data-text-safe", 0)
    return md


def sanitize(html: str) -> str:
    """nh3 with the data-text allow-list: the defence in depth, and the one the tests try on its own."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _as_page_text(html: str) -> str:
    """The HTML with the Markdown characters of its text written as entities (tags are left as they are)."""
    return "".join(
        part if part.startswith("<") else "".join(MARKDOWN_SPECIALS.get(c, c) for c in part)
        for part in TAG_RE.split(html)
    )


#: Text with none of these is a plain phrase: Markdown would return it unchanged (most titles, names, publishers).
MARKUP_CHARS_RE = re.compile(r"[\\`*_{}\[\]()!<>#&|~:\n]|^\s*(?:[-+=]|\d+[.)])")


@lru_cache(maxsize=8192)  # titles and names appear on many pages (lists, handouts, statistics)
def render_data_html(value: str) -> str:
    """Data text as sanitized HTML (not yet escaped for the page's Markdown)."""
    if not MARKUP_CHARS_RE.search(value):
        return sanitize(f"<p>{value}</p>")
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    md = _markdown()
    md.reset()
    return sanitize(md.convert(text))


def markdown_text(value: str) -> Markup:
    """A block of data text (paragraphs, lists, quotations) for a page: safe HTML that Markdown leaves alone;
    plain paragraphs stay paragraphs of the page (their inline HTML inside), so page descriptions still find them."""
    html = render_data_html(str(value))
    if PARAGRAPHS_RE.fullmatch(html):
        html = "\n\n".join(PARAGRAPH_RE.findall(html))
    return Markup(_as_page_text(html))


def one_line(value: str) -> Markup:
    """A short data text for a heading, table cell or list item: on one line, emphasis and links only."""
    text = " ".join(str(value).split()).replace("|", "｜")
    text = BLOCK_START_RE.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)
    html = render_data_html(text)
    html = html.removeprefix("<p>").removesuffix("</p>").replace("<p>", "").replace("</p>", " ")
    html = LIST_START_RE.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", _as_page_text(html))
    return Markup(html)
