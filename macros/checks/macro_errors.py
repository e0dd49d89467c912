"""Chinese messages for mistakes in macro calls ({{ … }} in a page), instead of a Python traceback."""

from __future__ import annotations

import difflib
import re
import sys
import traceback

from jinja2 import TemplateSyntaxError, UndefinedError

from ..core.errors import ContentError, Problem, format_problems

HELP = "宏的写法见 /contribute/ 页面「在页面里使用宏」一节"


def _template_line(error: BaseException) -> int | None:
    """The line of the page where Jinja stopped, from the frames Jinja rewrites to '<template>'."""
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    tb = error.__traceback__ or sys.exc_info()[2]
    lines = [f.lineno for f in traceback.extract_tb(tb) if f.filename == "<template>"]
    return lines[-1] if lines else None


def _call_on_line(markdown: str, line: int | None) -> str:
    if not line:
        return ""
    text = markdown.split("\n")[line - 1].strip() if line <= markdown.count("\n") + 1 else ""
    return f"（这一行是：{text[:80]}）" if text else ""


def unknown_name_message(name: str, macros: list[str], variables: list[str], where: str = "") -> str:
    """What to say about a name in {{ … }} that no macro or variable has: the likely intended one, or the list."""
    guess = difflib.get_close_matches(name, macros + variables, n=1)
    hint = f"是不是想写「{guess[0]}」？" if guess else f"可用的宏有：{'、'.join(macros)}。"
    return f"页面里的「{name}」不存在（可能是拼写错误）{where}。{hint}{HELP}"


def describe_macro_error(
    error: BaseException, markdown: str, src_path: str, macros: list[str], variables: list[str], line_offset: int = 0
) -> list[Problem]:
    """The problems behind a failed page rendering, each naming the file and the line of the page file.

    `markdown` is the page without its front matter, as the macros plugin renders it; `line_offset` is the number
    of front-matter lines above it, so that the line numbers are those staff see in their editor."""
    file = f"docs/{src_path}"
    line = _template_line(error)
    where = _call_on_line(markdown, line)
    file_line = None if line is None else line + line_offset
    if isinstance(error, ContentError):
        return [
            Problem(p.file, file_line, p.message, p.column) if p.file == file and p.line is None else p
            for p in error.problems
        ]
    if isinstance(error, UndefinedError):
        match = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(error))
        name = next((g for g in match.groups() if g), "") if match else ""
        dotted = re.search(rf"([A-Za-z_][\w.]*)\.{re.escape(name)}\b", where) if name else None
        if match and match.group(2) and dotted:
            message = (
                f"页面里的「{dotted.group(0)}」不存在：「{dotted.group(1)}」没有「{name}」这一项"
                f"（可能是拼写错误）{where}。{HELP}"
            )
        else:
            message = unknown_name_message(name, macros, variables, where)
    elif isinstance(error, TemplateSyntaxError):
        message = (
            f"宏的写法有误：{error.message}{where}。请检查 {{{{ 和 }}}} 是否成对、括号和引号是否成对。"
            f"如果页面正文本来就需要写 {{{{ ，请用 {{% raw %}} … {{% endraw %}} 包起来。{HELP}"
        )
    elif isinstance(error, TypeError):  # wrong arguments
        message = f"宏的参数不对：{error}{where}。{HELP}"
    else:  # a macro failed in a way no check foresaw: say so plainly, for the technical staff
        message = (
            f"宏运行出错（{type(error).__name__}: {error}）{where}。"
            "这多半是程序的问题而不是您的错，请把这条提示发给技术同事"
        )
    return [Problem(file, file_line, message)]


def explain_macro_error(
    error: BaseException, markdown: str, src_path: str, macros: list[str], variables: list[str], line_offset: int = 0
) -> str:
    """One Chinese message naming the file, the line and what to do."""
    return format_problems(describe_macro_error(error, markdown, src_path, macros, variables, line_offset))


explain_macro_error.handles = (ContentError, UndefinedError, TemplateSyntaxError, TypeError)
