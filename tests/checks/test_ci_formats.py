"""macros/checks/ci_formats.py and `python -m macros.checks --format github|gitlab` on a broken copy of the project."""

from __future__ import annotations

import json
import re

from checks.test_run import run_check_command

from macros.checks.ci_formats import (
    escape_data,
    escape_property,
    render_github_annotations,
    render_github_quoted,
    render_github_summary,
    render_gitlab_report,
)
from macros.core.errors import Problem

#: Test texts (not real content): a problem on a line, one about the whole file, one in a Chinese path with the
#: characters GitHub's workflow commands escape, and a line break followed by a forged command.
PROBLEMS = [
    Problem("data/members.csv", 12, "未知委员编号 M9999（members.csv 中没有）", "member_id"),
    Problem("docs/policies/new.md", None, "这个页面没有列在 mkdocs.yml 的 nav（网站导航）里"),
    Problem("docs/测试 文件,a:b%.md", 3, "测试文字：100% 完成\r\n::error file=x::伪造的标注 | `代码` <b>粗</b>"),
]


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow-command line read back as GitHub's runner reads it (ActionCommand.TryParseV2)."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    command, _, properties = line[2:end].partition(" ")
    unescape = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}

    def decode(text: str, codes: str) -> str:
        return re.sub(codes, lambda m: unescape[m.group(0)], text)

    props = {}
    for pair in filter(None, properties.split(",")):
        key, _, value = pair.partition("=")
        props[key] = decode(value, "%0D|%0A|%3A|%2C|%25")
    return command, props, decode(line[end + 2 :], "%0D|%0A|%25")


def test_escaping_follows_githubs_toolkit():
    assert escape_data("100%\r\n::x") == "100%25%0D%0A::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_each_problem_is_one_annotation_that_reads_back_as_the_sentence_of_make_check():
    lines = render_github_annotations(PROBLEMS).split("\n")
    assert len(lines) == len(PROBLEMS)  # the line break in a message did not start a second command
    for line, problem in zip(lines, PROBLEMS):
        command, props, message = parse_workflow_command(line)
        assert command == "error"
        assert props["file"] == problem.file and props["title"] == "内容检查"
        assert props.get("line") == (None if problem.line is None else str(problem.line))
        assert message == str(problem)
    assert "line" not in parse_workflow_command(lines[1])[1]  # a problem about the whole file: no line


def test_the_log_is_quoted_so_staff_text_cannot_issue_commands():
    quoted = render_github_quoted("第一行\n::error::伪造\n::add-mask::x").split("\n")
    token = quoted[0].removeprefix("::stop-commands::")
    assert len(token) >= 32 and quoted[-1] == f"::{token}::"
    assert quoted[1:-1] == ["第一行", "::error::伪造", "::add-mask::x"]
    assert render_github_quoted("x") != render_github_quoted("x")  # a new token each time: staff cannot guess it


def test_the_job_summary_lists_every_problem_in_chinese_as_text():
    summary = render_github_summary(PROBLEMS)
    assert summary.startswith("## 内容检查没有通过：发现 3 处问题")
    rows = [line for line in summary.split("\n") if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 3
    assert "data/members.csv | 12 | 「member\\_id」未知委员编号 M9999" in rows[0]
    assert rows[1].startswith("| 2 | docs/policies/new.md |  | ")
    assert rows[2].count(" | ") == 3 and "\\|" in rows[2]  # the message's own pipe does not make a column
    assert "<b>" not in summary and "&lt;b&gt;" in summary and "\\`代码\\`" in summary
    assert render_github_summary([], "检查通过：一切正常。") == "## 内容检查通过\n\n检查通过：一切正常。\n"


def test_the_gitlab_report_has_the_fields_a_merge_request_shows():
    report = json.loads(json.dumps(render_gitlab_report(PROBLEMS), ensure_ascii=False))
    assert [issue["location"] for issue in report] == [
        {"path": "data/members.csv", "lines": {"begin": 12}},
        {"path": "docs/policies/new.md", "lines": {"begin": 1}},  # the whole file: shown on its first line
        {"path": "docs/测试 文件,a:b%.md", "lines": {"begin": 3}},
    ]
    assert [issue["description"] for issue in report] == [str(p) for p in PROBLEMS]
    assert {issue["check_name"] for issue in report} == {"make-check"}
    assert {issue["severity"] for issue in report} == {"major"}
    fingerprints = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints)) == 3 and fingerprints == [i["fingerprint"] for i in render_gitlab_report(PROBLEMS)]


BROKEN_PAGE = "# 学习笔记\n\n见[坏链接](nope.md)。\n\n::error file=mkdocs.yml::这是测试文字，不是真的标注\n"


def test_github_format_on_a_broken_project(project_copy, tmp_path):
    (project_copy / "docs/学习笔记.md").write_text(BROKEN_PAGE, encoding="utf-8")
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("（前一步的摘要）\n", encoding="utf-8")
    result = run_check_command(project_copy, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary_file)})
    assert result.returncode == 1, result.stderr
    lines = result.stdout.split("\n")
    token = lines[0].removeprefix("::stop-commands::")
    resumed = lines.index(f"::{token}::")
    log, annotations = lines[1:resumed], [line for line in lines[resumed + 1 :] if line]
    listed = [line.split(". ", 1)[1] for line in log if re.match(r"  \d+\. ", line)]
    assert "::error file=mkdocs.yml::这是测试文字，不是真的标注" not in annotations  # only inside the quoted log
    parsed = [parse_workflow_command(line) for line in annotations]
    assert [message for _, _, message in parsed] == listed  # the same sentences as make check, in the same order
    ours = [props for _, props, _ in parsed if props["file"] == "docs/学习笔记.md"]
    assert any("line" in props for props in ours) and any("line" not in props for props in ours)
    summary = summary_file.read_text(encoding="utf-8")
    assert summary.startswith("（前一步的摘要）\n## 内容检查没有通过")  # appended, as GitHub's steps do
    assert summary.count("| docs/学习笔记.md |") == len(ours)


def test_gitlab_format_on_a_broken_project_and_on_the_real_one(project_copy, tmp_path):
    (project_copy / "docs/学习笔记.md").write_text(BROKEN_PAGE, encoding="utf-8")
    report_file = tmp_path / "gl-code-quality-report.json"
    result = run_check_command(project_copy, "--format", "gitlab", "--report", str(report_file))
    assert result.returncode == 1
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [issue["description"] for issue in report] == [
        line.split(". ", 1)[1] for line in result.stderr.split("\n") if re.match(r"  \d+\. ", line)
    ]
    assert {"docs/学习笔记.md"} <= {issue["location"]["path"] for issue in report}
    for issue in report:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    (project_copy / "docs/学习笔记.md").unlink()
    passed = run_check_command(project_copy, "--format", "gitlab", "--report", str(report_file))
    assert passed.returncode == 0 and passed.stdout.startswith("检查通过：")
    assert json.loads(report_file.read_text(encoding="utf-8")) == []  # an empty report clears the widget
