"""Reading the text files staff edit: encodings, YAML with line numbers, front matter."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import yaml

from ..core.errors import Problems

RESAVE_HINT = (
    "请用 UTF-8 编码重新保存：WPS/Excel 选「另存为」→「CSV UTF-8（逗号分隔）」；"
    "记事本选「另存为」→ 编码「UTF-8」；VS Code 点右下角编码 →「通过编码保存」→ UTF-8"
)


def read_text(path: Path, problems: Problems) -> str | None:
    """The file's text as UTF-8 (a BOM is accepted and dropped); None, with a problem, if it is not UTF-8."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（Excel、WPS、记事本在中文 Windows 上的默认编码）"
        except UnicodeDecodeError:
            guess = "无法识别编码"
        problems.add(path, line, f"文件不是 UTF-8 编码，{guess}，为避免乱码没有读取。{RESAVE_HINT}。")
        return None
    if "\x00" in text:
        problems.add(
            path,
            text[: text.index("\x00")].count("\n") + 1,
            f"文件里有空字符（可能是 UTF-16 编码或二进制文件）。{RESAVE_HINT}。",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping (PyYAML silently keeps the last),
    and leaves dates as text so that the schemas, not PyYAML, judge them (2021-02-30 is a message, not a crash)."""

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

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


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a YAML text under the same limits as parse_yaml (no aliases, no deep nesting, bounded size);
    raises yaml.YAMLError where parse_yaml reports a problem."""
    if len(text) > MAX_YAML_CHARS:
        raise yaml.YAMLError("too large")
    loader = _UniqueKeyLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _explain_yaml_error(err: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if "quoted scalar" in str(getattr(err, "context", "")) and getattr(err, "context_mark", None):
        mark = err.context_mark  # an unclosed quote: point at the line where the quote opens, not at the end
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
    loader = _UniqueKeyLoader(text)
    try:  # one pass: the node tree gives the line numbers, the data is constructed from the same tree
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        line, message = _explain_yaml_error(err, text)
        problems.add(path, None if line is None else line + first_line - 1, message)
        return None
    finally:
        loader.dispose()
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


def front_matter_line_count(text: str) -> int:
    """How many lines precede the body MkDocs hands to the macros (front matter and the blank lines after it,
    which MkDocs strips): add it to a line of that body to get the line in the file."""
    text = text.replace("\r\n", "\n")
    front, body, _ = split_front_matter(text)
    return 0 if front is None else text[: len(text) - len(body.lstrip("\n"))].count("\n")
