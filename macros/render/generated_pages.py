"""Pages that only hold a macro call because a collection needs one, and their navigation entries: made from the
content by `make fix`, proven fresh by `make check` and by the build (STYLE.md §9). A new report, reading list or
year of reading data is then one file; nobody copies a page or edits mkdocs.yml by hand.

Only files that say they are generated (the first comment of their front matter) are ever rewritten or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import Problem, relative_name
from ..core.paths import DOCS_DIR, MKDOCS_YML
from ..structure.site_map import READING_LIST, REPORT, STATS_YEAR, generated_patterns, is_generated_place
from .pages import render_template, report_label
from .printing import list_handouts

if TYPE_CHECKING:
    from ..content import Content

MARK = "# 由 make fix "  # the first line of a generated page's front matter starts with it
#: The generated parts of mkdocs.yml's nav sit between these comment lines (name: reports, reading-lists, stats).
NAV_BEGIN_RE = re.compile(r"^(?P<indent>\s*)# 以下由 make fix 生成：(?P<name>[a-z-]+)")
NAV_END_RE = re.compile(r"^\s*# 以上由 make fix 生成")
PLAIN_TITLE_RE = re.compile(r"^[^:#'\"\[\]{},&*!|>%@`\s][^:#]*$")


@dataclass(frozen=True)
class Change:
    """One file that is not as `make fix` would write it."""

    path: Path
    text: str | None  # what it should hold; None: it should not exist
    message: str


def expected_pages(content: Content) -> dict[str, str]:
    """Every generated page under docs/ and its text."""
    pages: dict[str, str] = {}
    for report in content.reports.values():
        pages[report.index_page] = render_template("generated/report-home.md.j2", report=report)
        for page_id in report.pages:
            pages[report.page_path(page_id)] = render_template(
                "generated/report-page.md.j2", report=report, page_id=page_id
            )
    for handout in list_handouts(content):
        if is_generated_place(handout.page):
            pages[handout.page] = render_template("generated/handout.md.j2")
    for list_id, lst in content.reading_lists.items():
        pages[lst.page] = render_template("generated/reading-list.md.j2", list_id=list_id)
    for year in content.stats.years:
        pages[STATS_YEAR.page(id=year.year)] = render_template(
            "generated/stats-year.md.j2", year=year.year, organisation=content.committee.name
        )
    return pages


def _entry(title: str | None, page: str) -> str:
    if title is None:
        return f"- {page}"
    shown = title if PLAIN_TITLE_RE.match(title) else '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"- {shown}: {page}"


def expected_nav(content: Content) -> dict[str, list[str]]:
    """The generated nav entries by part, as lines without indentation."""
    reports: list[str] = []
    for report in content.reports.values():
        reports.append(f"- {report_label(report)}:")
        reports.append("    " + _entry(None, report.index_page))
        reports += ["    " + _entry(None, report.page_path(p)) for p in report.pages]
    return {
        REPORT.nav: reports,
        READING_LIST.nav: [_entry(None, lst.page) for lst in content.reading_lists.values()],
        STATS_YEAR.nav: [_entry(f"{y.year}年", STATS_YEAR.page(id=y.year)) for y in content.stats.years],
    }


def is_generated(path: Path) -> bool:
    try:
        lines = path.read_text(encoding="utf-8").split("\n", 2)
    except (OSError, UnicodeDecodeError):
        return False
    return len(lines) > 1 and lines[0] == "---" and lines[1].startswith(MARK)


def page_changes(content: Content, docs_dir: Path = DOCS_DIR) -> list[Change]:
    expected = expected_pages(content)
    changes = []
    for src, text in expected.items():
        path = docs_dir / src
        if not path.exists():
            changes.append(Change(path, text, "缺少这个页面"))
        elif path.read_text(encoding="utf-8") != text:
            if is_generated(path):
                changes.append(Change(path, text, "这个页面不是最新的（内容由 make fix 生成，不要手工修改）"))
            else:
                changes.append(Change(path, text, "这个页面应由 make fix 生成，现在是手写的；运行 make fix 会覆盖它"))
    seen: set[Path] = set()
    for pattern in generated_patterns():  # where the site map says generated pages stand
        for path in sorted(docs_dir.glob(pattern)):
            src = path.relative_to(docs_dir).as_posix()
            if src in expected or path.name == "index.md" or path in seen:
                continue
            seen.add(path)
            if is_generated(path):
                changes.append(Change(path, None, "这个页面已经没有对应的数据（报告、书单或读书记录），是多余的"))
            else:
                changes.append(Change(path, path.read_text(encoding="utf-8"), LEFTOVER))
    return changes


#: A hand-written page where only generated ones belong (make fix leaves it alone: it is staff's).
LEFTOVER = (
    "这个文件夹里的页面由 make fix 根据数据生成，这一页没有对应的数据（data/reports/ 里的报告、reading_lists/ 里的书单"
    "或某一年的读书记录）。请先补上数据再运行 make fix，或者删掉这个文件"
)


def nav_text(content: Content, text: str) -> str:
    """mkdocs.yml with the generated parts of its nav as they should be."""
    wanted = expected_nav(content)
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        out.append(lines[i])
        begin = NAV_BEGIN_RE.match(lines[i])
        i += 1
        if begin and begin.group("name") in wanted:
            while i < len(lines) and not NAV_END_RE.match(lines[i]):
                i += 1
            out += [begin.group("indent") + line for line in wanted[begin.group("name")]]
    return "\n".join(out)


def nav_changes(content: Content, mkdocs_yml: Path = MKDOCS_YML) -> list[Change]:
    text = mkdocs_yml.read_text(encoding="utf-8")
    found = {m.group("name") for line in text.split("\n") if (m := NAV_BEGIN_RE.match(line))}
    missing = sorted(set(expected_nav(content)) - found)
    if missing:
        return [
            Change(
                mkdocs_yml,
                None,
                "nav 里缺少 make fix 维护的部分（"
                + "、".join(f"“# 以下由 make fix 生成：{m}”" for m in missing)
                + "到“# 以上由 make fix 生成”两行注释），请从仓库里恢复这几行注释",
            )
        ]
    wanted = nav_text(content, text)
    return [] if wanted == text else [Change(mkdocs_yml, wanted, "nav（网站导航）不是最新的")]


def generated_changes(content: Content, docs_dir: Path = DOCS_DIR, mkdocs_yml: Path = MKDOCS_YML) -> list[Change]:
    """Every generated file that is missing, stale or left over."""
    return page_changes(content, docs_dir) + nav_changes(content, mkdocs_yml)


def change_problems(changes: list[Change]) -> list[Problem]:
    """The changes as problems for `make check` and the build: each says to run make fix."""
    problems = []
    for change in changes:
        fix = "请运行 make fix（会自动" + ("删掉它" if change.text is None else "写好它") + "），再运行 make check"
        if (change.text is None and change.path.name == "mkdocs.yml") or change.message == LEFTOVER:
            fix = ""
        problems.append(Problem(relative_name(change.path), None, change.message + ("。" + fix if fix else "")))
    return problems


def write_changes(changes: list[Change]) -> list[Path]:
    """Apply the changes (`make fix`); returns the files written or removed."""
    done = []
    for change in changes:
        if change.message == LEFTOVER:
            continue
        if change.text is None:
            if change.path.name != "mkdocs.yml":
                change.path.unlink()
                done.append(change.path)
            continue
        change.path.parent.mkdir(parents=True, exist_ok=True)
        change.path.write_text(change.text, encoding="utf-8")
        done.append(change.path)
    return done
