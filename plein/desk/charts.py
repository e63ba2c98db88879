"""Server-rendered SVG charts: the geometry of a column chart (a count over time) and a
bar chart (a count per category), for ``templates/desk/figures.html`` to draw. No
JavaScript: the browser draws what the server computed. Every chart has a table with
the same numbers beside it (screen readers, print).

A count hidden as "< 5" (``figures.shown``) gets no bar at all: its length would tell.
"""

from dataclasses import dataclass

from plein.desk.figures import SMALL, shown

SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the count as shown ("< 5" where hidden)
    x: float
    y: float
    width: float
    height: float
    tick: str = ""  # a label under a column (not every column has one)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list
    grid: list  # (y or x, label) of the scale lines
    kind: str  # "columns" or "bars"


def nice_max(value):
    """The top of the scale: 1, 2 or 5 times a power of ten, at least ``value``."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor:
                return step * factor
        step *= 10


def _length(count, top, room, hide_small):
    if hide_small and count < SMALL:
        return 0.0
    return round(room * count / top, 1) if top else 0.0


def columns(rows, *, labels, hide_small, width=720, height=220):
    """A column per (key, count); ``labels(key, index)`` gives the text under a column
    ("" for none) and its full name."""
    left, bottom, top_pad = 44, 26, 10
    top = nice_max(max([c for _k, c in rows] or [1]) or 1)
    room_h, room_w = height - bottom - top_pad, width - left - 4
    step = room_w / max(len(rows), 1)
    bars = []
    for index, (key, count) in enumerate(rows):
        tick, name = labels(key, index)
        h = _length(count, top, room_h, hide_small)
        bars.append(Bar(label=name, text=shown(count, hide_small), tick=tick,
                        x=round(left + index * step + step * 0.15, 1),
                        y=round(top_pad + room_h - h, 1), width=round(step * 0.7, 1),
                        height=h))
    grid = [(round(top_pad + room_h - room_h * f, 1), shown(int(top * f), False))
            for f in (0, 0.5, 1)]
    return Chart(width=width, height=height, bars=bars, grid=grid, kind="columns")


def bars(rows, *, hide_small, width=420, row=30):
    """A horizontal bar per (label, count), label on the left, count at the bar's end."""
    left, right = 150, 46
    top = nice_max(max([c for _l, c in rows] or [1]) or 1)
    room = width - left - right
    drawn = [Bar(label=label, text=shown(count, hide_small), x=left, y=index * row + 4,
                 width=_length(count, top, room, hide_small), height=row - 10)
             for index, (label, count) in enumerate(rows)]
    return Chart(width=width, height=max(len(rows), 1) * row + 4, bars=drawn,
                 grid=[], kind="bars")


def week_labels(monday, _index):
    """Under a week's column: the month's short name at its first week."""
    tick = SHORT_MONTHS[monday.month - 1] if monday.day <= 7 else ""
    return tick, f"week van {monday:%d-%m-%Y} (week {monday.isocalendar()[1]})"


def month_labels(first, _index):
    return SHORT_MONTHS[first.month - 1], f"{first:%m-%Y}"
