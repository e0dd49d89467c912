"""Where things live, derived from this file's location and never from the working directory."""

import posixpath
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = PROJECT_ROOT / "docs"
GLOSSARY_DIR = PROJECT_ROOT / "glossary"
READING_LISTS_DIR = PROJECT_ROOT / "reading_lists"
DATA_DIR = PROJECT_ROOT / "data"
TEMPLATES_DIR = PROJECT_ROOT / "macros" / "render" / "templates"
REPORTS_DIR = DATA_DIR / "reports"
COMMITTEE_FILE = DATA_DIR / "committee.yaml"
POLICIES_DIR = DOCS_DIR / "policies"
MKDOCS_YML = PROJECT_ROOT / "mkdocs.yml"
OVERRIDES_DIR = PROJECT_ROOT / "overrides"


def relative(page_path: str, target: str) -> str:
    """A link from one page (path under docs/) to another, as MkDocs expects it."""
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")


def file_stamp(path: Path) -> tuple[int, int]:
    """What tells that a file changed: its modification time (ns) and size; (-1, -1) when it does not exist."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return (-1, -1)
    return (status.st_mtime_ns, status.st_size)
