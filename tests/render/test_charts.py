"""macros/render/charts.py and macros/core/numbers.py: chart geometry and how numbers read."""

from __future__ import annotations

import pytest

from macros.core.numbers import format_decimal, format_hours, format_int, format_percent
from macros.render.charts import WIDTH, horizontal_bars, text_width


def test_horizontal_bars_scale_to_the_largest_value_and_fit_the_width():
    chart = horizontal_bars("c", "标题", "说明", [("自学", 100, "100"), ("小讲堂", 50, "50"), ("深走访", 0, "0")])
    long, half, zero = chart.bars
    assert half.width == pytest.approx(long.width / 2) and zero.width == 0
    assert long.x + long.width + text_width("100") <= WIDTH
    assert long.x >= text_width("小讲堂")  # labels fit left of the bars
    assert [b.y for b in chart.bars] == sorted(b.y for b in chart.bars)
    assert chart.height >= zero.y + zero.height


def test_rates_are_drawn_against_a_full_bar():
    chart = horizontal_bars("c", "t", "d", [("甲", 0.5, "50.0%")], full=1.0)
    room = WIDTH - chart.bars[0].x - text_width("50.0%") - 8
    assert chart.bars[0].width == pytest.approx(room / 2)


def test_charts_of_nothing_do_not_divide_by_zero():
    assert horizontal_bars("c", "t", "d", []).bars == []


def test_number_formats():
    assert format_int(1045220) == "1,045,220" and format_int(None) == "—"
    assert format_decimal(509.6148) == "509.6" and format_decimal(270.0) == "270" and format_decimal(None) == "—"
    assert format_percent(0.68367) == "68.4%" and format_percent(None) == "—" and format_percent(0.0) == "0.0%"
    assert format_hours(1045220) == "17,420"
