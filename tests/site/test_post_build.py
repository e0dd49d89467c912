"""`python -m macros.site SITE_DIR`: the steps on a built site, run by the Makefile after the engine's build."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import PROJECT_ROOT


def test_the_steps_ran_on_the_built_site(site):
    """The session's site is built as the Makefile does: the command wrote our search index and its files."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("pinyin" in doc for doc in index["docs"]), "the search index is still Material's"
    assert (site / "search" / "search_index.js").is_file()
    assert (site / "assets" / "images" / "social.png").is_file()
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith("sitemap.xml\n")


def test_a_folder_without_a_site_is_named_in_chinese(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "macros.site", str(tmp_path)], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "没有生成好的网站" in result.stderr and str(tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
