"""`make check` / `make fix`: every content and data problem at once, in Chinese, without building the HTML.

    python -m macros.checks          report every problem (exit status 1 if there is any)
    python -m macros.checks --format github   also GitHub annotations and job summary (ci_formats.py)
    python -m macros.checks --format gitlab   also GitLab's code-quality report (gl-code-quality-report.json)
    python -m macros.checks --fix    first resave other encodings as UTF-8 and apply the safe typography fixes, then
                                     report what is left

The pages made from the data (render/generated_pages.py) are written first, as the build writes them, so that the
pages checked are the pages built; they are never committed and `make fix` has nothing to do for them.

The data files are loaded and cross-checked by the same `load_content()` the build uses; this module adds the
checks that need the pages (macros, links, navigation, unused files, markup) and the typography of the text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..content import Content, load_content
from ..core.errors import ContentError, Problem, Problems, format_problems, relative_name
from ..core.paths import DATA_DIR, DOCS_DIR, GLOSSARY_DIR, READING_LISTS_DIR
from ..registry import macro_table
from ..render.generated_pages import leftover_problems, write_pages
from ..render.page_facts import page_data_files
from ..sources.site_config import SiteConfig, load_site_config, public_address
from ..sources.symlinks import check_symlinks
from ..sources.textfiles import resave_as_utf8
from .ci_formats import (
    CHECK_TITLE,
    escape_data,
    escape_property,
    render_github_annotations,
    render_github_quoted,
    render_github_summary,
    render_gitlab_report,
)
from .data_markup import check_data_markup
from .macro_calls import MacroRegistry
from .pages import check_pages
from .typography import check_typography

#: Where `--format gitlab` writes the code-quality report (the name GitLab's examples use).
GITLAB_REPORT = "gl-code-quality-report.json"
#: Where the typography rules apply. data/ is not here: the work report is reproduced verbatim.
TYPOGRAPHY_FILES = ((DOCS_DIR, "**/*.md"), (GLOSSARY_DIR, "*.yaml"), (READING_LISTS_DIR, "*.yaml"))
#: Where `make fix` turns files saved as GB18030, UTF-16 or with repeated BOMs into UTF-8 (every text staff edit).
ENCODING_FILES = (
    *TYPOGRAPHY_FILES,
    (DATA_DIR, "*.csv"),
    (DATA_DIR, "reading-records/*.csv"),
    (DATA_DIR, "*.yaml"),
    (DATA_DIR, "*.md"),
)


@dataclass
class CheckResult:
    problems: list[Problem]
    fixed: list[Path] = field(default_factory=list)
    content: Content | None = None
    pages_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def typography_files() -> list[Path]:
    return sorted(p for folder, pattern in TYPOGRAPHY_FILES if folder.exists() for p in folder.glob(pattern))


def collect_macros(site: SiteConfig, content: Content | None = None) -> MacroRegistry:
    """The macros pages may call (the table the glue registers), bound to the content, without MkDocs."""
    registry = MacroRegistry(site.raw)
    content = content or load_content()
    registry.macros.update(macro_table(content, site.raw.get("site_url"), lambda: registry.page.file.src_path))
    return registry


def run_check(fix: bool = False) -> CheckResult:
    """Run every check; with fix=True, first write the safe typography fixes."""
    problems = Problems()
    check_symlinks(problems)
    if problems:  # nothing else is read: the pages and data would be read through the links
        return CheckResult(problems.items)
    fixed = []
    if fix:
        encoded = sorted(p for folder, pattern in ENCODING_FILES if folder.exists() for p in folder.glob(pattern))
        fixed = [path for path in encoded if resave_as_utf8(path)]
        fixed += check_typography(typography_files(), Problems(), fix=True)
    content = None
    leftover = []
    try:
        content = load_content()
    except ContentError as error:
        problems.items += error.problems
    if content is not None:
        write_pages(content)  # as the build does before the engine lists the pages (gitignored, never committed)
        leftover = leftover_problems(content)
        problems.items += leftover
    site = load_site_config()
    try:
        public_address(site.raw.get("site_url"), "")  # define_env needs it too: report it here, as a problem
    except ContentError as error:
        problems.items += error.problems
        content = None
    # While a hand-written page stands where generated ones belong, macros are not checked (one cause, one message).
    registry = collect_macros(site, content) if content is not None and not leftover else None
    check_pages(site, registry, page_data_files, problems)
    check_data_markup(problems)
    check_typography(typography_files(), problems)
    unique = sorted(set(problems.items), key=lambda p: (p.file, p.line or 0, p.message))
    return CheckResult(unique, fixed, content, registry is not None)


def summary(result: CheckResult) -> str:
    content = result.content
    if content is None:
        return ""
    reading = content.reading
    records = f"、{len(reading.members)} 名委员的 {len(reading.records)} 条读书记录"
    return (
        f"{len(content.glossary)} 个词条、{len(content.reading_lists)} 个书单（{len(content.books)} 种书）、"
        f"{len(content.policies)} 份政策文件{records}"
    )


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m macros.checks", description="检查全部内容和数据，一次列出所有问题。"
    )
    parser.add_argument("--fix", action="store_true", help="先生成页面和导航、改正排版，再检查（make fix）")
    parser.add_argument(
        "--format",
        choices=("text", "github", "gitlab"),
        default="text",
        help="text：终端里的问题清单；github：另写 GitHub 的行内标注和任务摘要；gitlab：另写 GitLab 的代码质量报告",
    )
    parser.add_argument(
        "--report", default=GITLAB_REPORT, help=f"--format gitlab 的报告文件（默认 {GITLAB_REPORT}）", metavar="文件"
    )
    return parser.parse_args(argv)


def report_text(result: CheckResult, fix: bool) -> str:
    """What `make check` prints: the numbered list of problems, or that everything passed."""
    if not result.problems:
        return f"检查通过：{summary(result)}，全部页面、链接和排版都没有发现问题。"
    text = format_problems(result.problems, "检查没有通过" if not fix else "自动改正后仍需手工修改")
    if not result.pages_checked:
        text += "\n\n（数据文件有错时，页面里的宏和链接暂不检查；改正上面的问题后请再运行 make check。）"
    return text


def write_github(problems: list[Problem], text: str) -> None:
    """The log (never read as workflow commands), one annotation per problem, and the job summary when GitHub asks."""
    print(render_github_quoted(text))
    if problems:
        print(render_github_annotations(problems))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as stream:
            stream.write(render_github_summary(problems, text))


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        result = run_check(fix=arguments.fix)
    except Exception as error:
        crash = f"检查程序自身出错（不是您的内容有问题）：{type(error).__name__}: {error}\n请把这段提示发给技术同事。"
        if arguments.format == "github":
            print(f"::error title={escape_property(CHECK_TITLE)}::{escape_data(crash)}")
        print(crash, file=sys.stderr)
        if os.environ.get("PORTAL_DEBUG"):
            traceback.print_exc()
        return 2
    for path in result.fixed:
        print(f"已自动改正：{relative_name(path)}")
    text = report_text(result, arguments.fix)
    if arguments.format == "gitlab":
        report = json.dumps(render_gitlab_report(result.problems), ensure_ascii=False, indent=1)
        Path(arguments.report).write_text(report + "\n", encoding="utf-8")
    if arguments.format == "github":
        write_github(result.problems, text)
    else:
        print(text, file=sys.stderr if result.problems else sys.stdout)
    return 1 if result.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
