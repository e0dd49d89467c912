"""Static bar charts: Python works out the geometry, macros/render/templates/chart.svg.j2 draws it.

Sizes are in SVG user units; the chart scales to the page width (and to A4 in print) through its viewBox.
The width is a phone's (one user unit is about one CSS pixel there) and the labels grow with the reader's 字号
(stats.css), so the room for labels and the rows are worked out for the largest 字号.
Chinese labels are measured at one em per character, Latin digits at about half an em.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = 14  # label size in user units at the standard 字号 (stats.css sets the same)
LARGEST = 1.5  # the largest 字号 (特大) as a multiple of the standard one (reading.css --reading-scale)
BAR = 18  # thickness of a bar
GAP = 8  # space between bars
WIDTH = 320  # width of every chart: a 360 px phone's text column, so labels are drawn about 1:1


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as printed next to the bar
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    orientation: str  # "horizontal" (bars grow right) or "vertical" (columns grow up)
    bars: list[Bar]
    axis: tuple[float, float, float, float]  # the base line: x1, y1, x2, y2


def text_width(text: str, font: float = FONT * LARGEST) -> float:
    """Approximate width of a label at the largest 字号: full-width characters one em, ASCII half an em."""
    return sum(font * (0.55 if ch.isascii() else 1.0) for ch in text)


def _scale(values: list[float], room: float) -> float:
    top = max(values, default=0)
    return room / top if top > 0 else 0.0


def horizontal_bars(
    chart_id: str, title: str, description: str, items: list[tuple[str, float, str]], full: float | None = None
) -> Chart:
    """One bar per (label, value, printed value). The widest bar is the largest value, or `full` if given
    (a rate is drawn against 100%, so that small differences do not look large)."""
    label_room = max((text_width(label) for label, _, _ in items), default=0) + 10
    text_room = max((text_width(text) for _, _, text in items), default=0) + 8
    room = WIDTH - label_room - text_room
    scale = _scale([value for _, value, _ in items] + ([full] if full else []), room)
    bars = []
    step = max(BAR, FONT * LARGEST * 1.2) + GAP
    for i, (label, value, text) in enumerate(items):
        y = GAP + i * step
        length = value * scale
        middle = y + BAR / 2
        bars.append(
            Bar(label, text, label_room, y, length, BAR, label_room - 6, middle, label_room + length + 4, middle)
        )
    height = round(GAP + len(items) * step)
    return Chart(chart_id, title, description, WIDTH, height, "horizontal", bars, (label_room, 0, label_room, height))
