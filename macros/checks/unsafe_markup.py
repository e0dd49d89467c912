"""HTML and script in pages that the site's security policy forbids."""

from __future__ import annotations

import re

from ..core.errors import Problems
from ..core.text import scan_fences
from .page_files import PageSource

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


def check_unsafe_markup(page: PageSource, problems: Problems) -> None:
    """Script, event handlers, inline styles: what the Content-Security-Policy would block, line by line."""
    for number, (line, kind) in enumerate(scan_fences(page.text.split("\n")), 1):
        if kind:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        for pattern, message in UNSAFE_IN_PAGE:
            match = pattern.search(prose)
            if match:
                problems.add(page.path, number, message.format(match.group(1)))
                break
