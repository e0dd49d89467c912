"""docs/contribute/index.md walks staff through each task; the `make check` messages it quotes are real.

Two copies of the project: in one, each task is done with the usual slip (a field left out, a value not in the
committee's lists); in the other, each collection gains an item and `make fix` has not run yet. Every message the
guide quotes must be what `python -m macros.checks` prints there, word for word.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

GUIDE = PROJECT_ROOT / "docs" / "contribute" / "index.md"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "reports" / "2021.md"
NEW_LIST = """title: 新书单
year: 2021
audience: 全体委员
intro: 简介。
books:
  - id: xin-shu
    title: 一本新书
    author: 某作者
    publisher: 某出版社
    year: 2020
    why: 推荐理由。
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def slips(project: Path) -> None:
    """Each task done with a typical slip."""
    shutil.copy(project / "glossary" / "xiaojiangtang.yaml", project / "glossary" / "xin-citiao.yaml")
    _replace(project / "glossary" / "xin-citiao.yaml", "term: ", "term: 新词条\n#")  # copied, term renamed
    text = (project / "glossary" / "xin-citiao.yaml").read_text(encoding="utf-8")
    (project / "glossary" / "xin-citiao.yaml").write_text(re.sub(r"(?m)^category: .*\n", "", text), encoding="utf-8")
    _replace(project / "reading_lists" / "development.yaml", "    why:", "    reason:")
    _replace(project / "docs" / "policies" / "three-activities-opinion.md", "status: 待核实\n", "")
    _append(project / "data" / "members.csv", "W3001,民盟,提案委员会,高新区,委员,2021\n")
    _append(project / "data" / "reading_records.csv", "2021-12-30,W0001,xiangtu-zhongguo,,40,读书会,0,,\n")
    shutil.copy(FIXTURE, project / "data" / "reports" / "2021.md")
    _replace(project / "data" / "reports" / "2021.md", "    from: 二、测试用的安排", "    from: 二、测试用安排")


def additions(project: Path) -> None:
    """Each collection gains an item; make fix has not run yet."""
    shutil.copy(FIXTURE, project / "data" / "reports" / "2021.md")
    (project / "reading_lists" / "xin-shudan.yaml").write_text(NEW_LIST, encoding="utf-8")
    _append(project / "data" / "reading_records.csv", "2022-03-01,W0001,xiangtu-zhongguo,,40,自学,0,,\n")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    from scripts.project_copy import copy_project

    root = tmp_path_factory.mktemp("contribute")
    found = {}
    for name, change in (("slips", slips), ("additions", additions)):
        project = copy_project(root / name)
        change(project)
        result = subprocess.run(
            [sys.executable, "-m", "macros.checks"], cwd=project, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        found[name] = result.stderr
    return found


def quoted_messages() -> list[str]:
    """The problem lines the task section of the guide quotes in its ```text blocks ("  1. file 第 N 行：…")."""
    text = GUIDE.read_text(encoding="utf-8")
    text = text[text.index("## 常见任务") :]
    text = text[: text.index("\n## ")]
    blocks = re.findall(r"```text\n(.*?)```", text, re.S)
    return [m.group(1) for b in blocks for m in re.finditer(r"(?m)^\s*\d+\. (.+)$", b)]


def test_the_guide_has_a_section_for_every_task():
    text = GUIDE.read_text(encoding="utf-8")
    for heading in (
        "增加一篇工作报告",
        "增加一份政策文件",
        "增加一个书单",
        "向书单增加一本书",
        "增加一个名词解释",
        "增加一年的读书数据",
        "修改委员会的基本情况",
    ):
        assert re.search(rf"(?m)^### {heading}", text), heading


def test_every_message_the_guide_quotes_is_what_the_check_says(outputs):
    quoted = quoted_messages()
    assert len(quoted) >= 10
    said = "\n".join(outputs.values())
    missing = [m for m in quoted if m not in said]
    assert not missing, "the guide quotes messages the check does not print:\n" + "\n".join(missing)
