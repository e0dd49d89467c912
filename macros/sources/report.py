"""The work report: the verbatim source text, split into the pages of /report/."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import Problems
from ..core.paths import REPORT_SOURCE
from .textfiles import read_text

HEADING_RE = re.compile(r"^(#{1,6}) +(.+?)\s*$")

#: The report's pages: id, and the level-3 headings of the source that the page holds, in order.
REPORT_PAGES: dict[str, tuple[str, ...]] = {
    "review-2020": ("2020年工作回顾", "★突出三项重点工作 实现三个“新”", "★六个“更加” 彰显政协工作新成效"),
    "plan-2021": ("2021年工作安排",),
    "strive": ("努力奋斗全面建设 社会主义现代化南阳",),
    "notes": ("名词解释",),
}
BYLINE = "文字/徐蕾"


@dataclass(frozen=True)
class Section:
    heading: str
    body: str  # Markdown lines under the heading, headings below level 3 kept


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: dict[str, Section]  # by level-3 heading
    byline: str

    def page_sections(self, page_id: str) -> list[Section]:
        return [self.sections[h] for h in REPORT_PAGES[page_id]]

    def page_text(self, page_id: str) -> str:
        """All text of a page, headings included, as plain lines (used to check glossary locations)."""
        return "\n".join(s.heading + "\n" + s.body for s in self.page_sections(page_id))


def parse_report(text: str) -> tuple[str, str, dict[str, Section], str]:
    title = subtitle = ""
    sections: dict[str, Section] = {}
    current: str | None = None
    body: list[str] = []
    byline = ""

    def close() -> None:
        if current is not None:
            sections[current] = Section(current, "\n".join(body).strip("\n"))

    for line in text.split("\n"):
        match = HEADING_RE.match(line)
        level = len(match.group(1)) if match else 0
        if level == 1:
            title = match.group(2)
        elif level == 2:
            subtitle = match.group(2)
        elif level == 3:
            close()
            current, body = match.group(2), []
        elif line.strip().startswith(BYLINE):
            byline = line.strip()
        elif current is not None:
            body.append(line)
    close()
    return title, subtitle, sections, byline


def load_report(problems: Problems) -> Report | None:
    """Read data/work-report-2020.md and check that it still has every section the pages show."""
    text = read_text(REPORT_SOURCE, problems)
    if text is None:
        return None
    title, subtitle, sections, byline = parse_report(text)
    for page_id, headings in REPORT_PAGES.items():
        for heading in headings:
            if heading not in sections:
                problems.add(
                    REPORT_SOURCE,
                    None,
                    f"找不到小标题「### {heading}」（报告页面 {page_id} 需要它）。"
                    "报告原文不应改动；如确需调整，请同时修改 macros/sources/report.py 中的 REPORT_PAGES",
                )
    if not byline:
        problems.add(REPORT_SOURCE, None, f"找不到署名行「{BYLINE}」，报告原文不应改动")
    if problems:
        return None
    return Report(title, subtitle, sections, byline)


def render_report_page_markdown(report: Report, page_id: str) -> str:
    """The page's Markdown: the first heading becomes the page title, deeper headings move up one level."""
    out: list[str] = []
    sections = report.page_sections(page_id)
    shift = 2 if len(sections) == 1 else 1  # a lone section's subheadings become the page's h2
    for i, section in enumerate(sections):
        out.append(("# " if i == 0 else "## ") + section.heading)
        out.append("")
        for line in section.body.split("\n"):
            match = HEADING_RE.match(line)
            if match and len(match.group(1)) >= 4:
                line = "#" * (len(match.group(1)) - shift) + " " + match.group(2)
            out.append(line)
        out.append("")
    return "\n".join(out)
