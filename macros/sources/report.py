"""Work reports: data/reports/<id>.md, each a verbatim text with front matter saying what it is and how it divides
into the pages of /report/<id>/ (by its own level-3 headings)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problems
from ..core.paths import REPORTS_DIR
from ..core.text import HEADING_RE
from ..structure.site_map import REPORT
from .schemas import SLUG_RE, ReportMeta, validate_model
from .textfiles import parse_front_matter, read_text


@dataclass(frozen=True)
class Section:
    heading: str
    body: str  # Markdown lines under the heading, headings below level 3 kept


@dataclass(frozen=True)
class ReportPage:
    id: str
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return self.sections[0].heading

    def text(self) -> str:
        """All text of the page, headings included, as plain lines (used to check glossary locations)."""
        return "\n".join(s.heading + "\n" + s.body for s in self.sections)


@dataclass(frozen=True)
class Report:
    id: str  # the file name: data/reports/<id>.md, shown at /report/<id>/
    meta: ReportMeta
    title: str
    subtitle: str
    pages: dict[str, ReportPage]
    file: Path
    body: str  # the verbatim text below the front matter

    @property
    def byline(self) -> str:
        return self.meta.byline or ""

    @property
    def index_page(self) -> str:
        """Its first page, under docs/ (the site map's address)."""
        return REPORT.page(id=self.id)

    def page_path(self, page_id: str) -> str:
        return REPORT.page(id=self.id, page=page_id)

    def page_sections(self, page_id: str) -> list[Section]:
        return list(self.pages[page_id].sections)

    def page_text(self, page_id: str) -> str:
        return self.pages[page_id].text()


def parse_report(text: str, byline: str | None) -> tuple[str, str, list[Section], bool]:
    """(title, subtitle, level-3 sections in order, whether the byline line was found)."""
    title = subtitle = ""
    sections: list[Section] = []
    current: str | None = None
    body: list[str] = []
    found_byline = False

    def close() -> None:
        if current is not None:
            sections.append(Section(current, "\n".join(body).strip("\n")))

    for line in text.split("\n"):
        match = HEADING_RE.match(line)
        level = len(match.group(1)) if match else 0
        if level == 1 and not title:
            title = match.group(2)
        elif level == 2 and current is None:
            subtitle = match.group(2)
        elif level == 3:
            close()
            current, body = match.group(2), []
        elif byline and line.strip() == byline:
            found_byline = True
        elif current is not None:
            body.append(line)
    close()
    return title, subtitle, sections, found_byline


def load_report(path: Path, problems: Problems) -> Report | None:
    """One report file: front matter validated, its pages cut at the headings it names."""
    text = read_text(path, problems)
    if text is None:
        return None
    if not SLUG_RE.match(path.stem):
        problems.add(path, None, "报告的文件名只能用小写字母、数字和连字符，例如 2021.md 或 2021-jiedu.md；请改名")
        return None
    missing = (
        "报告文件开头缺少说明（front matter）：第一行写 ---，然后写 title、kind、issuer、year、date、source、"
        "pages，再写一行 ---。请照抄 data/reports/ 里其他报告文件的开头"
    )
    parsed = parse_front_matter(text, path, problems, missing)
    if parsed is None:
        return None
    body = parsed[2]
    meta = validate_model(ReportMeta, parsed[0], path, parsed[1], problems)
    if meta is None:
        return None
    lines = parsed[1]
    title, subtitle, sections, found_byline = parse_report(body, meta.byline)
    before = len(problems)
    if title and title != meta.title:
        problems.add(
            path, lines.line_for(("title",)), f"title「{meta.title}」与正文的大标题「# {title}」不一致，请改成一样的"
        )
    if meta.byline and not found_byline:
        problems.add(
            path,
            lines.line_for(("byline",)),
            f"正文里找不到署名行「{meta.byline}」：byline 要与正文里单独一行的署名一字不差；没有署名就删掉 byline",
        )
    headings = [s.heading for s in sections]
    starts: list[int] = []
    for index, page in enumerate(meta.pages):
        if page.start not in headings:
            shown = "、".join(f"「{h}」" for h in headings) or "（正文里没有 ### 开头的小标题）"
            problems.add(
                path,
                lines.line_for(("pages", index, "from")),
                f"正文里没有小标题「### {page.start}」。from 要与正文里的三级小标题一字不差，现有的是：{shown}",
            )
        else:
            starts.append(headings.index(page.start))
    ids = [p.id for p in meta.pages]
    for index, page_id in enumerate(ids):
        if ids.index(page_id) != index:
            problems.add(path, lines.line_for(("pages", index, "id")), f"页面编号「{page_id}」重复了，每页用不同的编号")
        if page_id == "index":
            problems.add(path, lines.line_for(("pages", index, "id")), "页面编号不能叫 index（那是报告的目录页）")
    if len(problems) == before:
        if starts != sorted(starts):
            problems.add(path, lines.line_for(("pages",)), "pages 要按小标题在正文里出现的先后顺序排列")
        elif starts[0] != 0:
            problems.add(
                path,
                lines.line_for(("pages", 0, "from")),
                f"第一页要从正文的第一个小标题「### {headings[0]}」开始，否则它前面的正文不会出现在网站上",
            )
    if len(problems) != before:
        return None
    bounds = [*starts, len(sections)]
    pages = {
        page.id: ReportPage(page.id, tuple(sections[bounds[i] : bounds[i + 1]])) for i, page in enumerate(meta.pages)
    }
    return Report(path.stem, meta, title or meta.title, subtitle, pages, path, body)


def load_reports(problems: Problems, folder: Path = REPORTS_DIR) -> dict[str, Report]:
    """Every data/reports/*.md, newest first (by the year reviewed, then the date, a report before its 解读)."""
    reports: dict[str, Report] = {}
    if not folder.is_dir():
        problems.add(folder, None, "缺少报告文件夹 data/reports/：工作报告的原文放在这里，每篇一个 .md 文件")
        return reports
    for path in sorted(folder.glob("*")):
        if path.name == "README.md" or path.is_dir():
            continue
        if path.suffix != ".md":
            problems.add(path, None, "data/reports/ 里只放报告原文（.md 文件），请把这个文件移走")
            continue
        report = load_report(path, problems)
        if report is not None:
            reports[report.id] = report
    order = sorted(reports.values(), key=lambda r: (-r.meta.year, _negated(r.meta.date), r.meta.kind != "报告", r.id))
    return {r.id: r for r in order}


def _negated(day: str | None) -> tuple:
    """Sort key putting later dates first and unknown dates last."""
    return (1,) if day is None else (0, tuple(-int(p) for p in day.split("-")))
