"""Text helpers every stage shares: the Han character range, dates in Chinese, fenced code and headings in Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

#: Han characters: CJK Unified Ideographs, Extension A and the Compatibility Ideographs (for use inside [...]).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

_FENCE = re.compile(r"(`{3,}|~{3,})")
#: An ATX heading of Markdown: its marks and its text.
HEADING_RE = re.compile(r"^(#{1,6}) +(.+?)\s*$")


def chinese_date(day: date) -> str:
    """2021年3月5日: no leading zeros, no spaces (公文 style)."""
    return f"{day.year}年{day.month}月{day.day}日"


def scan_fences(lines: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Each Markdown line with what it is: "fence" (a line opening or closing fenced code), "code" (inside one),
    or None (anything else). A fence of ``` or ~~~ closes at a line starting with the same run of marks."""
    fence: str | None = None
    for line in lines:
        stripped = line.strip()
        marker = _FENCE.match(stripped)
        if marker:
            fence = None if fence and stripped.startswith(fence) else (fence or marker.group(1))
            yield line, "fence"
        else:
            yield line, "code" if fence else None


def shift_headings(markdown: str, by: int, from_level: int = 1, anchor: str | None = None) -> tuple[str, list[dict]]:
    """Headings of `from_level` and deeper moved `by` levels (negative: up), none past level 1 or 6; with `anchor`,
    each moved heading gets a stable anchor (anchor, anchor-2, …). The Markdown, and the outline of what moved."""
    out: list[str] = []
    outline: list[dict] = []
    for line in markdown.split("\n"):
        match = HEADING_RE.match(line)
        level = len(match.group(1)) if match else 0
        if match and level >= from_level and 1 <= level + by <= 6:
            level += by
            line = f"{'#' * level} {match.group(2)}"
            if anchor is not None:
                ident = anchor if not outline else f"{anchor}-{len(outline) + 1}"
                outline.append({"level": level, "title": match.group(2), "anchor": ident})
                line += f" {{ #{ident} }}"
        out.append(line)
    return "\n".join(out), outline
