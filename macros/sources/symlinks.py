"""Files stay inside the repository: a symbolic link under a content folder that leads out of it is refused,
before anything is read (MkDocs would copy the file it points to into the site)."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import Problems
from ..core.paths import DATA_DIR, DOCS_DIR, GLOSSARY_DIR, OVERRIDES_DIR, PROJECT_ROOT, READING_LISTS_DIR

CONTENT_FOLDERS = (DOCS_DIR, GLOSSARY_DIR, READING_LISTS_DIR, DATA_DIR, OVERRIDES_DIR)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, or a loop of links
        return False
    return True


def _shown(path: Path, root: Path) -> str:
    """The link's own name in the repository (never the file it points to)."""
    return Path(os.path.relpath(path, root)).as_posix()


def check_symlinks(problems: Problems, folders: tuple[Path, ...] = CONTENT_FOLDERS, root: Path = PROJECT_ROOT) -> None:
    """One problem for each symbolic link under the content folders whose target is outside the repository."""
    root = root.resolve()
    for folder in folders:
        if folder.is_symlink() and not _inside(folder, root):
            problems.add(_shown(folder, root), None, _MESSAGE)
            continue
        for path in _links_under(folder):
            if not _inside(path, root):
                problems.add(_shown(path, root), None, _MESSAGE)


def _links_under(folder: Path) -> list[Path]:
    """The symbolic links under a folder, in name order, without following any (each entry's type comes with its
    directory listing: `make serve` looks at every file of the content folders at each rebuild)."""
    found: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:  # missing or unreadable: as os.walk, nothing under it
        return found
    for entry in entries:
        if entry.is_symlink():
            found.append(Path(entry.path))
        elif entry.is_dir(follow_symlinks=False):
            found += _links_under(Path(entry.path))
    return found


_MESSAGE = (
    "这是一个指向仓库以外的符号链接（快捷方式）：网站只发布仓库里的文件，为免把电脑上的其他文件公开出去，"
    "检查和生成网站都不读取它。请删掉这个链接，把需要的文件本身复制进来"
)
