"""The glossary: loading and cross-checking its entries, pinyin order, and finding terms in a text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from ..core.errors import Problems
from ..core.paths import GLOSSARY_DIR, REPORTS_DIR
from ..structure.site_map import GLOSSARY
from .committee import CommitteeFacts
from .report import Report
from .schemas import GlossaryEntry, load_yaml_folder
from .search_key import search_key
from .textfiles import LineMap

GLOSSARY_PAGE = GLOSSARY.page()  # the site map's address of the glossary's index (every term, a line each)
DIGITS = "0-9"  # the letter page of terms starting with a digit or symbol (initial "#")


@dataclass(frozen=True)
class Term:
    id: str
    entry: GlossaryEntry
    file: Path
    lines: LineMap = field(default_factory=LineMap, compare=False)  # where each field is, for messages

    def line_of(self, *loc) -> int | None:
        return self.lines.line_for(loc)

    @property
    def names(self) -> list[str]:
        return [self.entry.term, *self.entry.aliases]


def load_glossary(
    problems: Problems, folder: Path = GLOSSARY_DIR, facts: CommitteeFacts | None = None
) -> dict[str, Term]:
    """Every glossary/<id>.yaml, validated one by one (against the committee's categories); broken files are
    reported, not skipped silently."""
    terms: dict[str, Term] = {}
    for term_id, path, entry, lines in load_yaml_folder(folder, GlossaryEntry, problems, "wei-xie-shang.yaml", facts):
        if entry.id is not None and entry.id != term_id:
            problems.add(
                path,
                lines.line_for(("id",)),
                f"「id」写的是「{entry.id}」，文件名却是 {term_id}.yaml：两者要相同（词条编号定了就不要再改），"
                "请把 id 改回文件名",
            )
        terms[term_id] = Term(term_id, entry, path, lines)
    return terms


def validate_glossary(
    terms: dict[str, Term],
    reports: dict[str, Report],
    problems: Problems,
    folder: Path = GLOSSARY_DIR,
    reports_dir: Path = REPORTS_DIR,
) -> None:
    """Cross-checks: names and their search keys are unique, related ids exist, claimed report locations are true."""
    existing = {
        p.stem for p in folder.glob("*") if p.is_file()
    }  # a broken entry is reported once, not by its referrers
    owner: dict[str, str] = {}
    duplicated: set[str] = set()
    for term in terms.values():
        for index, name in enumerate(term.names):
            if name in owner and owner[name] != term.id:
                line = name_line(term, index)
                problems.add(
                    term.file,
                    line,
                    f"「{name}」已经是词条 glossary/{owner[name]}.yaml 的词目或别名，同一个词只能出现在一个词条里",
                )
                duplicated |= {term.id, owner[name]}
            owner.setdefault(name, term.id)
        for index, rel in enumerate(term.entry.related):
            if rel not in existing:
                problems.add(
                    term.file,
                    term.line_of("related", index),
                    f"相关词条「{rel}」不存在（glossary/ 里没有 {rel}.yaml），请检查拼写",
                    "related",
                )
            elif rel == term.id:
                problems.add(term.file, term.line_of("related", index), "相关词条不能指向自己", "related")
    duplicated |= check_search_keys(terms, problems)
    for term in terms.values():
        if term.id in duplicated:  # with a name in two entries, locations are moot
            continue
        for index, location in enumerate(term.entry.report_locations):
            report_id, page_id = location.split("/")
            line = term.line_of("report_locations", index)
            report = reports.get(report_id)
            if report is None and (reports_dir / f"{report_id}.md").exists():
                continue  # the report file is there but has mistakes: they are reported, not its readers
            if report is None:
                known = "、".join(reports) or "（暂无）"
                problems.add(
                    term.file,
                    line,
                    f"没有编号为「{report_id}」的报告（data/reports/{report_id}.md），现有的报告是：{known}",
                    "report_locations",
                )
            elif page_id not in report.pages:
                problems.add(
                    term.file,
                    line,
                    f"报告 {report_id} 没有页面「{page_id}」，可用的有："
                    + "、".join(f"{report_id}/{p}" for p in report.pages),
                    "report_locations",
                )
            elif term.id not in find_terms(report.page_text(page_id), terms):
                problems.add(
                    term.file,
                    line,
                    f"报告页面「{location}」里找不到「{term.entry.term}」或其别名，请从 report_locations 中删去",
                    "report_locations",
                )


def name_line(term: Term, index: int) -> int | None:
    """The line of a term's name: its `term` (index 0) or its alias number index - 1."""
    return term.line_of("term") if index == 0 else term.line_of("aliases", index - 1)


def invisible(text: str) -> bool:
    """Whether a text holds characters that show as nothing (zero-width space, joiners, direction marks)."""
    return any(unicodedata.category(c) == "Cf" for c in text)


def check_search_keys(terms: dict[str, Term], problems: Problems) -> set[str]:
    """One search key, one entry: names of two entries that search folds alike (3＋N, 3+N) are refused."""
    owner: dict[str, tuple[Term, int]] = {}
    clashing: set[str] = set()
    for term in terms.values():
        for index, name in enumerate(term.names):
            key = search_key(name)
            first = owner.setdefault(key, (term, index))
            other, other_index = first
            if other.id == term.id or other.names[other_index] == name:
                continue  # the same entry, or the very same name (reported above)
            other_line = name_line(other, other_index)
            where = GLOSSARY.source(other.id) + (f" 第 {other_line} 行" if other_line else "")
            unseen = "（其中夹着看不见的字符，如零宽空格：请删掉这个词重新打字）" if invisible(name) else ""
            problems.add(
                term.file,
                name_line(term, index),
                f"「{name}」{unseen}与 {where}的「{other.names[other_index]}」在搜索里是同一个词"
                "（全角半角、看不见的空格、繁简、数字的写法都不区分），两个词条会争同一次搜索："
                "请删去其中一个，或把它写成别名放进同一个词条",
            )
            clashing |= {term.id, other.id}
    return clashing


# --- pinyin order ------------------------------------------------------------------------------


@cache
def pinyin_key(text: str) -> tuple:
    """Sort key: terms starting with a digit or Latin letter first, then by pinyin syllables with tones.

    pypinyin's phrase dictionary picks the reading of polyphonic characters from context
    (重要 → zhong4 yao4, 重庆 → chong2 qing4).
    """
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s))
    plain = tuple(re.sub(r"\d$", "", s).lower() for s in syllables)
    return (0 if text[:1].isascii() else 1, plain, tuple(syllables), text)


