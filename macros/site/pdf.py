"""The handouts as PDF files: `make pdf` prints the built site's /print/ pages with headless Chromium.

Run as `python -m macros.site.pdf SITE_DIR`; writes SITE_DIR/pdf/<handout>.pdf. Uses Debian's chromium
(or $CHROMIUM) through Playwright's Python package; nothing is downloaded. One browser per processor prints
(at most PRINTERS), the longest handouts first; a handout is printed twice (its contents then numbered), and its
links and date are set in Chromium's file as it is (pypdf reads every object of a file that is laid out otherwise).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from queue import Empty, Queue
from urllib.parse import unquote

from ..content import load_printed
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
    sources' last change (git, else SOURCE_DATE_EPOCH): two builds of one commit give identical files.

    Chromium writes a plain PDF (one cross-reference table, every dictionary uncompressed): the links and the
    stamp are replaced in the dictionaries that hold them and the table is written again (`republished_in_place`), in
    milliseconds; any other file goes through pypdf, which reads and writes every object (a second or more for
    each handout)."""
    epoch = source_date_epoch()
    stamp = datetime.fromtimestamp(epoch, timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'") if epoch is not None else None
    fast = republished_in_place(pdf, printed_root, public_root, stamp)
    return fast if fast is not None else republished_by_pypdf(pdf, printed_root, public_root, stamp)


def republished_by_pypdf(pdf: bytes, printed_root: str, public_root: str, stamp: str | None) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if uri.startswith(printed_root):
                action.get_object()[NameObject("/URI")] = TextStringObject(public_root + uri[len(printed_root) :])
    if stamp is not None:
        writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


_XREF_AT = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_XREF_HEAD = re.compile(rb"xref\n0 (\d+)\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \n|\r\n| \r)")
_INFO = re.compile(rb"/Info (\d+) 0 R")
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9+\-Z']*\)")


def _literal(text: str) -> bytes | None:
    """A PDF literal string of an ASCII text, as Chromium writes one; None if it is not ASCII."""
    if not text.isascii():
        return None
    return b"(" + text.encode().replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def republished_in_place(pdf: bytes, printed_root: str, public_root: str, stamp: str | None) -> bytes | None:
    """for_publishing on the bytes of a PDF laid out as Chromium writes it (one cross-reference table, its objects
    in place); None for any other file, or when a link or stamp is not where it is expected."""
    printed, public = _literal(printed_root), _literal(public_root)
    end = _XREF_AT.search(pdf)
    if printed is None or public is None or end is None or b"/ObjStm" in pdf or b"/XRef" in pdf:
        return None
    table = int(end.group(1))
    head = _XREF_HEAD.match(pdf, table)
    if head is None:
        return None
    size, entries, at = int(head.group(1)), [], head.end()
    for _ in range(size):
        entry = _XREF_ENTRY.match(pdf, at)
        if entry is None:
            return None
        entries.append(entry)
        at = entry.end()
    trailer = pdf[at : end.start()]
    if not trailer.startswith(b"trailer") or b"/Prev" in trailer or pdf.count(b"\nxref\n") != 1:
        return None
    used = sorted((int(e.group(1)), number) for number, e in enumerate(entries) if e.group(3) == b"n")
    info = _INFO.search(trailer)
    info_number = int(info.group(1)) if info else None
    out, offsets, dated = bytearray(pdf[: used[0][0]] if used else pdf[:table]), {}, 0
    for index, (offset, number) in enumerate(used):
        chunk = pdf[offset : used[index + 1][0] if index + 1 < len(used) else table]
        if not chunk.startswith(b"%d %s obj" % (number, entries[number].group(2).lstrip(b"0") or b"0")):
            return None
        dictionary, stream, rest = chunk.partition(b"stream\n")  # never a stream's data
        dictionary = dictionary.replace(b"/URI " + printed, b"/URI " + public)
        if number == info_number and stamp is not None:
            dictionary, found = _DATE.subn(lambda m: b"/%s (%s)" % (m.group(1), stamp.encode()), dictionary)
            dated += found
        offsets[number] = len(out)
        out += dictionary + stream + rest
    if (stamp is not None and dated != 2) or b"/URI (file:" in out:
        return None  # not where Chromium puts them: pypdf reads the file as a whole
    xref = len(out)
    out += head.group(0)
    for number, entry in enumerate(entries):
        moved = b"%010d" % offsets[number] if number in offsets else entry.group(1)
        out += moved + entry.group(0)[10:]
    out += trailer + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


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

    return int(PdfReader(BytesIO(pdf)).trailer["/Root"]["/Pages"]["/Count"])  # not every page read


def print_page(page, url: str) -> bytes:
    """One page of the site printed to PDF as a reader's browser would print it; a handout's contents get page numbers."""
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    contents = page.locator(".handout-toc").count()
    if contents:  # the numbers' room (their leaders, an empty place each) before the first print: numbering it
        page.evaluate(_NUMBER_CONTENTS, {})  # then moves nothing, and a long contents is printed twice, not three times
    pdf = page.pdf(**PDF_OPTIONS)
    if not contents:
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
    site_dir: Path, handouts: list[Handout], browser=None, chromium: str = CHROMIUM, workers: int | None = None
) -> list[tuple[Path, int]]:
    """Every handout page of a built site as SITE/pdf/<id>.pdf; returns each file with its number of pages.

    Without a browser handed in, `workers` browsers (default: one per processor, at most PRINTERS) print them at
    the same time, the longest handouts first; each PDF is the same whichever prints it."""
    public_root = public_address(load_site_config(nav=False).raw.get("site_url"), "")
    missing = [h.url for h in handouts if not (site_dir / h.url / "index.html").exists()]
    if missing:
        raise PdfError(f"{site_dir} 里没有讲义页面 {'、'.join(missing)}：请先生成网站（make build）")
    jobs = Queue()
    for index, handout in sorted(enumerate(handouts), key=lambda job: -_html_size(site_dir, job[1])):
        jobs.put((index, handout))
    if browser is not None:
        return [found for _, found in sorted(_print_jobs(site_dir, jobs, public_root, browser))]
    workers = max(1, min(workers or os.cpu_count() or 1, PRINTERS, len(handouts)))

    def worker() -> list:
        with open_browser(chromium) as own:
            return _print_jobs(site_dir, jobs, public_root, own)

    with ThreadPoolExecutor(workers) as pool:  # Playwright: one instance per thread
        done = [pool.submit(worker) for _ in range(workers)]
        printed = [found for future in done for found in future.result()]
    return [found for _, found in sorted(printed)]


#: Browsers printing at the same time at most (each prints one handout at a time).
PRINTERS = 4


def _html_size(site_dir: Path, handout: Handout) -> int:
    return (site_dir / handout.url / "index.html").stat().st_size


def _print_jobs(site_dir: Path, jobs: Queue, public_root: str, browser) -> list[tuple[int, tuple[Path, int]]]:
    """Handouts from the queue printed in one browser until it is empty, each with its place in the list."""
    written = []
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        while True:
            try:
                index, handout = jobs.get_nowait()
            except Empty:
                return written
            pdf = print_page(page, (site_dir / handout.url / "index.html").resolve().as_uri())
            target = site_dir / handout.pdf
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(for_publishing(pdf, site_dir.resolve().as_uri() + "/", public_root))
            written.append((index, (target, page_count(pdf))))
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.site.pdf", description="把讲义页面打印成 PDF（site/pdf/）")
    parser.add_argument("site", type=Path, help="生成好的网站目录，例如 site")
    args = parser.parse_args(argv)
    try:
        written = render_handouts(args.site, list_handouts(load_printed()))
    except (ContentError, PdfError) as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 1
    print(f"已生成 {len(written)} 份 PDF 讲义：")
    for path, pages in written:
        print(f"  {path}（{pages} 页）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
