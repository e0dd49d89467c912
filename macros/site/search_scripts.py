"""The search scripts as the built site serves them: comment lines dropped, and the engine inside its worker.

Over http(s) the search runs in a Web Worker (assets/javascripts/search/worker.js) that loads the engine
(engine.js) with importScripts: two files, one after the other, each a round trip on a phone's network. In the
built site worker.js carries the engine itself, so starting search costs one file; engine.js stays beside it for
pages opened from file://, which run the engine in the page (boot.js). The scripts' comments (a third of their
bytes) stay in docs/assets/javascripts/search/, the source; the site gets the code alone. Only whole comment lines
go, so no string or regular expression is ever touched; a file whose comments cannot be told apart line by line
is left as it is.
"""

from __future__ import annotations

from pathlib import Path

SCRIPTS = Path("assets") / "javascripts" / "search"
IMPORT_ENGINE = 'importScripts("engine.js");'


def without_comment_lines(source: str) -> str:
    """The script without its comment lines (`// …`, `/* … */` over whole lines), blank lines and indentation;
    the script unchanged when a block comment ends before the end of its line."""
    kept, in_block = [], False
    for line in source.splitlines():
        text = line.strip()
        if in_block or text.startswith("/*"):
            closed = "*/" in text
            if closed and not text.endswith("*/"):
                return source
            in_block = not closed
            continue
        if text and not text.startswith("//"):
            kept.append(text)
    return "\n".join(kept) + "\n"


def write_search_scripts(site_dir: Path) -> None:
    """In the built site: boot.js, engine.js and worker.js without comment lines, worker.js with the engine inside."""
    folder = site_dir / SCRIPTS
    code = {}
    for name in ("boot.js", "engine.js", "worker.js"):
        code[name] = without_comment_lines((folder / name).read_text(encoding="utf-8"))
        (folder / name).write_text(code[name], encoding="utf-8")
    if IMPORT_ENGINE in code["worker.js"]:
        bundled = code["engine.js"] + code["worker.js"].replace(IMPORT_ENGINE + "\n", "")
        (folder / "worker.js").write_text(bundled, encoding="utf-8")
