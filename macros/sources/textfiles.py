"""Reading the text files staff edit: encodings, YAML with line numbers, front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ..core.errors import Problems

RESAVE_HINT = (
    "请用 UTF-8 编码重新保存：WPS/Excel 选「另存为」→「CSV UTF-8（逗号分隔）」；"
    "记事本选「另存为」→ 编码「UTF-8」；VS Code 点右下角编码 →「通过编码保存」→ UTF-8"
)


FIX_HINT = "运行 make fix 会把它转存为 UTF-8（文字一个不变）；或者" + RESAVE_HINT
UTF8_BOM = b"\xef\xbb\xbf"
#: Characters a text saved by an office program never holds: if a GB18030 reading gives one, it is not GB18030.
NOT_TEXT_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


@dataclass(frozen=True)
class Decoded:
    """A file's text, and how it was saved when that is not plain UTF-8 (None: UTF-8, with or without one BOM)."""

    text: str
    saved_as: str | None = None  # a short Chinese name of the encoding, for the message
    line: int = 1  # where that shows first (the first line plain UTF-8 cannot read)


def decode_text(raw: bytes) -> Decoded | None:
    """The text of a file as Chinese offices save it: UTF-8 (with one BOM, or two), UTF-16 (with or without a BOM)
    or GB18030/GBK; None if it is none of them."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(raw, "utf-16", "UTF-16（记事本的「Unicode」）")
    if b"\x00" in raw and len(raw) % 2 == 0:  # UTF-8 text holds no NUL; in UTF-16 each ASCII character has one
        odd, even = raw[1::2].count(0), raw[::2].count(0)
        if max(odd, even) >= 9 * min(odd, even):  # nearly all on one side (the rest from rare characters): its order
            return _decode(raw, "utf-16-le" if odd else "utf-16-be", "UTF-16（没有 BOM）")
    boms = 0
    while raw.startswith(UTF8_BOM):
        raw, boms = raw[3:], boms + 1
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        decoded = _decode(raw, "gb18030", "GBK/GB18030（Excel、WPS、记事本在中文 Windows 上的默认编码）")
        return None if decoded is None else Decoded(decoded.text, decoded.saved_as, line)
    if "\x00" in text:
        return None
    return Decoded(text, "UTF-8，但开头有两个或更多 BOM 标记（多次另存为造成）" if boms > 1 else None)


def _decode(raw: bytes, codec: str, name: str) -> Decoded | None:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    text = text.removeprefix("\ufeff")
    return None if NOT_TEXT_RE.search(text) else Decoded(text, name)


def read_text(path: Path, problems: Problems) -> str | None:
    """The file's text, newlines as \\n. UTF-8 (a BOM is dropped) is read silently; UTF-16, GB18030 and a repeated
    BOM are read too, with one problem naming the encoding (`make fix` converts it); None, with a problem, if the
    encoding cannot be told."""
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        problems.add(
            path,
            None,
            "无法识别文件的编码（不是 UTF-8、UTF-16，也不是 GBK/GB18030，可能是二进制文件或其他程序的格式），"
            f"为避免乱码没有读取。{RESAVE_HINT}。",
        )
        return None
    if decoded.saved_as:
        problems.add(
            path,
            decoded.line,
            f"文件的编码是 {decoded.saved_as}，不是网站要求的 UTF-8。内容已照此读取并检查；{FIX_HINT}。",
        )
    return decoded.text.replace("\r\n", "\n").replace("\r", "\n")


def decoded_text(path: Path) -> str | None:
    """The file's text in whatever encoding read_text accepts, newlines as \\n, without a problem (for readers whose
    file a loader reads and reports as well); None if the file is missing or its encoding cannot be told."""
    try:
        decoded = decode_text(path.read_bytes())
    except OSError:
        return None
    return None if decoded is None else decoded.text.replace("\r\n", "\n").replace("\r", "\n")


def resave_as_utf8(path: Path) -> bool:
    """`make fix`: rewrite a file saved as UTF-16, GB18030 or with repeated BOMs as UTF-8, every character kept
    (a CSV keeps one BOM, which Excel needs to open UTF-8); True if it was rewritten."""
    decoded = decode_text(path.read_bytes())
    if decoded is None or decoded.saved_as is None:
        return False
    bom = UTF8_BOM if path.suffix.lower() == ".csv" else b""
    path.write_bytes(bom + decoded.text.encode("utf-8"))
    return True


class LineMap(dict):
    """Maps a path inside a YAML document, such as ("books", 2, "title"), to its 1-based line."""

    def line_for(self, loc: tuple) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self:
                return self[loc]
            loc = loc[:-1]
        return self.get((), None)


def _map_lines(node: yaml.Node, path: tuple, lines: LineMap) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _map_lines(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _map_lines(item, path + (i,), lines)


#: Bounds on staff YAML (the largest real file is a few kilobytes, nested three levels): a pasted or hostile file
#: stops with a message at once instead of keeping the check and the build busy.
MAX_YAML_CHARS = 1_000_000
MAX_YAML_DEPTH = 20


class _StaffRules:
    """What staff YAML may hold, for both loaders: a key written twice in one mapping is refused (PyYAML silently
    keeps the last), and dates stay text so that the schemas, not PyYAML, judge them (2021-02-30 is a message)."""

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"字段「{key}」写了两次（第一次在第 {seen[key]} 行）", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_StaffRules, yaml.SafeLoader):
    """PyYAML's own parser, which names every mistake as the messages expect, and refuses anchors, aliases and deep
    nesting as it reads."""

    depth = 0

    def compose_node(self, parent, index):
        """Refuse anchors (&name) and aliases (*name), which staff files never need, and deep nesting."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(None, None, "YAML 锚点和别名（& 与 *）", event.start_mark)
        self.depth += 1
        if self.depth > MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"嵌套超过 {MAX_YAML_DEPTH} 层", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


