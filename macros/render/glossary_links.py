"""Links from the glossary terms in a page's Markdown to their entries, with the short definition as title."""

from __future__ import annotations

import re

from ..core.paths import relative
from ..core.text import scan_fences
from ..sources.glossary import _PROTECTED, TermLinks, _title


def link_terms(markdown: str, terms: TermLinks, page_path: str) -> str:
    """Link the first mention of each glossary term in a page to its entry on its letter page, with its short
    definition as title.

    Skips headings, fenced code, front matter-like blocks, existing links, HTML, and table separators.
    """
    pattern, by_name = terms.pattern, terms.by_name
    if pattern is None:
        return markdown
    linked: set[str] = set()

    def replace(match: re.Match) -> str:
        term_id, short = by_name[match.group(0)]
        if term_id in linked:
            return match.group(0)
        linked.add(term_id)
        target = relative(page_path, terms.page_of(term_id))  # the entry's letter page
        return f'[{match.group(0)}]({target}#{term_id} "{_title(short)}"){{ .glossary-term }}'

    out: list[str] = []
    for line, kind in scan_fences(markdown.split("\n")):
        stripped = line.lstrip()
        if kind or stripped.startswith(("#", "<", "|---", "| ---", "[", "*[")) or line.startswith("    "):
            out.append(line)
            continue
        pieces: list[str] = []
        pos = 0
        for protected in _PROTECTED.finditer(line):
            pieces.append(pattern.sub(replace, line[pos : protected.start()]))
            pieces.append(protected.group(0))
            pos = protected.end()
        pieces.append(pattern.sub(replace, line[pos:]))
        out.append("".join(pieces))
    return "\n".join(out)
