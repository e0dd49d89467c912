"""docs/contribute/index.md walks staff through each task; a browser is all they need, and the messages it quotes are
real.

Two copies of the project. In one, each of the seven tasks is done as a staff member does it in the Git host's web
editor: files added, edited or uploaded, nothing run afterwards (no `make fix`, no terminal); the check passes and the
built site shows every addition. In the other, each task is done with the usual slip (a field left out, a value not
in the committee's lists); every message the guide quotes must be what `python -m macros.checks` prints there, word
for word.
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
    _upload(project, "2022.csv", "2022-03-01,W0001,xiangtu-zhongguo,,40,读书会,0,,\n")
    _upload(project, "2023.csv", "2022-12-30,W0002,xiangtu-zhongguo,,40,自学,0,,\n")  # named for the wrong year
    shutil.copy(FIXTURE, project / "data" / "reports" / "2021.md")
    _replace(project / "data" / "reports" / "2021.md", "    from: 二、测试用的安排", "    from: 二、测试用安排")


def _upload(project: Path, name: str, rows: str) -> None:
    """A year of records uploaded as exported: its own file in data/reading-records/, with the header."""
    folder = project / "data" / "reading-records"
    folder.mkdir(exist_ok=True)
    header = (project / "data" / "reading_records.csv").read_text(encoding="utf-8-sig").split("\n", 1)[0]
    (folder / name).write_text(f"{header}\n{rows}", encoding="utf-8")


NEW_POLICY_TITLE = "测试用政策文件（非正式文件）"


def tasks(project: Path) -> None:
    """The seven tasks as the guide tells web editors to do them: files only, nothing run afterwards."""
    shutil.copy(FIXTURE, project / "data" / "reports" / "2021.md")  # 增加一篇工作报告
    policy = project / "docs" / "policies" / "ce-shi-wen-jian.md"  # 增加一份政策文件
    shutil.copy(project / "docs" / "policies" / "three-activities-opinion.md", policy)
    text = policy.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: {NEW_POLICY_TITLE}", text, count=1)
    text = re.sub(r"(?m)^# .*$", f"# {NEW_POLICY_TITLE}", text, count=1)
    policy.write_text(text, encoding="utf-8")
    (project / "reading_lists" / "xin-shudan.yaml").write_text(NEW_LIST, encoding="utf-8")  # 增加一个书单
    _replace(  # 向书单增加一本书
        project / "reading_lists" / "development.yaml",
        "books:\n",
        "books:\n  - id: ce-shi-shu\n    title: 测试用书名\n    author: 测试用作者\n    publisher: 测试用出版社\n"
        "    year: 2020\n    why: 测试用的推荐理由。\n",
    )
    shutil.copy(project / "glossary" / "xiaojiangtang.yaml", project / "glossary" / "ce-shi-citiao.yaml")  # 名词解释
    entry = project / "glossary" / "ce-shi-citiao.yaml"
    text = entry.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^term: .*$", "term: 测试用词条", text)
    text = re.sub(r"(?m)^related: .*$", "related: []", text)
    text = re.sub(r"(?m)^report_locations: .*$", "report_locations: []", text)
    entry.write_text(text, encoding="utf-8")
    _upload(project, "2022.csv", "2022-03-01,W0001,xiangtu-zhongguo,,40,自学,0,,\n")  # 增加一年的读书数据
    _replace(project / "data" / "committee.yaml", "  - 市直\n", "  - 市直\n  - 测试用新区\n")  # 基本情况


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    from scripts.project_copy import copy_project

    project = copy_project(tmp_path_factory.mktemp("contribute") / "slips")
    slips(project)
    result = subprocess.run(
        [sys.executable, "-m", "macros.checks"], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return {"slips": result.stderr}


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess, Path]:
    """A copy of the project (as a fresh clone has it) with the seven tasks done; the check, the build, the site."""
    from scripts.build_site import build_site
    from scripts.project_copy import copy_project

    root = tmp_path_factory.mktemp("tasks")
    project = copy_project(root / "project")
    tasks(project)
    built = build_site(project, root / "site")  # first: the build alone writes the pages made from the data
    check = subprocess.run(
        [sys.executable, "-m", "macros.checks"], cwd=project, capture_output=True, text=True, timeout=300
    )
    return check, built, root / "site"


def test_every_task_done_in_the_web_editor_passes_the_check_and_builds(done):
    check, built, _ = done
    assert check.returncode == 0, check.stdout + check.stderr
    assert built.returncode == 0, built.stdout + built.stderr


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("report/2021/index.html", "测试用报告（非正式文件）"),  # the report's home, its pages and its handout
        ("report/2021/plan/index.html", "二、测试用的安排"),
        ("print/report/2021/index.html", "测试用报告（非正式文件）"),
        ("policies/ce-shi-wen-jian/index.html", NEW_POLICY_TITLE),
        ("reading-lists/xin-shudan/index.html", "一本新书"),  # the list's page and handout
        ("print/reading-lists/xin-shudan/index.html", "一本新书"),
        ("reading-lists/development/index.html", "测试用书名"),
        ("glossary/index.html", "测试用词条"),
        ("stats/2022/index.html", "2022年读书统计"),
        ("contribute/index.html", "测试用新区"),  # the columns' allowed values come from data/committee.yaml
    ],
)
def test_every_task_shows_in_the_built_site(done, address, shown):
    _, built, site = done
    assert built.returncode == 0, built.stderr
    assert shown in (site / address).read_text(encoding="utf-8"), address


def test_the_new_pages_are_in_the_navigation(done):
    _, built, site = done
    assert built.returncode == 0, built.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    for address in ("report/2021/", "policies/ce-shi-wen-jian/", "reading-lists/xin-shudan/", "stats/2022/"):
        assert f'href="{address}"' in home, address


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
    assert len(quoted) >= 8
    said = "\n".join(outputs.values())
    missing = [m for m in quoted if m not in said]
    assert not missing, "the guide quotes messages the check does not print:\n" + "\n".join(missing)


TERMINAL = "有终端的同事"


def test_commands_are_only_in_parts_marked_for_colleagues_with_a_terminal():
    """Web editors are told nothing they cannot do in a browser: every `make …` is in a section or an aside
    labelled 有终端的同事, or in a sentence that says it is for them."""
    section, aside, unmarked = "", False, []
    for number, line in enumerate(GUIDE.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("## "):
            section, aside = line, False
        elif line.startswith("!!! "):
            aside = TERMINAL in line
        elif line and not line.startswith(" "):
            aside = False
        if re.search(r"\bmake [a-z]", line) and not (TERMINAL in section or aside or TERMINAL in line):
            unmarked.append(f"{number}: {line}")
    assert not unmarked, "\n".join(unmarked)
