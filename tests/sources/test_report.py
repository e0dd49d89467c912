"""macros/sources/report.py: reports are a folder of verbatim texts, each with front matter saying how it divides."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import PROJECT_ROOT

from macros.core.errors import Problems
from macros.sources.report import load_reports

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reports"
#: sha256 of data/work-report-2020.md as committed before it became data/reports/2020.md (commit 6cbcbfe): the
#: body below the front matter must stay byte for byte the text that was reproduced then.
ORIGINAL_SHA256 = "ec28abe400f750bdd314bf8bbb89865e195192651bf15c43aecedecd263ce37a"


def test_the_report_body_is_the_committed_text_byte_for_byte():
    raw = (PROJECT_ROOT / "data" / "reports" / "2020.md").read_bytes()
    assert raw.startswith(b"---\n")
    body = raw.split(b"\n---\n", 1)[1]  # everything below the front matter, untouched
    assert hashlib.sha256(body).hexdigest() == ORIGINAL_SHA256
    report = load_reports(Problems())["2020"]
    assert hashlib.sha256(report.body.encode("utf-8")).hexdigest() == ORIGINAL_SHA256


def test_the_2020_report_divides_at_its_own_headings():
    problems = Problems()
    report = load_reports(problems)["2020"]
    assert not problems
    assert report.meta.kind == "解读" and report.meta.year == 2020 and report.byline == "文字/徐蕾"
    assert report.meta.issuer == "政协第六届南阳市委员会常务委员会"
    assert {pid: page.title for pid, page in report.pages.items()} == {
        "review-2020": "2020年工作回顾",
        "plan-2021": "2021年工作安排",
        "strive": "努力奋斗全面建设 社会主义现代化南阳",
        "notes": "名词解释",
    }
    assert [s.heading for s in report.pages["review-2020"].sections][1:] == [
        "★突出三项重点工作 实现三个“新”",
        "★六个“更加” 彰显政协工作新成效",
    ]
    text = "\n".join(report.page_text(pid) for pid in report.pages)
    assert "文字/徐蕾" not in text  # the byline is shown in the source note, not inside a page


def test_a_second_report_is_one_more_file_and_comes_first(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(PROJECT_ROOT / "data" / "reports", folder)
    shutil.copy(FIXTURES / "2021.md", folder / "2021.md")
    problems = Problems()
    reports = load_reports(problems, folder)
    assert not problems.items
    assert list(reports) == ["2021", "2020"]  # newest first
    test_report = reports["2021"]
    assert "测试用文本，非正式文件" in test_report.meta.source  # the fixture says what it is
    assert test_report.byline == "" and list(test_report.pages) == ["review", "plan"]
    assert test_report.pages["review"].title == "一、测试用的回顾"
    assert "#### 测试用的小标题" in test_report.pages["review"].sections[0].body


def test_a_file_that_is_not_a_report_is_named(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "Report 2022.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    problems = Problems()
    assert load_reports(problems, tmp_path) == {}
    messages = [str(p) for p in problems.items]
    assert any("notes.txt" in m and "只放报告原文" in m for m in messages)
    assert any("Report 2022.md" in m and "文件名只能用小写字母" in m for m in messages)
