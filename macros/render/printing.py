"""Printing: every page's public address and QR code, and the handouts at /print/ made from the same data."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import segno
from markupsafe import Markup

from ..core.errors import ContentError, Problem
from ..core.paths import relative
from ..core.text import chinese_date, scan_fences, shift_headings
from ..sources.git_history import BEIJING, source_date_epoch
from ..sources.site_config import is_placeholder, public_address
from ..structure.site_map import GLOSSARY, READING_LIST, REPORT, locate, page_url
from .pages import glossary_groups, render_report_page_markdown, render_template, report_label

if TYPE_CHECKING:
    from ..content import Content, Printed

PDF_DIR = "pdf"  # where `make pdf` writes the handouts as PDF files, in the site
MARGIN_TITLE_MAX = 36  # characters of the page title shown in the page margin
NOTE_LINES = 4  # ruled lines for notes under each book of a reading-list handout


# --- addresses ---------------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # the same few addresses on every build of a preview session
def qr_svg(address: str) -> Markup:
    """A QR code of the address as inline SVG (sized by CSS), made at build time without any outside service."""
    code = segno.make(address, error="m", micro=False)
    return Markup(
        code.svg_inline(
            scale=1, border=2, omitsize=True, svgclass="print-qr", lineclass=None, title=f"二维码：{address}"
        )
    )


def css_string(text: str) -> str:
    """A quoted CSS string that is safe inside a <style> element: quotes, backslashes and <>& are hex-escaped."""

    def escape(ch: str) -> str:
        if ch in "\"'\\<>&" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            return f"\\{ord(ch):x} "
        return ch

    return '"' + "".join(escape(ch) for ch in text) + '"'


def markdown_title(markdown: str) -> str | None:
    """The text of a page's first level-1 heading in its (rendered) Markdown, without markup and anchors."""
    for line, kind in scan_fences(markdown.split("\n")):
        if kind is None and re.match(r"^# +\S", line):
            text = re.sub(r"\s*\{\s*[:#.][^}]*\}\s*$", "", line[1:]).strip().rstrip("#").strip()
            text = re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))
            return text or None
    return None


