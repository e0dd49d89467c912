"""Raw HTML and attribute lists in pages: an allow-list, read as a browser reads it (html5lib's tokenizer, which
decodes entities, lower-cases names and keeps the first of two equal attributes, as browsers do).

Pages may use the few tags the site's own layout needs (cards, details, tables, figures…) with classes, ids and a
handful of harmless attributes; links go to http(s), mailto or inside the site, pictures only inside the site. Any
other tag (script, iframe, object, embed, svg, math, form, style…), any event handler, style, or `javascript:`
and `data:` URL is refused, in raw HTML and in Markdown attribute lists (`{: … }`) alike.
"""

from __future__ import annotations

import re
from html import unescape

from html5lib._tokenizer import HTMLTokenizer  # the parser's own tokenizer: the spec's tag and attribute rules
from html5lib.constants import tokenTypes
from markdown.extensions.attr_list import get_attrs_and_remainder

from ..core.errors import Problems
from ..core.text import scan_fences
from ..render.data_text import safe_url
from .page_files import PageSource

#: The tags a page may write, and the attributes each may have besides GLOBAL_ATTRIBUTES.
PAGE_TAGS: dict[str, frozenset[str]] = {
    **{
        tag: frozenset()
        for tag in [
            "div",
            "span",
            "p",
            "br",
            "hr",
            "small",
            "strong",
            "em",
            "b",
            "i",
            "u",
            "s",
            "mark",
            "abbr",
            "kbd",
            "sub",
            "sup",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "dl",
            "dt",
            "dd",
            "summary",
            "figcaption",
            "caption",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "section",
            "aside",
        ]
    },
    "details": frozenset({"open"}),
    "figure": frozenset(),
    "table": frozenset(),
    "th": frozenset({"scope", "colspan", "rowspan", "align"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "a": frozenset({"href", "title", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
}
GLOBAL_ATTRIBUTES = frozenset(
    {"class", "id", "markdown", "title", "lang", "data-search-exclude", "aria-label", "aria-hidden"}
)
URL_ATTRIBUTES = frozenset({"href", "src"})
#: What the tag refusal says for the tags people try most.
SCRIPT_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form"})
HELP = "需要这类功能请联系技术同事"
AUTOLINK_RE = re.compile(r"<(?:https?://[^<>\s]*|mailto:[^<>\s]*|[^<>\s!]+@[^@<>\s]+)>", re.I)
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
#: Markdown links and pictures: [text](url), ![alt](url) and reference definitions [id]: url.
MD_LINK_RE = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)>\s]*)|^\s{0,3}\[[^\]\n]+\]:\s*<?(\S*?)>?(?:\s|$)")
ATTR_LIST_RE = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*?)[ ]*\}")


def _tag_problem(tag: str, attributes: dict[str, str]) -> str | None:
    """What is wrong with one start tag of a page, or None."""
    if tag not in PAGE_TAGS:
        kind = "会执行脚本或嵌入别的网页" if tag in SCRIPT_TAGS else "不在本站允许的 HTML 标签里"
        return f"页面里不能写 <{tag}> 标签（{kind}，网站的安全策略也会拦截它）。{HELP}"
    for name, value in attributes.items():
        problem = _attribute_problem(name, value, PAGE_TAGS[tag])
        if problem:
            return problem
    return None


def _attribute_problem(name: str, value: str, allowed: frozenset[str]) -> str | None:
    if name.startswith("on"):
        return f"页面里的 HTML 不能带事件属性「{name}=」（会执行脚本，网站的安全策略会拦截）。请删掉这个属性"
    if name == "style":
        return "页面里不要写样式（style=）：样式统一放在 extra.css 里，深色模式和打印才不会走样。需要时请联系技术同事"
    if name not in allowed and name not in GLOBAL_ATTRIBUTES:
        return f"页面里的 HTML 不能带属性「{name}=」（不在本站允许的属性里）。请删掉这个属性，或联系技术同事"
    if name == "src" and re.match(r"\s*([a-z][a-z0-9+.-]*:|//|\\\\)", value, re.I):
        return "页面里的图片只能用本站的文件（docs/ 里的图片），不能从别的网站或 data: 地址加载"
    if name in URL_ATTRIBUTES and not safe_url(value):
        shown = value.strip()[:40]
        return (
            f"页面里的链接「{shown}」不允许：只能链接到 http(s)、mailto 或本站的页面"
            "（不能用 javascript:、data: 等）。请改正"
        )
    return None


def markdown_urls(line: str) -> list[str]:
    """The addresses of the Markdown links, pictures and reference definitions of one line, as a browser gets them."""
    return [
        unescape(m.group(2) if m.group(2) is not None else m.group(3) or "").replace("\\", "")
        for m in MD_LINK_RE.finditer(line)
    ]


def _without_code(text: str) -> str:
    """The page with fenced code and code spans blanked (their HTML is shown as text), line numbers kept."""
    return "\n".join(
        "" if kind else CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)
        for line, kind in scan_fences(text.split("\n"))
    )


def check_unsafe_markup(page: PageSource, problems: Problems) -> None:
    """Every tag, attribute and attribute list of the page outside the allow-list, with its line."""
    text = AUTOLINK_RE.sub(lambda m: " " * len(m.group(0)), _without_code(page.text))
    tokenizer = HTMLTokenizer(text)
    for token in tokenizer:
        if token["type"] in (tokenTypes["StartTag"], tokenTypes["EmptyTag"]):
            problem = _tag_problem(token["name"], dict(token["data"]))
            if problem:
                problems.add(page.path, tokenizer.stream.position()[0], problem)
    for number, line in enumerate(text.split("\n"), 1):
        for match in MD_LINK_RE.finditer(line):
            url = unescape(match.group(2) if match.group(2) is not None else match.group(3) or "").replace("\\", "")
            problem = _attribute_problem("src" if match.group(1) else "href", url, URL_ATTRIBUTES)
            if problem:
                problems.add(page.path, number, problem)
        for match in ATTR_LIST_RE.finditer(line):
            content = match.group(1)
            if "=" not in content and not content.startswith((".", "#", ":")):
                continue  # braces in prose, not an attribute list
            attributes, _ = get_attrs_and_remainder(content)
            for name, value in attributes:
                name = "class" if name == "." else "id" if name == "id" else name.lower()
                problem = _attribute_problem(name, value, frozenset())
                if problem:
                    problems.add(page.path, number, problem.replace("页面里的 HTML", "页面里的属性列表 { … }"))
                    break
