"""The offline copy: a built site as one ZIP that works opened from disk (a USB stick, a phone's file manager).

A page opened through file:// has no web server to turn a folder address (glossary/) into its index.html:
the browser shows a file listing instead. This step copies the built site into a ZIP and, in every HTML page,
points each link to a folder of the site at that folder's index.html (glossary/#x → glossary/index.html#x).
Nothing else changes: search already loads its index from file:// as scripts (search/search_index.js and
search_texts.js; assets/javascripts/search/), the 字号 and palette are kept in localStorage, which file:// pages
share in Chromium.

Run over a built site: `python -m macros.site.offline site shuxiang-zhengxie-offline.zip` (make offline).
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import sys
import time
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .admin import is_editor_file

#: The folder the ZIP unpacks into (ASCII: Windows' built-in unzip reads non-ASCII names in the local code page).
FOLDER = "shuxiang-zhengxie"
#: What a member reads first, next to the folder.
README_NAME = "README.txt"
README_TEXT = (
    "书香政协 · 离线版\r\n\r\n"
    "1. 先把这个压缩包全部解压（Windows：右键 → 全部解压缩；苹果电脑：双击；手机：文件管理中点“解压”）。\r\n"
    f"2. 打开解压出来的 {FOLDER} 文件夹，双击（手机上点按）index.html，用浏览器打开。\r\n"
    "3. 不用联网：所有页面、搜索、字号和打印都能用。内容是生成这份压缩包那天的网站内容。\r\n"
)
#: Attributes that hold a link a reader follows or a file the page loads.
LINK_ATTRIBUTES = ("href", "src")
_ATTRIBUTE = re.compile(r"""(?P<name>\s(?:href|src))\s*=\s*(?P<quote>["'])(?P<value>.*?)(?P=quote)""", re.I | re.S)


@dataclass(frozen=True)
class OfflineCopy:
    """What was written: the ZIP, how many files and pages it holds, how many links now name index.html."""

    path: Path
    files: int
    pages: int
    links_rewritten: int


def site_target(link: str, page: str) -> str | None:
    """The path in the site a relative link of `page` points to ("" for the home folder); None for other links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "/")) or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    return None if target.startswith("..") else ("" if target == "." else target)


def folder_link(link: str, page: str, folders: set[str]) -> str | None:
    """The link with index.html added when it points to a folder of the site, else None.

    `page` is the page's path in the site ("glossary/index.html"), `folders` every folder that has an
    index.html ("", "glossary", "stats/2021"). Links to other hosts, anchors and files are left alone."""
    target = site_target(link, page)
    if target is None or target not in folders:
        return None
    parts = urlsplit(link)
    path = parts.path
    new_path = path if path.endswith("/") else path + "/"
    return urlunsplit(("", "", new_path + "index.html", parts.query, parts.fragment))


class _LinkRewriter(HTMLParser):
    """Finds the start tags of a page and rewrites their href and src attributes (the rest is kept byte for byte)."""

    def __init__(self, text: str, page: str, folders: set[str], files: set[str]):
        super().__init__(convert_charrefs=False)
        self.text, self.page, self.folders, self.files = text, page, folders, files
        self.missing: set[str] = set()
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.edits: list[tuple[int, int, str]] = []
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if not any(name in LINK_ATTRIBUTES for name, _ in attrs):
            return
        line, column = self.getpos()
        start = self.lines[line - 1] + column
        raw = self.get_starttag_text()
        new = _ATTRIBUTE.sub(self._rewrite, raw)
        if new != raw:
            self.edits.append((start, start + len(raw), new))

    handle_startendtag = handle_starttag

    def _rewrite(self, match: re.Match) -> str:
        value = match["value"].replace("&amp;", "&")
        link = folder_link(value, self.page, self.folders)
        if link is None:
            target = site_target(value, self.page)
            if target is not None and self.files and target not in self.files and target not in self.folders:
                self.missing.add(target)
            return match.group(0)
        self.count += 1
        return f"{match['name']}={match['quote']}{link.replace('&', '&amp;')}{match['quote']}"

    def rewritten(self) -> tuple[str, int]:
        self.feed(self.text)
        self.close()
        out, last = [], 0
        for start, end, new in self.edits:
            out += [self.text[last:start], new]
            last = end
        out.append(self.text[last:])
        return "".join(out), self.count


def rewrite_page(html: str, page: str, folders: set[str], files: set[str] = frozenset()) -> tuple[str, int, set[str]]:
    """A page's HTML with every link to a folder of the site naming its index.html; how many links changed;
    and the files of the site (when `files` is given) it links to that are not there."""
    rewriter = _LinkRewriter(html, page, folders, files)
    text, count = rewriter.rewritten()
    return text, count, rewriter.missing


class MissingFiles(Exception):
    """Pages link to files the built site does not hold (e.g. the PDF handouts of `make build`)."""


def _zip_time() -> tuple[int, int, int, int, int, int]:
    """The files' date: SOURCE_DATE_EPOCH when set (reproducible builds, see the Makefile), else now."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    return time.gmtime(max(epoch, 315532800))[:6]  # ZIP dates start in 1980


def is_redirect(html: str) -> bool:
    """An old address that only leads on to a new one (overrides/redirect.html): nothing to read, left out."""
    return '<meta http-equiv="refresh"' in html


def write_offline_copy(site: Path, out: Path) -> OfflineCopy:
    """The built site `site` as one ZIP at `out`: FOLDER/… with folder links rewritten, and a README."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site} 里没有 index.html：请先生成网站（make build），再制作离线版")
    # the editor (/admin/) saves through the Git host: no use without a network, and 1.5 MB (gzip) members never need
    files = sorted(p for p in site.rglob("*") if p.is_file() and not is_editor_file(p.relative_to(site).as_posix()))
    names = {p.relative_to(site).as_posix() for p in files}
    missing: dict[str, str] = {}
    folders = {p.parent.relative_to(site).as_posix() for p in files if p.name == "index.html"}
    folders = {"" if f == "." else f for f in folders}
    stamp = _zip_time()
    out.parent.mkdir(parents=True, exist_ok=True)
    pages = rewritten = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(zipfile.ZipInfo(README_NAME, stamp), README_TEXT.encode("utf-8-sig"))
        for path in files:
            rel = path.relative_to(site).as_posix()
            data = path.read_bytes()
            if path.suffix == ".html":
                if is_redirect(data.decode("utf-8")):
                    continue  # old addresses matter for bookmarks and links from outside, which a copy has not
                html, count, absent = rewrite_page(data.decode("utf-8"), rel, folders, names)
                missing.update({target: rel for target in absent})
                data, pages, rewritten = html.encode("utf-8"), pages + 1, rewritten + count
            info = zipfile.ZipInfo(f"{FOLDER}/{rel}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    if missing:
        out.unlink()
        listed = "\n".join(f"  {target}（{page} 链接到它）" for target, page in sorted(missing.items()))
        raise MissingFiles(
            f"网站里缺少页面链接到的文件，离线版会打不开它们：\n{listed}\n请先完整生成网站（make build 会生成PDF讲义），再制作离线版。"
        )
    return OfflineCopy(out, len(files), pages, rewritten)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m macros.site.offline", description="把生成好的网站打包成离线版ZIP（U盘、手机里直接打开）"
    )
    parser.add_argument("site", type=Path, help="生成好的网站目录，例如 site")
    parser.add_argument("out", type=Path, help="要写出的ZIP文件，例如 shuxiang-zhengxie-offline.zip")
    args = parser.parse_args(argv)
    try:
        copy = write_offline_copy(args.site, args.out)
    except (FileNotFoundError, MissingFiles) as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 1
    size = copy.path.stat().st_size / 1024 / 1024
    print(
        f"已生成离线版 {copy.path}（{size:.1f} MB，{copy.pages} 个页面，{copy.links_rewritten} 处链接改为 index.html）"
    )
    print(f"解压后打开 {FOLDER}/index.html 即可阅读，不用联网。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
