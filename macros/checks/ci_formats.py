"""The check's problems where a pull request shows them: GitHub annotations and job summary, GitLab's code-quality report.

The sentences are the ones `make check` prints (`str(Problem)`); only the wrapping changes. The workflow-command
escaping is GitHub's own (actions/toolkit `command.ts`: `%`, CR and LF in the message; also `:` and `,` in a
property), two one-line replacements for which no maintained Python package is worth a dependency.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from ..core.errors import Problem

#: The annotation's title and the report's check name (the tool that found the problem).
CHECK_TITLE = "内容检查"
CHECK_NAME = "make-check"
#: GitHub shows at most 10 error annotations of a step on the changed lines; the job summary lists them all.
GITHUB_ANNOTATION_LIMIT = 10


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (a newline cannot start a command)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property (file, title), escaped as GitHub's toolkit does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github_annotations(problems: Iterable[Problem]) -> str:
    """One `::error` workflow command per problem: file, line (when known), the Chinese sentence of `make check`."""
    lines = []
    for problem in problems:
        properties = [f"file={escape_property(problem.file)}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
        properties.append(f"title={escape_property(CHECK_TITLE)}")
        lines.append(f"::error {','.join(properties)}::{escape_data(str(problem))}")
    return "\n".join(lines)


def render_github_quoted(text: str) -> str:
    """Log text between `::stop-commands::` markers: a line of staff text is never read as a workflow command."""
    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text}\n::{token}::"


def _markdown_cell(text: str) -> str:
    """Text inside a Markdown table cell: its own pipes, markup and line breaks stay text."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for mark in "\\|`*_[]#":
        escaped = escaped.replace(mark, "\\" + mark)
    return escaped.replace("\r", " ").replace("\n", " ")


def _what(problem: Problem) -> str:
    """The sentence of `make check` without the file and line (the table has columns for them)."""
    return f"「{problem.column}」{problem.message}" if problem.column else problem.message


def render_github_summary(problems: list[Problem], passed_text: str = "") -> str:
    """The job summary in Chinese (Markdown): every problem in a table, or that the check passed."""
    if not problems:
        return f"## 内容检查通过\n\n{passed_text}\n"
    rows = [
        f"| {i} | {_markdown_cell(p.file)} | {'' if p.line is None else p.line} | {_markdown_cell(_what(p))} |"
        for i, p in enumerate(problems, 1)
    ]
    shown = min(len(problems), GITHUB_ANNOTATION_LIMIT)
    return "\n".join(
        [
            f"## 内容检查没有通过：发现 {len(problems)} 处问题",
            "",
            "请逐条修改后再提交。问题所在的行在“Files changed”（文件改动）里直接标出"
            f"（GitHub 最多标出 {shown} 处；下表列出全部）。",
            "",
            "| # | 文件 | 行 | 问题和改法 |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
            "修改方法见网站的 /contribute/ 页面（贡献指南）；看不懂的提示可以原样发给技术同事。",
            "",
        ]
    )


def render_gitlab_report(problems: Iterable[Problem]) -> list[dict]:
    """GitLab's code-quality report (a subset of CodeClimate's issue format): one issue per problem."""
    issues = []
    for problem in problems:
        identity = "\0".join((problem.file, str(problem.line or ""), problem.column or "", problem.message))
        issues.append(
            {
                "description": str(problem),
                "check_name": CHECK_NAME,
                "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
                "severity": "major",
                # GitLab needs a line: a problem with the whole file is shown on its first line.
                "location": {"path": problem.file, "lines": {"begin": problem.line or 1}},
            }
        )
    return issues
