"""A copy of what the site is built from, for benchmarks and for tests that break one file and build it."""

from __future__ import annotations

import shutil
from pathlib import Path

from macros.core.paths import PROJECT_ROOT
from macros.render.page_facts import is_generated

#: Everything a copy of the project needs in order to build.
PROJECT_PARTS = ("docs", "glossary", "reading_lists", "data", "macros", "overrides", "mkdocs.yml")


def _left_out(folder: str, names: list[str]) -> set[str]:
    """What a clone of the repository does not have: caches, and the pages a build made from the data."""
    return {n for n in names if n == "__pycache__" or (n.endswith(".md") and is_generated(Path(folder) / n))}


def copy_project(dest: Path, extra: tuple[str, ...] = ()) -> Path:
    """Copy the project's build inputs (and any `extra` top-level files) into a new folder `dest`, as a fresh clone
    has them (without the pages a build writes)."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS + extra:
        src = PROJECT_ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=_left_out)
        else:
            shutil.copy2(src, dest / part)
    return dest
