"""The pages in docs/ as staff wrote them: front matter, body, and where the body starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Problems
from ..core.paths import DOCS_DIR
from ..sources.textfiles import parse_yaml, read_text, split_front_matter

#: The longest page the check and the build read (the longest real page, the glossary's source, is under 50 000).
MAX_PAGE_CHARS = 2_000_000


@dataclass
class PageSource:
    """One Markdown page as staff wrote it."""

    src: str  # path under docs/, with forward slashes
    path: Path
    text: str
    meta: dict
    body: str
    body_offset: int  # lines of front matter above the body

    @property
    def renders_macros(self) -> bool:
        return self.meta.get("render_macros") is not False


@dataclass
class RenderedPage:
    src: str
    anchors: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def read_pages(problems: Problems, docs_dir: Path = DOCS_DIR) -> list[PageSource]:
    """Every docs/**/*.md with its front matter parsed (a broken front matter is reported with its line)."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        text = read_text(path, problems)
        if text is None:
            continue
        kept = _READ.get(path)
        if kept is None or kept[0] != docs_dir or kept[1] != text:  # `make serve` reads them at every rebuild:
            found = Problems()  # an unchanged text is parsed once
            kept = _READ[path] = (docs_dir, text, _parsed_page(path, docs_dir, text, found), tuple(found.items))
        problems.items.extend(kept[3])
        if kept[2] is not None:
            pages.append(kept[2])
    return pages


#: Each page as read_pages last parsed it: by its file, the folder and text it had, the page (None if refused) and
#: its problems.
_READ: dict[Path, tuple[Path, str, PageSource | None, tuple]] = {}


def _parsed_page(path: Path, docs_dir: Path, text: str, problems: Problems) -> PageSource | None:
    """One page from its text, or None (with the problem) when it is refused."""
    if len(text) > MAX_PAGE_CHARS:
        problems.add(
            path,
            None,
            f"页面太长（{len(text):,} 个字符，上限 {MAX_PAGE_CHARS:,}），没有读取。请检查是不是粘贴错了内容",
        )
        return None
    front, body, first_line = split_front_matter(text)
    data: Any = {}
    if front is not None:
        parsed = parse_yaml(front, path, problems, first_line=first_line)
        data = parsed[0] if parsed else {}
        if parsed and not isinstance(data, dict):
            problems.add(path, first_line, "页面开头 --- 之间的元数据应该是「字段名: 值」的形式，请对照其他页面检查")
            data = {}
    offset = text[: len(text) - len(body)].count("\n") if front is not None else 0
    return PageSource(path.relative_to(docs_dir).as_posix(), path, text, data or {}, body, offset)
