"""The Jinja environment every page renders in: Jinja's sandbox narrowed further, so that a form the check
(macros/checks/page_templates.py) did not think of still reaches no Python object."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError


class PageSandbox(SandboxedEnvironment):
    """Jinja's sandbox with nothing left to reach: no attribute or item of any object, no operator, no filter or
    test, and only the registered macros may be called."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    intercepted_unops = frozenset(["+", "-"])

    def __init__(self, macros: Iterable[Callable] = (), **options):
        options.setdefault("undefined", StrictUndefined)
        super().__init__(**options)
        self.callable_ids = {id(f) for f in macros}
        self.filters = {}  # no filter: the macros return finished text (the check names `|…` as not allowed)
        self.tests = {}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return False

    def is_safe_callable(self, obj) -> bool:
        return id(obj) in self.callable_ids

    def getitem(self, obj, argument):
        return self.unsafe_undefined(obj, str(argument))

    def getattr(self, obj, attribute):
        return self.unsafe_undefined(obj, attribute)

    def call(__self, __context, __obj, *args, **kwargs):  # Jinja's own signature
        if isinstance(__obj, Undefined):  # a misspelt macro: say it is unknown, as outside the sandbox
            __obj._fail_with_undefined_error()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator, left, right):
        raise SecurityError(f"页面里不能做运算（{operator}）")

    def call_unop(self, context, operator, arg):
        raise SecurityError(f"页面里不能做运算（{operator}）")


#: Filters the glue itself applies to every page (macros/render/page_finish.py wraps each page in one); a page's own
#: text may use none of them: check_allowed_forms refuses every filter before the page renders.
TRUSTED_FILTERS = ("finish_page",)


def sandboxed(environment, macros: Iterable[Callable]) -> PageSandbox:
    """A PageSandbox with the undefined, delimiters and extensions of the macros plugin's environment, its macros
    and the glue's own page filter (once)."""
    if isinstance(environment, PageSandbox):
        return environment
    sandbox = PageSandbox(
        macros,
        loader=None,
        extensions=[type(extension) for extension in environment.extensions.values()],
        undefined=environment.undefined,
        variable_start_string=environment.variable_start_string,
        variable_end_string=environment.variable_end_string,
        block_start_string=environment.block_start_string,
        block_end_string=environment.block_end_string,
        comment_start_string=environment.comment_start_string,
        comment_end_string=environment.comment_end_string,
    )
    sandbox.filters.update({name: environment.filters[name] for name in TRUSTED_FILTERS if name in environment.filters})
    sandbox.globals.clear()
    sandbox.globals.update(
        {name: value for name, value in environment.globals.items() if id(value) in sandbox.callable_ids}
    )
    return sandbox
