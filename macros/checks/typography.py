"""Chinese typography of the text staff write, in the style of official documents (公文), with safe fixes.

autocorrect-py does the punctuation: half-width , . : ; ! ? in Chinese text become full-width, full-width letters
and digits become half-width, no spaces around full-width punctuation. Its spacing rules are turned off, because
公文 (and the work report this site reproduces) write 2021年、1+3+N新格局 with no space between Chinese and Latin
letters or digits; the rules below remove such spaces, and put Chinese text in full-width brackets and quotes.

Never touched: verbatim text. That is data/reports/*.md (not scanned at all), quotations in Markdown
blockquotes (lines starting with >, also inside YAML fields), the bodies of policy texts reproduced in full
(front matter `full_text: true`), and anything between <!-- autocorrect-disable --> and <!-- autocorrect-enable -->.
Code, links' addresses, HTML tags and {{ macros }} are left as they are.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import autocorrect_py
import yaml

from ..core.errors import Problems
from ..core.text import HAN, scan_fences
from ..sources.textfiles import compose_yaml, decoded_text, split_front_matter

#: autocorrect's rules (0 off, 1 error), tuned for 公文: punctuation on, added spaces off.
AUTOCORRECT_CONFIG = {
    "rules": {
        "space-word": 0,  # 公文 write 2021年 and 5G网络: no space between Chinese and Latin or digits
        "space-punctuation": 0,
        "space-bracket": 0,
        "space-backticks": 0,
        "space-dash": 0,
        "space-dollar": 0,
        "fullwidth": 1,  # ，。：；！？ in Chinese text
        "no-space-fullwidth": 1,  # no space before or after full-width punctuation
        "no-space-fullwidth-quote": 0,  # headings quoted from 公文 keep their phrase space: “六个“更加” 彰显…”
        "halfwidth-word": 1,  # ＡＢＣ１２３ → ABC123
        "halfwidth-punctuation": 1,
        "spellcheck": 0,
    },
}

MAX_LINE = 20_000  # longer lines are pasting accidents, reported by the schemas
DISABLE, ENABLE = "<!-- autocorrect-disable -->", "<!-- autocorrect-enable -->"

# Parts of a line that are not prose: admonition headers (!!! note "标题"), list and heading markers, inline code, link and image addresses (with their titles), HTML tags
# and comments, {{ macros }} and {% tags %}, attribute lists, autolinks and bare addresses.
_PROTECTED = re.compile(
    r"^\s*(?:!!!|\?\?\?\+?)[ \t].*$"
    r"|^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)[ \t]+"
    r"|`[^`]*`"
    r"|\]\([^)]*\)"
    r"|\]\[[^\]]*\]"
    r"|^\s*\[[^\]]+\]:.*$"
    r"|<!--.*?-->|</?[A-Za-z][^>]*>|<https?://[^>]*>"
    r"|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
    r"|\{\s*[:#.][^}]*\}"
    r"|https?://\S+|www\.\S+"
)

# 公文 rules autocorrect has no switch for: (pattern, replacement), each safe to apply automatically.
# Before autocorrect: Chinese in half-width brackets and straight quotes gets full-width brackets, “ ” and ‘ ’,
# and ... becomes …… (so that autocorrect then treats the punctuation around them as Chinese).
GONGWEN_BEFORE = [
    (re.compile(rf"\(([^()\n]*[{HAN}][^()\n]*)\)"), r"（\1）"),
    (re.compile(rf"\"([^\"\n]*[{HAN}][^\"\n]*)\""), r"“\1”"),
    (re.compile(rf"(?<![A-Za-z])'([^'\n]*[{HAN}][^'\n]*)'(?![A-Za-z])"), r"‘\1’"),
    (re.compile(rf"(?<=[{HAN}，、])(?:\.{{3,}}|。{{3,}}|(?<!…)…(?!…))"), "……"),
]
# After autocorrect: no space between Chinese and Latin letters or digits, none next to full-width punctuation
# (table pipes keep theirs; quotes and brackets are left alone, headings quoted from 公文 keep their phrase
# space), and half-width punctuation between Chinese that autocorrect misses (next to **bold**, spaced out).
GONGWEN_AFTER = [
    (re.compile(rf"(?<=[{HAN}])[ \t]+(?=[A-Za-z0-9])"), ""),
    (re.compile(rf"(?<=[A-Za-z0-9%])[ \t]+(?=[{HAN}])"), ""),
    (re.compile(r"(?<=[，。、；：？！])[ \t]+(?=[^\s|])"), ""),
    (re.compile(r"(?<=[^\s|])[ \t]+(?=[，。、；：？！])"), ""),
    (
        re.compile(
            rf"(?<=[{HAN}”’）》])(\*{{0,2}}|_{{0,2}})[ \t]*([,;:!?])[ \t]*(?=(?:\*{{0,2}}|_{{0,2}})[{HAN}“‘（《])"
        ),
        lambda m: m.group(1) + "，；：！？"[",;:!?".index(m.group(2))],
    ),
    (re.compile(rf"(?<=[{HAN}])([,.;:!?])(?=[”’）》])"), lambda m: "，。；：！？"[",.;:!?".index(m.group(1))]),
]


@dataclass(frozen=True)
class Segment:
    """A run of prose in a file: line, and the columns it spans on that line."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Fix:
    file: Path
    line: int
    start: int
    end: int
    old: str
    new: str


