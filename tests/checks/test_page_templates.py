"""macros/checks/page_templates.py: only macro calls with literal arguments; and the sandbox pages render in reaches
no Python object even when the form check is bypassed (each escape is rendered directly in the sandbox)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, TemplateError
from jinja2.utils import Cycler

from macros.checks.page_templates import check_allowed_forms
from macros.core.errors import Problems
from macros.render.page_sandbox import PageSandbox, sandboxed

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch {canary}').read() }}",
    "{{ config.__class__ }}",
    "{{ lipsum.__globals__['os'].popen('touch {canary}') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ reading_list.__globals__ }}",
    "{{ reading_list('a').__class__.__base__ }}",
    "{{ config['site_url'] }}",
    "{{ config|attr('__class__') }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range(10**10)|list }}",
    "{{ 9**9**9**9 }}",
    "{{ 'x' * 10**12 }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ '{0.__class__}'.format(config) }}",
    "{% set x = cycler.__init__ %}{{ x.__globals__ }}",
    "{{ joiner.__init__.__globals__ }}",
]


def reading_list(list_id: str) -> str:
    return f"书单 {list_id}"


@pytest.mark.parametrize("payload", ESCAPES)
def test_the_sandbox_reaches_no_python_object(payload, tmp_path):
    canary = tmp_path / "canary"
    env = PageSandbox([reading_list])
    env.globals.update(reading_list=reading_list, cycler=Cycler(1), lipsum=lambda: "", joiner=lambda: "")
    with pytest.raises(TemplateError):
        env.from_string(payload.replace("{canary}", str(canary))).render(config={"site_url": "x"})
    assert not canary.exists()


@pytest.mark.parametrize("payload", ESCAPES)
def test_the_form_check_refuses_each_with_its_line(payload):
    problems = Problems()
    assert not check_allowed_forms(f"正文\n\n{payload}\n", Path("docs/x.md"), 3, ["reading_list"], problems)
    assert {p.line for p in problems.items} == {6} and all("写法不允许" in p.message for p in problems.items)


def test_macro_calls_with_literals_are_allowed_and_render():
    body = '{{ reading_list("development") }} {{ reading_list(list_id="a") }} {{ "{{" }} {# 注释 #}'
    assert check_allowed_forms(body, Path("docs/x.md"), 0, ["reading_list"], Problems())
    env = PageSandbox([reading_list])
    env.globals["reading_list"] = reading_list
    assert env.from_string(body).render() == "书单 development 书单 a {{ "


def test_sandboxed_keeps_the_plugins_delimiters_and_only_the_macros():
    plugin = Environment(variable_start_string="<<", variable_end_string=">>")
    plugin.globals.update(reading_list=reading_list, os=__import__("os"))
    env = sandboxed(plugin, [reading_list])
    assert env.from_string("<< reading_list('a') >>").render() == "书单 a"
    assert set(env.globals) == {"reading_list"} and sandboxed(env, []) is env