#: libyaml's parser (PyYAML's C part, about eight times faster), for texts it reads without a mistake.
_FastLoader = type("_FastLoader", (_StaffRules, yaml.CSafeLoader), {}) if yaml.__with_libyaml__ else None


def _within_depth(root: yaml.Node) -> bool:
    """True if no node of the tree lies deeper than MAX_YAML_DEPTH (the root is at depth 1)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_YAML_DEPTH:
            return False
        if isinstance(node, yaml.MappingNode):
            stack += [(value, depth + 1) for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value]
    return True


def _read_nodes(text: str) -> tuple[yaml.BaseLoader, yaml.Node | None]:
    """The loader and the node tree of a YAML text. libyaml reads it when it can hold no anchor or alias (no & or *)
    and no tab (libyaml takes a tab after a colon, which PyYAML, and so the check, refuses), and reads it without a
    mistake; anything else is read again by PyYAML's own parser, whose messages name it."""
    if _FastLoader is not None and not any(sign in text for sign in "&*\t"):
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            if node is None or _within_depth(node):
                return loader, node
        except yaml.YAMLError:
            pass
        loader.dispose()
    loader = _UniqueKeyLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        raise


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a YAML text under the same limits as parse_yaml (no aliases, no deep nesting, bounded size);
    raises yaml.YAMLError where parse_yaml reports a problem."""
    if len(text) > MAX_YAML_CHARS:
        raise yaml.YAMLError("too large")
    loader, node = _read_nodes(text)
    loader.dispose()
    return node


#: A field name at the start of a line (or of a list item), followed by a full-width colon, or by a colon and no space.
FULLWIDTH_COLON_RE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*：")
#: A value that opens a quote and does not close it on its line.
OPEN_QUOTE_RE = re.compile(r"""^\s*(?:-\s+)?[\w-]+:\s+(?:"[^"]*|'[^']*)$""")
NO_SPACE_COLON_RE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:(?=[^\s:/])")


def _colon_mistake(lines: list[str], first: int, last: int) -> tuple[int, str] | None:
    """A field written with a full-width colon or with no space after its colon, on lines first..last (0-based):
    YAML reads such a line as part of a text and stops a line or more below it."""
    for index in range(max(first, 0), min(last, len(lines) - 1) + 1):
        line = lines[index]
        if FULLWIDTH_COLON_RE.match(line):
            name = line.split("：", 1)[0].strip().lstrip("- ")
            return index, (
                f"字段名后面用了中文冒号「：」（{line.strip()[:40]}）：YAML 只认英文冒号加一个空格，"
                f"请改成「{name}: …」。值里的中文冒号不用改"
            )
        if NO_SPACE_COLON_RE.match(line):
            name = line.split(":", 1)[0].strip().lstrip("- ")
            return index, f"字段名「{name}」后面的英文冒号缺一个空格：请写成「{name}: …」（冒号后面空一格）"
    return None


def explain_yaml_error(err: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """The line that holds the mistake (1-based; YAML often stops a line below it) and what to do, in Chinese."""
    problem_mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    mark = problem_mark or context_mark
    context = str(getattr(err, "context", "") or "")
    if context_mark is not None and ("quoted scalar" in context or "simple key" in context):
        mark = context_mark  # an unclosed quote or a key without ':': point where it starts, not where YAML stopped
    line = mark.line + 1 if mark else None
    problem = getattr(err, "problem", "") or str(err)
    if isinstance(err, yaml.constructor.ConstructorError) and "写了两次" in problem:
        return line, f"{problem}，请删掉其中一个。"
    if isinstance(err, yaml.composer.ComposerError) and "锚点" in problem:
        return line, "这里用了 YAML 的锚点或别名（& 或 * 开头的名字）：本站的数据文件不需要它们，请把内容直接写出来。"
    if isinstance(err, yaml.composer.ComposerError) and "嵌套" in problem:
        return line, f"这里的层次太深（{problem}），本站的数据文件最多三四层：请检查缩进和括号。"
    source_lines = text.split("\n")
    bad_line = source_lines[mark.line] if mark is not None and mark.line < len(source_lines) else ""
    if "\t" in bad_line or "'\\t'" in str(err):
        return line, "这一行用了 Tab 键缩进；YAML 只认空格，请把 Tab 换成两个空格。"
    if "quoted scalar" in str(err) or "found unexpected end of stream" in problem:
        return line, "引号没有成对（开头有引号，结尾缺引号），请补上结尾的引号，或去掉开头的引号。"
    if problem_mark is not None and context_mark is not None:  # a quote opened above and closed lines later
        for index in range(context_mark.line, min(problem_mark.line, len(source_lines))):
            if OPEN_QUOTE_RE.match(source_lines[index]):
                return index + 1, "引号没有成对（开头有引号，结尾缺引号），请补上结尾的引号，或去掉开头的引号。"
    if mark is not None:  # a colon mistake on this line or the few above it (a plain text runs on over lines)
        first = min(m.line for m in (problem_mark, context_mark) if m is not None)
        found = _colon_mistake(source_lines, first - 3, mark.line)
        if found:
            return found[0] + 1, found[1] + "。"
    if "mapping values are not allowed" in problem:
        return line, (
            "这一行的冒号位置不对：值里含有英文冒号「: 」时请给整个值加引号，"
            "或改用中文冒号「：」；也请检查缩进是否与上一行对齐。"
        )
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return line, "缩进或冒号有误：每个字段写成「字段名: 值」，同一层的字段左边要对齐（用空格）。"
    return line, f"YAML 格式错误（{problem}），请检查这一行及上一行的缩进、冒号和引号。"


def parse_yaml(text: str, path: Path, problems: Problems, first_line: int = 1) -> tuple[Any, LineMap] | None:
    """Parse YAML text; on a syntax error add one Chinese problem with the line and return None."""
    if len(text) > MAX_YAML_CHARS:
        problems.add(
            path,
            first_line,
            f"这段 YAML 太大（{len(text):,} 个字符，上限 {MAX_YAML_CHARS:,}），没有读取：本站的数据文件只有几千字。"
            "请检查是不是粘贴错了内容",
        )
        return None
    try:  # one pass: the node tree gives the line numbers, the data is constructed from the same tree
        loader, node = _read_nodes(text)
        try:
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        line, message = explain_yaml_error(err, text)
        problems.add(path, None if line is None else line + first_line - 1, message)
        return None
    lines = LineMap()
    if node is not None:
        _map_lines(node, (), lines)
        if first_line != 1:
            for key in lines:
                lines[key] += first_line - 1
    return data, lines


def load_yaml_file(path: Path, problems: Problems) -> tuple[Any, LineMap] | None:
    """Read and parse a YAML file; None (with problems added) if it cannot be read."""
    text = read_text(path, problems)
    if text is None:
        return None
    return parse_yaml(text, path, problems)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line number where the YAML starts)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            after = text.find("\n", end + 4)
            body = "" if after == -1 else text[after + 1 :]
            return text[4 : end + 1], body, 2
    return None, text, 1


def parse_front_matter(text: str, path: Path, problems: Problems, missing: str) -> tuple[Any, LineMap, str] | None:
    """(front matter data, its line map, body) of a page; None with `missing` (what to write) or the YAML mistake
    reported when it has none or it cannot be read."""
    front, body, first_line = split_front_matter(text)
    if front is None:
        problems.add(path, 1, missing)
        return None
    parsed = parse_yaml(front, path, problems, first_line=first_line)
    return None if parsed is None else (*parsed, body)


def front_matter_line_count(text: str) -> int:
    """How many lines precede the body MkDocs hands to the macros (front matter and the blank lines after it,
    which MkDocs strips): add it to a line of that body to get the line in the file."""
    text = text.replace("\r\n", "\n")
    front, body, _ = split_front_matter(text)
    return 0 if front is None else text[: len(text) - len(body.lstrip("\n"))].count("\n")
