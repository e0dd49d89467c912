"""Macro calls in pages, checked against the macro table (macros/registry.py): first statically with Jinja's
parser (unknown names, wrong arguments, with their line), then by running them as the build does."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from ..core.errors import Problems
from ..core.paths import PROJECT_ROOT
from ..render.page_sandbox import PageSandbox
from .macro_errors import HELP, describe_macro_error, unknown_name_message
from .page_files import PageSource
from .page_templates import check_allowed_forms

PLUGIN_BUILTINS = (
    "config",
    "environment",
    "plugin",
    "git",
    "extra",
    "page",
    "navigation",
    "files",
    "macros",
    "filters",
    "filters_builtin",
    "context",
    "macros_info",
    "now",
    "fix_url",
    "render_file",
)
#: Text files outside the pages that may name an asset in docs/ (templates, stylesheets, scripts).


class MacroRegistry:
    """Collects what `define_env` registers, without MkDocs: the part of the mkdocs-macros `env` that the project's
    define_env uses (variables, macro, filter, page, conf, config, project_dir)."""

    def __init__(self, conf: dict):
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Callable] = {}
        self.conf = conf
        self.config = (
            next(
                (item["macros"] for item in conf.get("plugins") or [] if isinstance(item, dict) and "macros" in item),
                {},
            )
            or {}
        )
        self.project_dir = str(PROJECT_ROOT)
        self.page: Any = None
        self.markdown = ""


class _Lenient:
    """Stands for the plugin's own variables (config, page, …): any use is accepted, it renders as nothing."""

    def __init__(self, **known: Any):
        self.__dict__.update(known)

    def __getattr__(self, name: str) -> _Lenient:
        return _Lenient()

    def __getitem__(self, key: Any) -> _Lenient:
        return _Lenient()

    def __call__(self, *args: Any, **kwargs: Any) -> _Lenient:
        return _Lenient()

    def __iter__(self):
        return iter(())

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""


def jinja_environment(registry: MacroRegistry | None) -> Environment:
    """Jinja as the build renders pages: the page sandbox (default delimiters, `on_undefined: strict`)."""
    return PageSandbox(registry.macros.values() if registry is not None else ())


def _known_names(registry: MacroRegistry, page: PageSource, extra: dict) -> set[str]:
    return set(registry.macros) | set(registry.variables) | set(PLUGIN_BUILTINS) | set(page.meta) | set(extra)


def check_macro_calls(page: PageSource, registry: MacroRegistry, extra: dict, problems: Problems) -> bool:
    """Every form a page may not use, unknown name and call with wrong arguments, each with its line. True if none."""
    allowed = check_allowed_forms(page.body, page.path, page.body_offset, registry.macros, problems)
    env = jinja_environment(registry)
    try:
        tree = env.parse(page.body)
    except TemplateSyntaxError as error:
        problems.items += describe_macro_error(
            error, page.body, page.src, sorted(registry.macros), sorted(registry.variables), page.body_offset
        )
        return False
    found = False
    macros, variables = sorted(registry.macros), sorted(registry.variables)
    called = _called_names(tree)
    for name in sorted(called - set(registry.macros)):  # other names are refused as forms above
        for node in tree.find_all(nodes.Name):
            if node.name == name:
                problems.add(
                    page.path,
                    node.lineno + page.body_offset,
                    unknown_name_message(name, macros, variables, _line_text(page.body, node.lineno)),
                )
                found = True
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in registry.macros:
            continue
        if call.dyn_args is not None or call.dyn_kwargs is not None:
            continue
        function = registry.macros[call.node.name]
        try:
            inspect.signature(function).bind(*call.args, **{kw.key: kw.value for kw in call.kwargs})
        except TypeError as error:
            problems.add(
                page.path,
                call.lineno + page.body_offset,
                f"宏「{call.node.name}」的参数不对（{_signature_hint(call.node.name, function)}）："
                f"{_explain_type_error(error)}{_line_text(page.body, call.lineno)}。{HELP}",
            )
            found = True
    return allowed and not found


def _called_names(tree: nodes.Template) -> set[str]:
    return {call.node.name for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)}


def called_macros(body: str) -> set[str] | None:
    """The names a page's text calls, read by the parser the check uses; None if the text does not parse or calls
    something that is not a name (the check refuses both)."""
    try:
        tree = jinja_environment(None).parse(body)
    except TemplateSyntaxError:
        return None
    calls = list(tree.find_all(nodes.Call))
    if any(not isinstance(call.node, nodes.Name) for call in calls):
        return None
    return _called_names(tree)


def _line_text(body: str, line: int) -> str:
    lines = body.split("\n")
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return f"（这一行是：{text[:80]}）" if text else ""


def _signature_hint(name: str, function: Callable) -> str:
    params = list(inspect.signature(function).parameters)
    return f"正确写法：{name}({', '.join(params)})" if params else f"正确写法：{name}()，括号里不写参数"


def _explain_type_error(error: TypeError) -> str:
    text = str(error)
    if "missing a required argument" in text:
        return "少了参数 " + text.split(":", 1)[-1].strip()
    if "too many positional arguments" in text:
        return "参数写多了"
    if "unexpected keyword argument" in text:
        return "不认识的参数名 " + text.split("argument", 1)[-1].strip()
    return text


def expand_page(page: PageSource, registry: MacroRegistry, extra: dict, problems: Problems) -> str | None:
    """The page's Markdown after its macros ran, as the build gets it; None (with problems) if a macro fails."""
    if not page.renders_macros:
        return page.body
    registry.page = SimpleNamespace(file=SimpleNamespace(src_path=page.src), meta=page.meta, title=None, url=page.src)
    context: dict[str, Any] = {name: _Lenient() for name in PLUGIN_BUILTINS}
    context["page"] = _Lenient(meta=page.meta, file=registry.page.file)
    context.update(extra)
    context.update(registry.variables)
    context.update(registry.macros)
    context.update(page.meta)
    try:
        return jinja_environment(registry).from_string(page.body).render(**context)
    except Exception as error:
        problems.items += describe_macro_error(
            error, page.body, page.src, sorted(registry.macros), sorted(registry.variables), page.body_offset
        )
        return None
