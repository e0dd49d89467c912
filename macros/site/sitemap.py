"""The sitemap without the old addresses: pages that only lead on to a new one (overrides/redirect.html) are not
pages a search engine should list. MkDocs and Zensical write every page they built into sitemap.xml; this step
takes the redirect pages out again, leaving every other byte as the engine wrote it."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from .offline import is_redirect

_URL = re.compile(r"[ \t]*<url>\s*<loc>([^<]*)</loc>.*?</url>\n?", re.S)


def page_file(site_dir: Path, site_url: str, loc: str) -> Path | None:
    """The built file of a sitemap address (https://…/report/notes/ → site/report/notes/index.html), or None."""
    if not site_url or not loc.startswith(site_url):
        return None
    path = loc[len(site_url) :]
    return site_dir / (path + "index.html" if path == "" or path.endswith("/") else path)


def _head(page: Path) -> str:
    """A built page's HTML up to the end of its head, where a redirect's refresh stands (not the whole page)."""
    read = b""
    with page.open("rb") as built:
        while b"</head>" not in read:
            chunk = built.read(16384)
            if not chunk:
                break
            read += chunk
    return read.decode("utf-8", errors="replace")


def prune_sitemap(site_dir: Path, site_url: str | None) -> list[str]:
    """Take the redirect pages out of sitemap.xml (and its .gz); returns the addresses taken out."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file() or not site_url:
        return []
    text = sitemap.read_text(encoding="utf-8")
    removed: list[str] = []

    def keep_page(match: re.Match) -> str:
        page = page_file(site_dir, site_url, match.group(1).strip())
        if page is not None and page.is_file() and is_redirect(_head(page)):
            removed.append(match.group(1).strip())
            return ""
        return match.group(0)

    pruned = _URL.sub(keep_page, text)
    if removed:
        sitemap.write_text(pruned, encoding="utf-8")
        packed = site_dir / "sitemap.xml.gz"
        if packed.is_file():  # reproducible: the date in its header stays the one the engine wrote (from git)
            mtime = int.from_bytes(packed.read_bytes()[4:8], "little")
            packed.write_bytes(gzip.compress(pruned.encode("utf-8"), mtime=mtime))
    return removed