@cache
def initial_letter(text: str) -> str:
    """The index letter of a term: A–Z by pinyin, or # for a term starting with a digit or symbol."""
    first = lazy_pinyin(text[:2], style=Style.NORMAL, errors="default")[0][:1].upper()
    return first if "A" <= first <= "Z" and not text[:1].isdigit() else "#"


def sort_terms(terms: dict[str, Term]) -> list[Term]:
    return sorted(terms.values(), key=lambda t: pinyin_key(t.entry.term))


def group_by_letter(terms: dict[str, Term]) -> list[tuple[str, list[Term]]]:
    groups: dict[str, list[Term]] = {}
    for term in sort_terms(terms):
        groups.setdefault(initial_letter(term.entry.term), []).append(term)
    return list(groups.items())


def letter_anchor(letter: str) -> str:
    return "letter-digits" if letter == "#" else f"letter-{letter.lower()}"


#: Full entries on one page at most: a letter with more is shared out evenly over its pages (s, s-2, s-3 …), so
#: a page stays light for a phone however large the glossary grows (issue 26: 190 entries under S at ten times
#: today's glossary scored 82 in Lighthouse at 4×; 40 is about today's whole glossary, which scores 99).
PAGE_ENTRIES = 40


@dataclass(frozen=True)
class GlossaryPart:
    """One page of full entries: an initial's entries, or a share of them when it has more than PAGE_ENTRIES."""

    letter: str  # the initial ("S"; "#" for a digit or symbol)
    slug: str  # its name under glossary/ ("s", "s-2", "0-9")
    number: int  # 1, 2 … of `parts` pages of this initial
    parts: int
    terms: tuple[Term, ...]

    @property
    def page(self) -> str:
        """The page under docs/ (glossary/s-2.md)."""
        return GLOSSARY.page(id=self.slug)


