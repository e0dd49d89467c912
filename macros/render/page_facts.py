"""What the theme shows about a page besides its text: when it last changed (from git, in Chinese), where to edit
it (编辑此页), and front matter made safe for the theme's HTML head.

Dates come from git commits, never from the clock, so that two builds of one commit are identical. Without git
history (a tarball) a page shows no date, and the sitemap falls back to MkDocs' build date, which honours
SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from ..core.paths import DOCS_DIR, PROJECT_ROOT
from ..core.text import chinese_date
from ..sources.git_history import beijing_time, git_commit_times
from ..sources.textfiles import decoded_text
from ..structure.site_map import locate

#: The first line of a generated page's front matter starts with it (render/generated_pages.py writes them).
GENERATED_MARK = "# 由网站根据数据生成"


def is_generated(path: Path) -> bool:
    """True for a page the build made from data (its front matter starts with GENERATED_MARK), however it is saved."""
    lines = (decoded_text(path) or "").split("\n", 2)
    return len(lines) > 1 and lines[0] == "---" and lines[1].startswith(GENERATED_MARK)


@dataclass(frozen=True)
class PageFacts:
    edit_url: str | None
    update_date: str | None  # YYYY-MM-DD for the sitemap
    meta: dict = field(default_factory=dict)  # what to set in page.meta


def page_data_files(src_path: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """The data files a page (path under docs/) is made from, as the site map declares them."""
    return sorted(p for glob in locate(src_path).data for p in root.glob(glob) if p.is_file())


def last_changed(src_path: str, docs_dir: str = DOCS_DIR.name, root: Path = PROJECT_ROOT) -> int | None:
    """The newest commit time among the page's file and its data files; None if git knows none of them."""
    times = git_commit_times(root)
    # a page the build makes from data (never committed) changes when its data does; git only knows its old copies
    own = [] if is_generated(root / docs_dir / src_path) else [f"{docs_dir}/{src_path}"]
    files = own + [p.relative_to(root).as_posix() for p in page_data_files(src_path, root)]
    known = [times[f] for f in files if f in times]
    return max(known) if known else None


def data_edit_url(edit_url: str | None, src_path: str, data_file: str, docs_dir: str = DOCS_DIR.name) -> str | None:
    """The edit link of a data file, derived from the page's (…/edit/main/docs/x.md → …/edit/main/data_file)."""
    if not edit_url or not edit_url.endswith(src_path):
        return edit_url
    base = edit_url[: -len(src_path)]
    if not base.endswith(docs_dir + "/"):
        return edit_url
    return base[: -len(docs_dir) - 1] + data_file


def repository_edit_root(repo_url: str | None, edit_uri: str | None, docs_dir: str = DOCS_DIR.name) -> str | None:
    """The edit address of the repository's root (…/edit/main/), from repo_url and edit_uri; None without either."""
    if not repo_url or not edit_uri or "://" in edit_uri:
        return None
    base = repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/"
    return base[: -len(docs_dir) - 1] if base.endswith(f"/{docs_dir}/") else None


def folder_view_url(edit_url: str | None, src_path: str, folder: str, docs_dir: str = DOCS_DIR.name) -> str | None:
    """The web page showing a folder of the repository (…/edit/main/docs/x.md → …/tree/main/folder/)."""
    url = data_edit_url(edit_url, src_path, folder, docs_dir)
    if not url or url == edit_url:
        return None
    return re.sub(r"/(-/)?edit/", r"/\1tree/", url, count=1)


def edit_link(edit_url: str | None, src_path: str, data: list[str], docs_dir: str = DOCS_DIR.name) -> str | None:
    """Where 编辑此页 leads, as the site map says: the page itself, the one data file it shows, the folder of its
    data, or nowhere (verbatim texts, generated pages)."""
    edit = locate(src_path).pages.edit
    if edit == "none":
        return None
    if edit == "data" and len(data) == 1:
        return data_edit_url(edit_url, src_path, data[0], docs_dir)
    if edit.endswith("/"):
        return folder_view_url(edit_url, src_path, edit, docs_dir)
    return edit_url


def safe_meta(meta: dict) -> dict:
    """Front matter texts the theme puts into <title> and <meta> without escaping, escaped (only where needed)."""
    return {
        key: str(escape(value))
        for key, value in meta.items()
        if isinstance(value, str) and any(c in value for c in "<>&\"'")
    }


H1_RE = re.compile(r"^#[ \t]+(.+?)[ \t]*(?:\{[^}]*\})?[ \t]*$", re.M)


def safe_title(markdown: str) -> str | None:
    """The page title from its first heading, escaped, when the heading holds < or & (text from data, e.g. a
    reading list's title). MkDocs takes such a title unescaped and the theme prints it into <title> as HTML."""
    match = H1_RE.search(markdown)
    if not match or not any(c in match.group(1) for c in "<&"):
        return None
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))  # links keep their text
    text = re.sub(r"[*_`]+", "", text)
    return str(escape(html.unescape(text)))


def page_facts(
    src_path: str,
    edit_url: str | None,
    meta: dict,
    markdown: str = "",
    docs_dir: str = DOCS_DIR.name,
    root: Path = PROJECT_ROOT,
) -> PageFacts:
    """Everything the theme needs to show about one page (its Markdown after the macros ran)."""
    data = [p.relative_to(root).as_posix() for p in page_data_files(src_path, root)]
    edit_url = edit_link(edit_url, src_path, data, docs_dir)
    new_meta = safe_meta(meta)
    title = None if "title" in meta else safe_title(markdown)
    if title:
        new_meta["title"] = title
    changed = last_changed(src_path, docs_dir, root)
    update_date = None
    if changed is not None:
        new_meta["revision_date"] = f"最后更新：{chinese_date(beijing_time(changed))}"
        update_date = beijing_time(changed).strftime("%Y-%m-%d")
    return PageFacts(edit_url, update_date, new_meta)
