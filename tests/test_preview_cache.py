"""scripts/preview.py (the memory of pages): after each edit staff make, the preview renders only the pages that changed, and the
site it serves is the same, file for file, as a preview that renders every page afresh.

The preview runs in a project copy, in one Python process as `make serve` runs it (scripts.serve.PreviewBuilder);
after each edit a second builder with an empty memory builds the same project into another folder, and the two
folders are compared.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from fnmatch import fnmatch

import pytest

from macros.core.paths import PROJECT_ROOT
from macros.structure.site_map import locate
from scripts.preview import PATCHES, PreviewSession, source_digest
from scripts.project_copy import copy_project

#: (name, file, text to find, text to put instead): edits as staff make them, one after the other.
EDITS = [
    ("a word in a page", "docs/contribute/search.md", "# 站内搜索\n", "# 站内搜索\n\n试编辑词（测试用文字）\n"),
    ("a page's title", "docs/contribute/search.md", "# 站内搜索\n", "# 站内搜索说明\n"),
    (
        "a glossary definition",
        "glossary/weixieshang.yaml",
        "definition: |\n  ",
        "definition: |\n  试编辑词（测试用文字）",
    ),
    ("a glossary short definition", "glossary/weixieshang.yaml", "short: 依托", "short: （测试用文字）依托"),
    ("a glossary alias", "glossary/weixieshang.yaml", "aliases: []", "aliases: [小微协商活动]"),
    ("a reading record", "data/reading_records.csv", None, "2021-12-30,W0001,xiangtu-zhongguo,,47,自学,0,,\n"),
    ("a broken link", "docs/contribute/search.md", "# 站内搜索说明\n", "# 站内搜索说明\n\n[坏链接](no-such-page.md)\n"),
    ("an unrelated edit while the link is broken", "glossary/weixieshang.yaml", "试编辑词", "试改"),
    ("the link fixed", "docs/contribute/search.md", "[坏链接](no-such-page.md)\n", ""),
]

DRIVER = r"""
import filecmp, glob, json, os, sys, tempfile, threading
from pathlib import Path
from scripts.preview import PreviewBuilder, _digest

def files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())

def differing(a, b):
    names = sorted(set(files(a)) | set(files(b)))
    return [n for n in names if not (Path(a, n).is_file() and Path(b, n).is_file() and filecmp.cmp(Path(a, n), Path(b, n), shallow=False))]

url = "http://127.0.0.1:8000/"
preview = PreviewBuilder(None, tempfile.mkdtemp(), url)
preview()
edits = json.loads(sys.argv[1])
for name, file, old, new in edits:
    path = Path(file)
    text = path.read_text(encoding="utf-8")
    assert old is None or old in text, (name, old)
    path.write_text(text + new if old is None else text.replace(old, new, 1), encoding="utf-8")
    preview()
    fresh = PreviewBuilder(None, tempfile.mkdtemp(), url)
    fresh.pages.in_parts = False  # every page's Markdown whole, as the engine renders it
    fresh()
    shown = (Path(preview.site_dir) / "index.html").read_text(encoding="utf-8")
    depends = {p.relative_to("docs").as_posix(): preview.pages.dependencies(p.relative_to("docs").as_posix(), str(p), _digest(str(p)))
               for p in Path("docs").rglob("*.md")}  # as the preview's memory sees them
    print(json.dumps({"edit": name, "rendered": preview.pages.rendered, "in_parts": preview.pages.rendered_in_parts, "depends": depends, "differing": differing(preview.site_dir, fresh.site_dir),
                      "problems": "预览暂停" in shown}, ensure_ascii=False), flush=True)
for thread in threading.enumerate():  # the last builds' files, moved aside, are being deleted
    if thread is not threading.current_thread():
        thread.join()
