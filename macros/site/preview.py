"""A preview build: the built site marked on every page as the preview of one pull request, kept out of search
engines (a robots meta tag on every page, robots.txt that disallows everything, no sitemap).

Run after the other steps, on any engine's output: `python -m macros.site site --preview 12` (make preview PR=12).
The banner and the head lines are Jinja partials (macros/render/templates/preview-*.html.j2); the banner's style is
a file of its own (preview.css, copied into the site), so the Content-Security-Policy needs no inline style for it.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

from ..core.errors import Problems
from ..render.metadata import render_robots
from ..render.pages import render_template

#: Where the banner's stylesheet goes in the built site.
STYLESHEET = "assets/stylesheets/preview.css"
STYLESHEET_SOURCE = Path(__file__).with_name("preview.css")
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body(?:\s[^>]*)?>", re.I)
_NUMBER = re.compile(r"[0-9]{1,9}")


def validate_pr_number(text: str) -> int:
    """The pull request's number from the command line; anything but digits is refused with a Chinese message."""
    if not _NUMBER.fullmatch(text or ""):
        raise ValueError(
            f"合并请求编号只能是数字（例如 make preview PR=12），现在是「{text}」：请填合并请求/拉取请求页面上的编号"
        )
    return int(text)


def preview_page(html: str, page: str, number: int) -> str | None:
    """A page's HTML with the robots meta tag and the banner's stylesheet in its head and the banner first in its
    body; None when the page has no head end or body tag (not a page an engine wrote)."""
    if len(_HEAD_END.findall(html)) != 1 or len(_BODY_START.findall(html)) != 1:
        return None
    stylesheet = posixpath.relpath(STYLESHEET, posixpath.dirname(page) or ".")
    head = render_template("preview-head.html.j2", stylesheet=stylesheet)
    banner = render_template("preview-banner.html.j2", number=number)
    html = _HEAD_END.sub(lambda m: head + m.group(0), html, count=1)
    return _BODY_START.sub(lambda m: m.group(0) + "\n" + banner, html, count=1)


def mark_preview(site_dir: Path, number: int) -> int:
    """Mark every page of the built site as the preview of pull request `number`; returns how many pages.

    Raises ContentError naming every HTML file that is not a whole page (nothing is left half marked: the pages
    are checked before any is written)."""
    problems = Problems()
    marked: dict[Path, str] = {}
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        html = preview_page(path.read_text(encoding="utf-8"), page, number)
        if html is None:
            problems.add(path, None, "不是完整的网页（应当正好有一个 <body> 和一个 </head>），无法加上预览提示")
        else:
            marked[path] = html
    problems.raise_if_any()
    for path, html in marked.items():
        path.write_text(html, encoding="utf-8")
    (site_dir / STYLESHEET).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STYLESHEET_SOURCE, site_dir / STYLESHEET)
    (site_dir / "robots.txt").write_text(render_robots(None, index=False), encoding="utf-8")
    for sitemap in ("sitemap.xml", "sitemap.xml.gz"):  # a preview offers search engines nothing
        (site_dir / sitemap).unlink(missing_ok=True)
    return len(marked)