@lru_cache(maxsize=1)
def _configure() -> None:
    autocorrect_py.load_config(json.dumps(AUTOCORRECT_CONFIG))


def _mask(text: str) -> tuple[str, list[str]]:
    """Replace protected parts with placeholders (private-use characters) that no rule matches."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return chr(0xE000 + len(kept) - 1)

    return _PROTECTED.sub(keep, text), kept


def _unmask(text: str, kept: list[str]) -> str:
    return re.sub("[\ue000-\uf8ff]", lambda m: kept[ord(m.group(0)) - 0xE000], text)


def correct(text: str) -> str:
    """One line of prose in 公文 style (idempotent: correcting twice changes nothing more)."""
    if not re.search(f"[{HAN}]", text):
        return text
    _configure()
    masked, kept = _mask(text)
    for pattern, replacement in GONGWEN_BEFORE:
        masked = pattern.sub(replacement, masked)
    try:
        fixed = autocorrect_py.format_for(masked, "md")
    except ValueError:  # autocorrect gives up on very long lines; the schemas report their length
        return text
    for pattern, replacement in GONGWEN_AFTER:
        fixed = pattern.sub(replacement, fixed)
    return _unmask(fixed, kept)


# --- where the prose is ---------------------------------------------------------------------------


def markdown_segments(text: str, first_line: int = 1, verbatim: bool = False) -> Iterator[Segment]:
    """Prose lines of a Markdown body: not code blocks, blockquotes, tables' rules or disabled regions."""
    disabled = verbatim
    for number, (line, kind) in enumerate(scan_fences(text.split("\n")), first_line):
        stripped = line.strip()
        if DISABLE in line:
            disabled = True
        if ENABLE in line:
            disabled = verbatim
            continue
        if kind or disabled or not stripped or stripped.startswith(">") or re.fullmatch(r"[|:\- ]+", stripped):
            continue
        start = len(line) - len(line.lstrip())
        yield Segment(number, start, len(line.rstrip()))


def _scalar_segments(node: yaml.ScalarNode, lines: list[str], line_offset: int) -> Iterator[Segment]:
    start, end = node.start_mark, node.end_mark
    if node.style in ("|", ">"):
        for index in range(start.line + 1, min(end.line + 1, len(lines))):
            line = lines[index]
            stripped = line.strip()
            if stripped and not stripped.startswith(">"):
                yield Segment(index + 1 + line_offset, len(line) - len(line.lstrip()), len(line.rstrip()))
        return
    quote = 1 if node.style in ('"', "'") else 0
    for index in range(start.line, end.line + 1):
        line = lines[index]
        first = start.column + quote if index == start.line else len(line) - len(line.lstrip())
        last = end.column - quote if index == end.line else len(line.rstrip())
        if last > first and not line[first:last].lstrip().startswith(">"):
            yield Segment(index + 1 + line_offset, first, last)


