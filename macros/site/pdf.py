"""The handouts as PDF files: `make pdf` prints the built site's /print/ pages with headless Chromium.

Run as `python -m macros.site.pdf SITE_DIR`; writes SITE_DIR/pdf/<handout>.pdf. Uses Debian's chromium
(or $CHROMIUM) through Playwright's Python package; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote

from ..content import load_content
from ..core.browser import CHROMIUM, CHROMIUM_ARGS
from ..core.errors import ContentError
from ..render.printing import Handout, list_handouts
from ..sources.git_history import source_date_epoch
from ..sources.site_config import load_site_config, public_address

#: The page size and margins come from the site's print CSS (@page); backgrounds and a PDF outline are kept.
PDF_OPTIONS = {"prefer_css_page_size": True, "print_background": True, "outline": True, "tagged": True}
MAX_PASSES = 3  # numbering the contents must not move anything; if it does, number again

# Writes each contents entry's page number next to it (only in the PDF: a browser cannot know them).
_NUMBER_CONTENTS = """(pages) => {
  const toc = document.querySelector(".handout-toc");
  if (!toc) return 0;
  let numbered = 0;
  for (const link of toc.querySelectorAll("a[href^='#']")) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    let span = link.querySelector(".toc-page");
    if (!span) { span = document.createElement("span"); span.className = "toc-page"; link.append(span); }
    span.textContent = pages[id] ? String(pages[id]) : "";
    numbered += pages[id] ? 1 : 0;
  }
  toc.classList.add("handout-toc--numbered");
  return numbered;
}"""


def for_publishing(pdf: bytes, printed_root: str, public_root: str) -> bytes:
    """The PDF as the site publishes it. Chromium printed the built files, so its links lead to file:///…/site/;
    they are made to lead to the public site (site_url). Its time stamp, the moment of printing, becomes the
    sources' last change (git, else SOURCE_DATE_EPOCH): two builds of one commit give identical files."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if uri.startswith(printed_root):
                action.get_object()[NameObject("/URI")] = TextStringObject(public_root + uri[len(printed_root) :])
    epoch = source_date_epoch()
    if epoch is not None:
        stamp = datetime.fromtimestamp(epoch, timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
        writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


class PdfError(Exception):
    """Something `make pdf` cannot do, with a Chinese message saying what to do."""


def destination_pages(pdf: bytes) -> dict[str, int]:
    """The page (from 1) of every named destination in a PDF; Chromium names them after the HTML ids."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    return {
        unquote(str(name).lstrip("/")): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def print_page(page, url: str) -> bytes:
    """One page of the site printed to PDF as a reader's browser would print it; a handout's contents get page numbers."""
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    pdf = page.pdf(**PDF_OPTIONS)
    if not page.locator(".handout-toc").count():
        return pdf
    pages = destination_pages(pdf)
    for _ in range(MAX_PASSES):
        page.evaluate(_NUMBER_CONTENTS, pages)
        numbered = page.pdf(**PDF_OPTIONS)
        again = destination_pages(numbered)
        if again == pages:
            return numbered
        pages = again
    raise PdfError(f"{url}：目录加上页码后版面一直在变，请检查打印样式（docs/assets/stylesheets/print.css）")


@contextmanager
def open_browser(chromium: str = CHROMIUM):
    """Headless Chromium through Playwright, closed afterwards."""
    if not Path(chromium).exists():
        raise PdfError(
            f"缺少 chromium 浏览器（{chromium}），生成 PDF 需要它。"
            "Debian/Ubuntu: sudo apt-get install chromium；已装在别处: make pdf CHROMIUM=/path/to/chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def render_handouts(
    site_dir: Path, handouts: list[Handout], browser=None, chromium: str = CHROMIUM
) -> list[tuple[Path, int]]:
    """Every handout page of a built site as SITE/pdf/<id>.pdf; returns each file with its number of pages."""
    public_root = public_address(load_site_config(nav=False).raw.get("site_url"), "")
    missing = [h.url for h in handouts if not (site_dir / h.url / "index.html").exists()]
    if missing:
        raise PdfError(f"{site_dir} 里没有讲义页面 {'、'.join(missing)}：请先生成网站（make build）")
    if browser is None:
        with open_browser(chromium) as own:
            return render_handouts(site_dir, handouts, own)
    written = []
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        for handout in handouts:
            pdf = print_page(page, (site_dir / handout.url / "index.html").resolve().as_uri())
            target = site_dir / handout.pdf
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(for_publishing(pdf, site_dir.resolve().as_uri() + "/", public_root))
            written.append((target, page_count(pdf)))
    finally:
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.site.pdf", description="把讲义页面打印成 PDF（site/pdf/）")
    parser.add_argument("site", type=Path, help="生成好的网站目录，例如 site")
    args = parser.parse_args(argv)
    try:
        written = render_handouts(args.site, list_handouts(load_content()))
    except (ContentError, PdfError) as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 1
    print(f"已生成 {len(written)} 份 PDF 讲义：")
    for path, pages in written:
        print(f"  {path}（{pages} 页）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
