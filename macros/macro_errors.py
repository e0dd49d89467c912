"""Chinese messages for mistakes in macro calls ({{ … }} in a page), instead of a Python traceback."""

from __future__ import annotations

import difflib
import re
import sys
import traceback

from jinja2 import TemplateSyntaxError, UndefinedError

from .errors import ContentError, Problem, format_problems

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


def explain_macro_error(error: BaseException, markdown: str, src_path: str,
                        macros: list[str], variables: list[str]) -> str:
    """One Chinese message naming the file, the line and what to do."""
    if isinstance(error, ContentError):
        return format_problems(error.problems)
    file = f"docs/{src_path}"
    line = _template_line(error)
    where = _call_on_line(markdown, line)
    if isinstance(error, UndefinedError):
        match = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(error))
        name = next((g for g in match.groups() if g), "") if match else ""
        guess = difflib.get_close_matches(name, macros + variables, n=1)
        hint = f"是不是想写「{guess[0]}」？" if guess else f"可用的宏有：{'、'.join(macros)}。"
        message = f"页面里的「{name}」不存在（可能是拼写错误）{where}。{hint}{HELP}"
    elif isinstance(error, TemplateSyntaxError):
        message = (f"宏的写法有误：{error.message}{where}。请检查 {{{{ 和 }}}} 是否成对、括号和引号是否成对。"
                   f"如果页面正文本来就需要写 {{{{ ，请用 {{% raw %}} … {{% endraw %}} 包起来。{HELP}")
    else:  # TypeError: wrong arguments
        message = f"宏的参数不对：{error}{where}。{HELP}"
    return format_problems([Problem(file, line, message)])


explain_macro_error.handles = (ContentError, UndefinedError, TemplateSyntaxError, TypeError)
