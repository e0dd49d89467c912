"""Text helpers every stage shares: the Han character range, dates in Chinese, fenced code in Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

#: Han characters: CJK Unified Ideographs, Extension A and the Compatibility Ideographs (for use inside [...]).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

_FENCE = re.compile(r"(`{3,}|~{3,})")


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
