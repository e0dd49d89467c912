"""What a page may say in {{ … }}: calls of the registered macros with literal arguments, nothing else.

Two layers. `check_allowed_forms` reads the page with Jinja's parser and refuses every other form, with its line
(the check and the build both run it). `PageSandbox` is the Jinja environment pages are rendered with: Jinja's
sandbox narrowed further, so that a form nobody thought of still reaches no Python object.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes

from ..core.errors import Problems
from ..render.page_sandbox import PageSandbox

ALLOWED_FORM = (
    '页面里的 {{ … }} 只能写宏调用，例如 {{ reading_list("development") }}，参数只能是写死的文字或数字；'
    '要显示双花括号本身，写 {{ "{{" }}。宏的写法见 /contribute/ 页面「在页面里使用宏」一节'
)

#: Jinja statements ({% … %}) by node class, as staff would recognise them.
STATEMENTS = {
    "For": "循环 {% for %}",
    "If": "条件 {% if %}",
    "Macro": "定义宏 {% macro %}",
    "CallBlock": "{% call %}",
    "FilterBlock": "{% filter %}",
    "With": "{% with %}",
    "Block": "{% block %}",
    "Extends": "{% extends %}",
    "Include": "{% include %}",
    "Import": "{% import %}",
    "FromImport": "{% from … import %}",
    "Assign": "赋值 {% set %}",
    "AssignBlock": "赋值 {% set %}",
    "ExprStmt": "{% do %}",
    "Scope": "作用域",
    "OverlayScope": "作用域",
    "EvalContextModifier": "{% autoescape %}",
    "ScopedEvalContextModifier": "{% autoescape %}",
    "Break": "{% break %}",
    "Continue": "{% continue %}",
}


def _literal(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and isinstance(node.value, (str, int, float)) and node.value is not True


def _expression_kind(node: nodes.Node) -> str:
    """How a refused expression is named in the message."""
    if isinstance(node, nodes.Getattr):
        return f"取属性「.{node.attr}」"
    if isinstance(node, nodes.Getitem):
        return "取下标「[…]」"
    if isinstance(node, nodes.Filter):
        return f"过滤器「|{node.name}」"
    if isinstance(node, nodes.Test):
        return f"测试「is {node.name}」"
    if isinstance(node, nodes.Name):
        return f"变量「{node.name}」"
    if isinstance(node, nodes.Call):
        if isinstance(node.node, nodes.Name):
            return f"调用「{node.node.name}」（它不是本站的宏）"
        return _expression_kind(node.node)
    if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr, nodes.Compare, nodes.Concat)):
        return "运算"
    if isinstance(node, nodes.CondExpr):
        return "条件表达式（… if … else …）"
    if isinstance(node, (nodes.List, nodes.Tuple, nodes.Dict)):
        return "列表或字典"
    return f"不允许的写法（{type(node).__name__}）"


def _refusal(node: nodes.Node, macros: set[str]) -> tuple[nodes.Node, str] | None:
    """The first part of one {{ … }} expression that is not an allowed form, with what to call it."""
    if _literal(node) or isinstance(node, nodes.TemplateData):
        return None
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):  # an unknown name: the macro check says
        # which macro was meant
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            return node, "参数展开（*args、**kwargs）"
        for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
            if not _literal(arg):
                return arg, f"参数里的{_expression_kind(arg)}"
        return None
    if isinstance(node, nodes.Name) and node.name in macros:
        return node, f"宏「{node.name}」没有加括号"
    return node, _expression_kind(node)


def check_allowed_forms(body: str, path: Path, offset: int, macros: Iterable[str], problems: Problems) -> bool:
    """Every {{ … }} and {% … %} of a page body that is not a macro call with literal arguments, with its line.
    True if the page has none (a syntax error is left to the macro check, which explains it)."""
    names = set(macros)
    try:
        tree = PageSandbox().parse(body)
    except TemplateSyntaxError:
        return True
    found = False
    for statement in tree.body:
        if isinstance(statement, nodes.Output):
            refused = [r for r in (_refusal(n, names) for n in statement.nodes) if r]
        else:
            refused = [(statement, STATEMENTS.get(type(statement).__name__, f"语句（{type(statement).__name__}）"))]
        for node, kind in refused:
            line = (node.lineno or statement.lineno) + offset
            problems.add(path, line, f"这里的写法不允许（{kind}）。{ALLOWED_FORM}")
            found = True
    return not found