def shorten(text: str, limit: int = MARGIN_TITLE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_date() -> date:
    """The date printed on handouts: the sources' last change (git, else SOURCE_DATE_EPOCH), else today."""
    epoch = source_date_epoch()
    return date.today() if epoch is None else datetime.fromtimestamp(epoch, BEIJING).date()


# --- handouts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handout:
    """A whole section as one printable page at /print/…, and as pdf/<id>.pdf after `make pdf`."""

    id: str
    section: str  # the section it prints, as the site names it
    title: str
    page: str  # the handout page, under docs/
    online: str  # the page a reader should go to online, under docs/

    @property
    def url(self) -> str:
        return page_url(self.page)

    @property
    def pdf(self) -> str:
        """The PDF file, relative to the site root."""
        return f"{PDF_DIR}/{self.id}.pdf"


def list_handouts(content: Content | Printed) -> list[Handout]:
    """Every handout the site offers: each work report (newest first), the glossary, then each reading list."""
    handouts = [
        Handout(f"report-{r.id}", report_label(r), r.title, REPORT.handout_page(r.id), r.index_page)
        for r in content.reports.values()
    ]
    handouts.append(Handout("glossary", GLOSSARY.title, GLOSSARY.title, GLOSSARY.handout_page(""), GLOSSARY.page()))
    handouts += [
        Handout(
            f"reading-list-{lst.id}", READING_LIST.title, lst.data.title, READING_LIST.handout_page(lst.id), lst.page
        )
        for lst in content.reading_lists.values()
    ]
    return handouts


def handout_for_page(handouts: list[Handout], page_path: str) -> Handout | None:
    """The handout that prints the section a page belongs to (or the handout that is this page): the site map's."""
    wanted = locate(page_path).handout
    return next((h for h in handouts if h.page == wanted), None) if wanted else None


# --- per page: what the theme shows only in print ----------------------------------------------


@dataclass(frozen=True)
class PagePrint:
    """What a printed page carries besides its content; the theme reads it from page.meta.printing."""

    address: str | None  # None while site_url is a placeholder: no address or QR code to nowhere
    qr: Markup | None
    margin_title: str  # a CSS string for the @page margin box
    own_site: str  # a CSS string: links starting with it are internal even if absolute
    handout_url: str | None  # site-relative URL of the section's handout, if any
    is_handout: bool
    pdf_url: str | None  # site-relative URL of this handout's PDF (made by `make pdf`)


def page_print_info(
    content: Content, site_url: str | None, site_name: str, page_path: str, url: str, markdown: str
) -> PagePrint:
    """The address, QR code, margin title and handout link of one page."""
    address = None if is_placeholder(site_url) else public_address(site_url, url)
    handout = handout_for_page(list_handouts(content), page_path)
    return PagePrint(
        address=address,
        qr=qr_svg(address) if address else None,
        margin_title=css_string(shorten(markdown_title(markdown) or site_name)),
        own_site=css_string(public_address(site_url, "")),
        handout_url=handout.url if handout else None,
        is_handout=handout is not None and handout.page == page_path,
        pdf_url=handout.pdf if handout is not None and handout.page == page_path else None,
    )


# --- rendering the handouts --------------------------------------------------------------------


def _cover(
    handout: Handout, content: Content, site_url: str | None, subtitle: str, toc: list[dict], toc_columns: int = 1
) -> str:
    address = None if is_placeholder(site_url) else public_address(site_url, page_url(handout.online))
    return render_template(
        "handout-cover.md.j2",
        handout=handout,
        subtitle=subtitle,
        toc=toc,
        toc_columns=toc_columns,
        address=address,
        qr=qr_svg(address) if address else None,
        date=chinese_date(build_date()),
        organisation=content.committee.name,
    )


def _report_handout(handout: Handout, content: Content, site_url: str | None, report_id: str) -> str:
    report = content.reports[report_id]
    parts, toc = [], []
    for page_id in report.pages:
        markdown, outline = shift_headings(render_report_page_markdown(report, page_id), 1, anchor=page_id)
        parts.append(markdown)
        toc += [item for item in outline if item["level"] <= 3]
    body = "\n\n".join(parts)
    subtitle = "　".join(t for t in (report.subtitle, report.byline or report.meta.issuer) if t)
    cover = _cover(handout, content, site_url, subtitle, toc)
    return render_template("handout.md.j2", cover=Markup(cover), body=Markup(body), kind="report")


def _glossary_handout(handout: Handout, content: Content, site_url: str | None) -> str:
    groups = glossary_groups(content, handout.page)
    toc = [{"level": 2, "title": t["entry"].term, "anchor": t["id"]} for g in groups for t in g["terms"]]
    body = render_template("glossary.md.j2", groups=groups, count=len(content.glossary), handout=True)
    subtitle = f"常委会工作报告中的名词 · 共{len(content.glossary)}条 · 按汉语拼音排序"
    cover = _cover(handout, content, site_url, subtitle, toc, toc_columns=3)
    return render_template("handout.md.j2", cover=Markup(cover), body=Markup(body), kind="glossary")


def _reading_list_handout(handout: Handout, content: Content, site_url: str | None, list_id: str) -> str:
    lst = content.reading_lists[list_id].data
    toc = [{"level": 2, "title": f"《{book.title}》", "anchor": book.id} for book in lst.books]
    body = render_template(
        "reading-list.md.j2",
        id=list_id,
        list=lst,
        handout=True,
        note_lines=NOTE_LINES,
        readers=content.stats.readers_by_book,
        sample=content.stats.sample,
    )
    subtitle = f"{lst.year}年 · 适用对象：{lst.audience} · 共{len(lst.books)}种"
    cover = _cover(handout, content, site_url, subtitle, toc)
    return render_template("handout.md.j2", cover=Markup(cover), body=Markup(body), kind="reading-list")


def render_handout(content: Content, site_url: str | None, page_path: str) -> str:
    """The handout that this page (under docs/print/) is: cover with QR code and contents, then the section."""
    handout = next((h for h in list_handouts(content) if h.page == page_path), None)
    if handout is None:
        known = "、".join(h.page for h in list_handouts(content))
        raise ContentError(
            [
                Problem(
                    f"docs/{page_path}",
                    None,
                    f"print_handout() 只能用在打印讲义页面里（{known}）；报告和书单的讲义页面由网站自动生成，请删掉这一行宏",
                )
            ]
        )
    if handout.id.startswith("report-"):
        return _report_handout(handout, content, site_url, handout.id.removeprefix("report-"))
    if handout.id == "glossary":
        return _glossary_handout(handout, content, site_url)
    return _reading_list_handout(handout, content, site_url, handout.id.removeprefix("reading-list-"))


def render_handout_index(content: Content, page_path: str) -> str:
    """The table of handouts on the 打印资料 page, with links to the printable pages and their PDFs."""
    here = page_url(page_path) or "."
    rows = [
        {"handout": h, "link": relative(page_path, h.page), "pdf": posixpath.relpath(h.pdf, here)}
        for h in list_handouts(content)
    ]
    return render_template("handout-index.md.j2", rows=rows)
