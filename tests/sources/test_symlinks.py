"""macros/sources/symlinks.py: a link under a content folder that leads out of the repository is refused, wherever
it stands; links inside it, and what a refused link points to, are left alone."""

from __future__ import annotations

import os

from macros.core.errors import Problems
from macros.sources.symlinks import check_symlinks


def test_links_leading_out_are_refused_at_any_depth_and_linked_folders_are_not_entered(tmp_path):
    root, outside = tmp_path / "repo", tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.txt").write_text("x", encoding="utf-8")
    docs = root / "docs"
    (docs / "a" / "b").mkdir(parents=True)
    (docs / "page.md").write_text("x", encoding="utf-8")
    os.symlink(docs / "page.md", docs / "a" / "inside.md")  # inside the repository: allowed
    os.symlink(outside / "deep" / "secret.txt", docs / "a" / "b" / "out.txt")
    os.symlink(outside, docs / "linked-folder")  # refused once, never entered
    os.symlink(docs / "missing.md", docs / "dangling.md")  # inside, if it existed
    problems = Problems()
    check_symlinks(problems, folders=(docs, root / "no-such-folder"), root=root)
    assert sorted(p.file for p in problems.items) == ["docs/a/b/out.txt", "docs/linked-folder"]


def test_a_content_folder_that_is_itself_a_link_out_is_refused(tmp_path):
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    os.symlink(outside, root / "glossary")
    problems = Problems()
    check_symlinks(problems, folders=(root / "glossary",), root=root)
    assert [p.file for p in problems.items] == ["glossary"]