print(json.dumps({"aside": glob.glob(preview.site_dir + "*") + glob.glob(fresh.site_dir + "*")}))
"""


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    root = copy_project(tmp_path_factory.mktemp("preview-cache") / "project", extra=("scripts",))
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(EDITS, ensure_ascii=False)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [f["edit"] for f in found[:-1]] == [name for name, *_ in EDITS]
    return {f["edit"]: f for f in found[:-1]} | {"aside": found[-1]["aside"]}


@pytest.mark.parametrize("edit", [name for name, *_ in EDITS])
def test_the_preview_serves_what_a_fresh_build_serves(outcomes, edit):
    assert outcomes[edit]["differing"] == [], f"{edit}: files differ from a fresh build"


def test_the_files_of_earlier_builds_are_deleted(outcomes):
    """Each rebuild moves the last build's files beside the site's folder and deletes them while it runs."""
    assert len(outcomes["aside"]) == 2, outcomes["aside"]  # the two sites' folders, nothing beside them


def test_a_word_in_a_page_renders_that_page_only(outcomes):
    assert outcomes["a word in a page"]["rendered"] == ["contribute/search.md"]


def test_a_title_shows_in_every_page_navigation_but_renders_only_its_page(outcomes):
    assert outcomes["a page's title"]["rendered"] == ["contribute/search.md"]  # the others are laid out again only


def test_a_definition_renders_its_own_letter_page_not_the_other_letters(outcomes):
    """A page of entries shows the other entries by their links only (names, pages): a definition is its own."""
    rendered = outcomes["a glossary definition"]["rendered"]
    letters = {src for src in outcomes["a glossary definition"]["depends"] if locate(src).pages.own_entries}
    assert "glossary/w.md" in rendered and {"glossary/s.md", "glossary/x.md"} <= letters
    assert sorted(letters & set(rendered)) == ["glossary/w.md"]


def test_a_definition_renders_the_glossary_handout_entry_by_entry(outcomes):
    """The handout's entries are rendered one by one and kept (its HTML is a fresh build's: the test above, whose
    fresh build renders every page whole)."""
    assert "print/glossary.md" in outcomes["a glossary definition"]["in_parts"]


def test_a_definition_renders_the_glossary_pages_not_the_reports(outcomes):
    rendered = outcomes["a glossary definition"]["rendered"]
    assert {"glossary/index.md", "glossary/w.md"} <= set(rendered)  # the index and the entry's letter page
    assert not [p for p in rendered if p.startswith(("report/", "policies/", "stats/"))], rendered


def depending_on(outcome: dict, file: str) -> set[str]:
    """The pages whose dependencies (site map and declared reads, as the preview's memory gives them and the driver
    printed them) include the file."""
    return {src for src, globs in outcome["depends"].items() if any(fnmatch(file, glob) for glob in globs)}


@pytest.mark.parametrize("edit", ["a glossary definition", "a reading record"])
def test_a_data_file_edit_renders_exactly_the_pages_that_depend_on_it(outcomes, edit):
    file = next(f for name, f, *_ in EDITS if name == edit)
    expected = depending_on(outcomes[edit], file)
    assert expected and sorted(outcomes[edit]["rendered"]) == sorted(expected)


def test_a_glossary_edit_renders_the_page_calling_the_glossary_macro_not_the_others(outcomes):
    outcome = outcomes["a glossary definition"]
    assert "glossary/index.md" in outcome["rendered"]  # calls glossary_page(), which reads the glossary
    assert "glossary/*.yaml" in outcome["depends"]["glossary/index.md"]
    for page in ("index.md", "reading-lists/index.md", "report/index.md"):  # their macros read no glossary
        assert page not in outcome["rendered"], page


def test_a_short_definition_renders_the_pages_linking_the_term(outcomes):
    rendered = outcomes["a glossary short definition"]["rendered"]
    assert {"glossary/index.md", "report/2020/plan-2021.md", "policies/three-activities-opinion.md"} <= set(rendered)
    assert not [p for p in rendered if p.startswith("stats/")], rendered
    outcome = outcomes["a glossary short definition"]
    linked = {src for src in outcome["depends"] if locate(src).pages.glossary_linked or locate(src).pages.own_entries}
    assert sorted(rendered) == sorted(depending_on(outcome, "glossary/weixieshang.yaml") | linked)


def test_a_new_alias_renders_the_pages_linking_glossary_terms(outcomes):
    """Which words link where comes from the names: a new alias renders every glossary-linked page again (the
    fresh build's files, compared above, have the alias linked), a definition none of them (test above)."""
    outcome = outcomes["a glossary alias"]
    linked = {src for src in outcome["depends"] if locate(src).pages.glossary_linked or locate(src).pages.own_entries}
    assert {"report/2020/plan-2021.md", "policies/three-activities-opinion.md"} <= linked
    assert sorted(outcome["rendered"]) == sorted(depending_on(outcome, "glossary/weixieshang.yaml") | linked)


def test_a_reading_record_renders_the_statistics(outcomes):
    rendered = outcomes["a reading record"]["rendered"]
    assert "stats/2021.md" in rendered and "contribute/search.md" not in rendered


def test_a_mistake_stays_on_the_page_until_it_is_fixed(outcomes):
    """A page that logged a warning is never remembered: an unrelated edit does not make its mistake disappear."""
    assert outcomes["a broken link"]["problems"]
    assert outcomes["an unrelated edit while the link is broken"]["problems"]
    assert not outcomes["the link fixed"]["problems"]


@pytest.mark.parametrize("patch", PATCHES, ids=lambda p: p.target)
def test_every_patch_of_the_engine_meets_the_source_it_was_written_for(patch):
    """A changed engine, theme or macros plugin fails here, before the preview or a build goes wrong silently:
    look at the new source, adapt the patch, then update its digest and `written_for` in scripts/preview.py."""
    assert source_digest(patch.target) == patch.digest, f"{patch.target} changed since {patch.written_for}"


def test_the_preview_talks_to_the_glue_only_through_its_session():
    """No environment variable or module global carries the preview's state (issue: side channels)."""
    for path in ("macros/__init__.py", "macros/content.py", "scripts/preview.py", "scripts/serve.py"):
        text = (PROJECT_ROOT / path).read_text(encoding="utf-8")
        assert (
            "os.environ[" not in text and "PORTAL_PREVIEW" not in text and not re.search(r"^\s+global ", text, re.M)
        ), path


def test_no_recorder_learns_what_a_page_reads():
    """What a page depends on is declared (site map, macros' `reads`), never noted while it renders."""
    assert not hasattr(PreviewSession(), "record") and not hasattr(PreviewSession(), "recorder")
    for path in [*(PROJECT_ROOT / "macros").rglob("*.py"), *(PROJECT_ROOT / "scripts").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"recorder|Recorder|\.record\(", text), path
