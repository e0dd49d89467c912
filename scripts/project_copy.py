"""A copy of what the site is built from, for benchmarks and for tests that break one file and build it."""

from __future__ import annotations

import shutil
from pathlib import Path

from macros.core.paths import PROJECT_ROOT

#: Everything a copy of the project needs in order to build.
PROJECT_PARTS = ("docs", "glossary", "reading_lists", "data", "macros", "overrides", "mkdocs.yml")


def copy_project(dest: Path, extra: tuple[str, ...] = ()) -> Path:
    """Copy the project's build inputs (and any `extra` top-level files) into a new folder `dest`."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS + extra:
        src = PROJECT_ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest
