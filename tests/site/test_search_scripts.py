"""macros/site/search_scripts.py: the search scripts as the built site serves them (lean, engine inside the worker)."""

from __future__ import annotations

from macros.site.search_scripts import IMPORT_ENGINE, SCRIPTS, without_comment_lines, write_search_scripts

SOURCE = """/* A block comment
 * over lines. */
(function () {
  // a line comment
  var re = /[/*]+/g;  // a comment after code stays
  var s = "// not a comment";

  return re;
})();
"""


def test_comment_lines_go_and_code_stays():
    lean = without_comment_lines(SOURCE)
    assert lean == (
        '(function () {\nvar re = /[/*]+/g;  // a comment after code stays\nvar s = "// not a comment";\n'
        "return re;\n})();\n"
    )


def test_a_block_comment_ending_inside_a_line_leaves_the_script_as_it_is():
    source = "/* note */ var x = 1;\nvar y = 2;\n"
    assert without_comment_lines(source) == source


def test_the_worker_carries_the_engine(tmp_path):
    folder = tmp_path / SCRIPTS
    folder.mkdir(parents=True)
    (folder / "engine.js").write_text("/* engine */\nself.ShuxiangSearch = {};\n", encoding="utf-8")
    (folder / "worker.js").write_text(f"/* worker */\n{IMPORT_ENGINE}\nvar handle = 1;\n", encoding="utf-8")
    (folder / "boot.js").write_text("/* boot */\nvar boot = 1;\n", encoding="utf-8")
    write_search_scripts(tmp_path)
    write_search_scripts(tmp_path)  # `make serve` may run the steps twice over one folder
    assert (folder / "worker.js").read_text(encoding="utf-8") == "self.ShuxiangSearch = {};\nvar handle = 1;\n"
    assert (folder / "engine.js").read_text(encoding="utf-8") == "self.ShuxiangSearch = {};\n"
    assert (folder / "boot.js").read_text(encoding="utf-8") == "var boot = 1;\n"


def test_the_built_site_serves_the_lean_scripts(site):
    folder = site / SCRIPTS
    worker = (folder / "worker.js").read_text(encoding="utf-8")
    engine = (folder / "engine.js").read_text(encoding="utf-8")
    assert "importScripts" not in worker and worker.startswith(engine)
    assert "createHandler" in engine and not any(line.startswith(("/*", "//", " *")) for line in engine.splitlines())
