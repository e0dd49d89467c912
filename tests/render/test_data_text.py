"""macros/render/data_text.py: data text makes no markup. Each hostile text is tried three ways: through the
renderer (nothing live), through the page's own Markdown afterwards (still nothing: the text is entities), and
through nh3 alone after a naive render with the site's extensions (the defence in depth catches it by itself)."""

from __future__ import annotations

import re

import html5lib
import markdown
import pytest

from macros.render.data_text import markdown_text, one_line, safe_url, sanitize

HOSTILE = [
    "段落 {: onclick=alert(1) }",
    "标题 { #x onmouseover=alert(1) }",
    "*强调*{: onclick=alert(1) }",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<script>alert(1)</script>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[点我](javascript:alert(1))",
    "[点我](JAVASCRIPT:alert(1))",
    "[点我](&#106;avascript:alert(1))",
    "[点我](java\tscript:alert(1))",
    "[点我](data:text/html,<script>alert(1)</script>)",
    "[点我](vbscript:msgbox(1))",
    "![图](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[点我][x]",
    '<a href="javascript:alert(1)">点我</a>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
]
EXTENSIONS = ["attr_list", "md_in_html", "def_list", "abbr", "tables"]


def live(html: str) -> list[str]:
    """Handlers, scripts, frames, pictures and script URLs in HTML as a browser parses it."""
    found = []
    for element in html5lib.parseFragment(html, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in {"script", "iframe", "object", "embed", "svg", "math", "img", "style"}:
            found.append(tag)
        for name, value in element.attrib.items():
            name = name if isinstance(name, str) else name[1]
            if name.startswith("on") or name == "style":
                found.append(name)
            if name in {"href", "src"} and not safe_url(value):
                found.append(f"{name}={value}")
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_the_renderer_makes_nothing_live(text):
    for rendered in (markdown_text(text), one_line(text)):
        assert live(rendered) == []
        # the page's Markdown reads the result again (with attribute lists): still nothing
        assert live(markdown.markdown(str(rendered), extensions=EXTENSIONS)) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_nh3_alone_catches_each_case(text):
    naive = markdown.markdown(text, extensions=EXTENSIONS)  # what the page would make of the raw text
    assert live(naive) or "javascript" not in naive.lower() or "&#106;" in text  # the case is hostile when naive
    assert live(sanitize(naive)) == []


def test_the_markdown_staff_need_is_kept():
    html = markdown_text(
        "**重要**的*强调*，[政协网](https://www.cppcc.gov.cn/)、[写信](mailto:a@b.cn)、[词条](../glossary/#x)\n\n> 引文\n\n- 一\n- 二"
    )
    assert "<strong>重要</strong>" in html and "<em>强调</em>" in html
    assert re.findall(r'href="([^"]+)"', html) == ["https://www.cppcc.gov.cn/", "mailto:a@b.cn", "../glossary/#x"]
    assert "<blockquote>" in html and "<li>一</li>" in html


def test_unsafe_links_stay_visible_as_text():
    assert "javascript" in one_line("[点我](javascript:alert(1))") and "<a" not in one_line(
        "[点我](javascript:alert(1))"
    )


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://a.cn/", True),
        ("mailto:a@b.cn", True),
        ("../x/", True),
        ("#a", True),
        ("//evil.example/", False),
        ("javascript:x", False),
        (" JavaScript:x", False),
        ("java\nscript:x", False),
        ("data:text/html,x", False),
        ("ftp://a/", False),
    ],
)
def test_safe_urls(url, ok):
    assert safe_url(url) is ok