def yaml_segments(text: str, line_offset: int = 0) -> Iterator[Segment]:
    """The values of a YAML text that hold Chinese (keys, ids and numbers are left alone)."""
    try:
        root = compose_yaml(text)  # the loaders' limits: an alias bomb is a message there, not a hang here
    except yaml.YAMLError:
        return  # a syntax error is reported by the loaders; typography waits until it is fixed
    lines = text.split("\n")
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack += [value for _, value in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            stack += list(reversed(node.value))
        elif isinstance(node, yaml.ScalarNode) and re.search(f"[{HAN}]", node.value):
            yield from _scalar_segments(node, lines, line_offset)


def _is_full_text(front: str) -> bool:
    """True if the front matter says `full_text: true` (a policy text reproduced in full, hence verbatim)."""
    try:
        root = compose_yaml(front)
    except yaml.YAMLError:
        return False
    return isinstance(root, yaml.MappingNode) and any(
        k.value == "full_text" and v.value.lower() == "true" for k, v in root.value if isinstance(v, yaml.ScalarNode)
    )


def file_segments(path: Path, text: str) -> Iterator[Segment]:
    """Prose segments of a Markdown page (front matter values included) or a YAML data file."""
    if path.suffix in (".yaml", ".yml"):
        yield from yaml_segments(text)
        return
    front, body, first_line = split_front_matter(text)
    verbatim = False
    if front is not None:
        yield from yaml_segments(front, first_line - 1)
        verbatim = _is_full_text(front)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    yield from markdown_segments(body, body_line, verbatim)


# --- lint and fix ---------------------------------------------------------------------------------


def lint_file(path: Path, text: str) -> list[Fix]:
    """Every segment of the file that 公文 style would write differently."""
    lines = text.split("\n")
    fixes = []
    for seg in file_segments(path, text):
        old = lines[seg.line - 1][seg.start : seg.end]
        if len(old) > MAX_LINE:
            continue  # a pasted megabyte: the schemas report its length, typography waits
        new = correct(old)
        if new != old:
            fixes.append(Fix(path, seg.line, seg.start, seg.end, old, new))
    return fixes


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    lines = text.split("\n")
    for fix in sorted(fixes, key=lambda f: (f.line, -f.start)):
        line = lines[fix.line - 1]
        if line[fix.start : fix.end] == fix.old:
            lines[fix.line - 1] = line[: fix.start] + fix.new + line[fix.end :]
    return "\n".join(lines)


def _changes(old: str, new: str, width: int = 5) -> list[tuple[str, str]]:
    """Each change in a line as (before, after) with a few characters of context; nearby changes are one."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    groups: list[list[int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if groups and i1 - groups[-1][1] <= 2 * width:
            groups[-1][1], groups[-1][3] = i2, j2
        else:
            groups.append([i1, i2, j1, j2])
    return [(old[max(0, i1 - width) : i2 + width], new[max(0, j1 - width) : j2 + width]) for i1, i2, j1, j2 in groups]


def describe(fix: Fix) -> str:
    changes = _changes(fix.old, fix.new)
    shown = "；".join(f"「{a}」应为「{b}」" for a, b in changes[:3])
    more = f"等 {len(changes)} 处" if len(changes) > 3 else ""
    return (
        f"标点或空格不符合公文规范：{shown}{more}（运行 make fix 可自动改正；如是照录的原文，请放在以 > 开头的引用里）"
    )


def check_typography(paths: list[Path], problems: Problems, fix: bool = False) -> list[Path]:
    """Report (or, with fix=True, correct in place) every line off 公文 style; returns the files changed."""
    changed = []
    for path in paths:
        text = decoded_text(path)  # in any encoding the loaders read (they report it; make fix resaves it first)
        if text is None:
            continue  # the loaders report unreadable files
        fixes = lint_file(path, text)
        if not fixes:
            continue
        if fix:
            new_text = apply_fixes(text, fixes)
            if _same_data(path, text, new_text):
                path.write_text(new_text, encoding="utf-8")
                changed.append(path)
                continue
        for f in fixes:
            problems.add(path, f.line, describe(f))
    return changed


def _same_data(path: Path, old: str, new: str) -> bool:
    """A fix is written only if the file still has the same structure (YAML keys and nesting) afterwards."""
    if path.suffix not in (".yaml", ".yml"):
        old_front, new_front = split_front_matter(old)[0], split_front_matter(new)[0]
        if old_front is None:
            return new_front is None
        old, new = old_front, new_front or ""
    try:
        before, after = compose_yaml(old), compose_yaml(new)
    except yaml.YAMLError:
        return False
    return _shape(before) == _shape(after)


def _shape(node):
    """The keys and nesting of a YAML document, and the tag (str, int, bool …) of each value."""
    if isinstance(node, yaml.MappingNode):
        return [(k.value, _shape(v)) for k, v in node.value]
    if isinstance(node, yaml.SequenceNode):
        return [_shape(v) for v in node.value]
    return None if node is None else node.tag
