"""HTML and script in data files: the site shows such text escaped, but staff never mean to write it, so the check
refuses it (hostile or pasted from a web page), line by line."""

from __future__ import annotations

import re
from itertools import compress, count
from pathlib import Path

from ..core.errors import Problems
from ..core.paths import DATA_DIR, GLOSSARY_DIR, READING_LISTS_DIR
from ..render.data_text import safe_url
from ..sources.textfiles import decoded_text
from .unsafe_markup import markdown_urls

#: Folders of data files and the kinds of file in them that hold text staff type.
DATA_FILES = (
    (GLOSSARY_DIR, "*.yaml"),
    (READING_LISTS_DIR, "*.yaml"),
    (DATA_DIR, "*.yaml"),
    (DATA_DIR, "*.csv"),
    (DATA_DIR, "reading-records/*.csv"),
)

MARKUP = [
    (
        re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>|<\s*(?:script|iframe|img|svg|style)\b", re.I),
        "数据里不能写 HTML 标签「{0}」：网站只会把它当作文字原样显示。如果是从网页复制来的，请只保留文字",
    ),
    (re.compile(r"(?:^|[\s\"'</])on[a-z]{3,}\s*=", re.I), "数据里出现了「{0}」这样的网页脚本属性，请删掉"),
    (
        re.compile(r"(?:\]\(|\]:|<)\s*(?:javascript|vbscript|data)\s*:", re.I),
        "数据里不能有「{0}」这样的链接（会执行脚本），请删掉",
    ),
    (
        re.compile(r"\{\{|\{%|\{:"),
        "数据里不能写「{0}」：网站不会把数据当作模板或属性执行，只会原样显示。请删掉花括号",
    ),
]

#: A line can match a pattern above (or hold a Markdown link) only if it holds one of these characters: the
#: patterns run on those lines only (a million reading records hold none), found in C by one search a line.
SUSPECT = re.compile(r"[<={\]]")


#: The bytes of those characters: in every encoding the loaders read (UTF-8, UTF-16, GB18030), a file without
#: these bytes has none of the characters.
SUSPECT_BYTES = (b"<", b"=", b"{", b"]")


def _may_hold_markup(path: Path) -> bool:
    """False for a file that cannot hold markup (a year of reading records, usually): it is then never decoded and
    split into lines. A missing file is left to the loaders, which report it."""
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    return any(mark in raw for mark in SUSPECT_BYTES)


def data_files() -> list[Path]:
    return sorted(p for folder, pattern in DATA_FILES if folder.exists() for p in folder.glob(pattern))


def check_data_markup(problems: Problems, paths: list[Path] | None = None) -> None:
    """One problem per line of a data file that holds HTML tags, event handlers or script links."""
    for path in data_files() if paths is None else paths:
        if not _may_hold_markup(path):
            continue
        text = decoded_text(path)  # in any encoding the loaders read (they report it)
        if text is None:
            continue  # the loaders report files they cannot read
        lines = text.splitlines()
        for number in compress(count(1), map(SUSPECT.search, lines)):
            line = lines[number - 1]
            for pattern, message in MARKUP:
                match = pattern.search(line)
                if match:
                    shown = match.group(0) if len(match.group(0)) <= 40 else match.group(0)[:40] + "…"
                    problems.add(path, number, message.format(shown))
                    break
            else:
                if "](" not in line and "]:" not in line:
                    continue
                bad = next((u for u in markdown_urls(line) if not safe_url(u)), None)
                if bad is not None:
                    problems.add(
                        path, number, f"数据里的链接「{bad[:40]}」不允许：只能链接到 http(s)、mailto 或本站的页面"
                    )
