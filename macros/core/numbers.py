"""How numbers read on the site: thousands separated by commas, rates as percentages with one decimal."""

from __future__ import annotations

from dataclasses import dataclass

MISSING = "—"  # shown when a figure does not exist (a rate of zero members, the median of nobody)


@dataclass(frozen=True)
class Hidden:
    """A figure that is not published: it describes fewer than `minimum` members, or would let one be worked out."""

    minimum: int

    def __str__(self) -> str:
        return f"不足{self.minimum}人"


def format_int(value: int | None) -> str:
    """12345 → 12,345."""
    if isinstance(value, Hidden):
        return str(value)
    return MISSING if value is None else f"{value:,}"


def format_decimal(value: float | None) -> str:
    """One decimal, dropped when it is zero: 509.61 → 509.6, 270.0 → 270."""
    if isinstance(value, Hidden):
        return str(value)
    if value is None:
        return MISSING
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_percent(rate: float | None) -> str:
    """0.6837 → 68.4%."""
    if isinstance(rate, Hidden):
        return str(rate)
    return MISSING if rate is None else f"{rate * 100:.1f}%"


def format_hours(minutes: int) -> str:
    """Minutes as hours, for the headline figures: 1045220 → 17,420."""
    if isinstance(minutes, Hidden):
        return str(minutes)
    return f"{round(minutes / 60):,}"