def glossary_parts(terms: dict[str, Term]) -> list[GlossaryPart]:
    """Every page of full entries in pinyin order: one per initial, or several of equal size (the first keeping
    the initial's own address) when an initial has more than PAGE_ENTRIES entries."""
    parts: list[GlossaryPart] = []
    for letter, group in group_by_letter(terms):
        base = DIGITS if letter == "#" else letter.lower()
        count = -(-len(group) // PAGE_ENTRIES)
        size, more = divmod(len(group), count)  # the first `more` pages hold one entry more
        start = 0
        for number in range(1, count + 1):
            end = start + size + (number <= more)
            slug = base if number == 1 else f"{base}-{number}"
            parts.append(GlossaryPart(letter, slug, number, count, tuple(group[start:end])))
            start = end
    return parts


def letter_page(letter: str) -> str:
    """The first page under docs/ of one initial's full entries ("S" → glossary/s.md, "#" → glossary/0-9.md)."""
    return GLOSSARY.page(id=DIGITS if letter == "#" else letter.lower())


def entry_pages(terms: dict[str, Term]) -> dict[str, str]:
    """The page under docs/ that holds each entry (by id): its initial's page, or its share of it."""
    return {term.id: part.page for part in glossary_parts(terms) for term in part.terms}


@cache  # every term's, on every page of entries and the handout, at every rebuild of the preview
def pinyin_of(text: str) -> str:
    return " ".join(lazy_pinyin(text, style=Style.TONE, errors="default"))


# --- terms in a text (CJK-aware: Python-Markdown's abbr needs word boundaries) ------------------

# Parts of a Markdown line that must not be touched: code, links and images, HTML tags,
# attribute lists, autolinks, and bare URLs.
_PROTECTED = re.compile(
    r"`[^`]*`"  # inline code
    r"|!?\[[^\]]*\]\([^)]*\)"  # [text](url) and images
    r"|!?\[[^\]]*\]\[[^\]]*\]"  # [text][ref]
    r"|<[^>]+>"  # HTML tags and <autolinks>
    r"|\{[:#.][^}]*\}"  # { #anchor .class } attribute lists
    r"|https?://\S+"
)


def _title(text: str) -> str:
    return text.replace('"', "”").replace("\n", " ")


def _term_pattern(terms: dict[str, Term]) -> tuple[re.Pattern | None, dict[str, Term]]:
    """One regex of every name, longest first, so 1+3+N wins over 3+N and 书香政协 over 书香."""
    by_name = {n: t for t in terms.values() for n in t.names}
    return _names_pattern(tuple(by_name)), by_name


@dataclass(frozen=True)
class TermLinks:
    """What a page's links to the glossary are made of: each name of each entry with its entry's id and short
    definition (not the whole entry: editing a definition leaves every page's links as they were)."""

    names: tuple[tuple[str, str, str], ...]  # (name, entry id, short definition)
    pages: tuple[tuple[str, str], ...] = ()  # (entry id, the page under docs/ holding its entry)

    @classmethod
    def of(cls, terms: dict[str, Term]) -> TermLinks:
        by_name = {n: t for t in terms.values() for n in t.names}
        pages = tuple(entry_pages(terms).items())
        return cls(tuple((n, t.id, t.entry.short) for n, t in by_name.items()), pages)

    @property
    def pattern(self) -> re.Pattern | None:
        """One regex of every name, longest first, as _term_pattern makes it."""
        return _names_pattern(tuple(n for n, _, _ in self.names))

    @property
    def by_name(self) -> dict[str, tuple[str, str]]:
        return {n: (term_id, short) for n, term_id, short in self.names}

    def page_of(self, term_id: str) -> str:
        """The page under docs/ holding an entry (the glossary's index for an entry it does not know)."""
        return dict(self.pages).get(term_id, GLOSSARY_PAGE)


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None


def find_terms(text: str, terms: dict[str, Term]) -> set[str]:
    """Ids of the terms mentioned in a text, matched exactly as link_terms would link them."""
    pattern, by_name = _term_pattern(terms)
    return {by_name[m.group(0)].id for m in pattern.finditer(text)} if pattern else set()
