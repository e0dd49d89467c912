"""Every text file staff edit, saved as Notepad or WPS on Chinese Windows save it (GB18030, UTF-16), gets the encoding
message with its name from `make check`, never 「检查程序自身出错」: one reader (sources/textfiles.py) for all of them.
Also a page where the build writes generated pages, saved that way: a built copy is rewritten, a hand-written one is
named."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: Staff files of every kind the check reads (a page, a policy page, a glossary entry, a reading list, a work report,
#: the members table; data/committee.yaml alone: while it has a mistake the data that depends on it is not read).
STAFF_FILES = (
    "docs/reading-lists/index.md",
    "docs/policies/three-activities-opinion.md",
    "glossary/weixieshang.yaml",
    "reading_lists/development.yaml",
    "data/reports/2020.md",
    "data/members.csv",
)
ENCODINGS = {"gb18030": "GBK/GB18030", "utf-16": "UTF-16"}


@pytest.fixture(scope="module", params=list(ENCODINGS))
def encoding(request) -> str:
    return request.param


def _check(project) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros.checks"], cwd=project, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def checked(encoding, tmp_path_factory):
    """A project copy with every staff file saved in one encoding, and the check's output."""
    from scripts.project_copy import copy_project

    project = copy_project(tmp_path_factory.mktemp(encoding) / "project")
    for name in STAFF_FILES:
        path = project / name
        path.write_bytes(path.read_text(encoding="utf-8-sig").encode(encoding))
    return _check(project)


@pytest.fixture(scope="module")
def built_pages(encoding, tmp_path_factory):
    """A project copy with a page the build wrote saved again in one encoding, and a page typed in that encoding
    where the build writes the lists' pages; the copy and the check's output."""
    from scripts.project_copy import copy_project

    project = copy_project(tmp_path_factory.mktemp(encoding) / "project")
    subprocess.run([sys.executable, "-m", "macros.render"], cwd=project, check=True, capture_output=True)
    built = project / "docs/reading-lists/development.md"  # as the build wrote it, then saved again by Notepad
    built.write_bytes(built.read_text(encoding="utf-8").encode(encoding))
    stray = project / "docs/reading-lists/xin-shudan.md"
    stray.write_bytes("---\ntitle: 新书单\n---\n\n# 新书单\n\n手写的页面。\n".encode(encoding))
    return project, _check(project)


def test_each_file_in_another_encoding_is_named_with_the_encoding_message(encoding, checked):
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1, output
    assert "检查程序自身出错" not in output and "Traceback" not in output, output
    assert "nav（网站导航）" not in output, output  # no follow-on message about the pages made from the data
    for name in STAFF_FILES:
        assert any(
            line.strip().split(". ", 1)[-1].startswith(name) and f"文件的编码是 {ENCODINGS[encoding]}" in line
            for line in output.splitlines()
        ), (name, output)


def test_a_built_page_saved_again_is_rewritten_and_a_stray_page_is_named(built_pages):
    project, result = built_pages
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "docs/reading-lists/development.md" not in output, output
    assert (
        project.joinpath("docs/reading-lists/development.md").read_bytes().decode("utf-8").startswith("---\n# 由网站")
    )
    assert "docs/reading-lists/xin-shudan.md：这个文件夹里的页面由网站根据数据自动生成" in output, output
