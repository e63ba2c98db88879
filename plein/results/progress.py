"""A goal's progress against its target and against time, and its chart.

The rule (also on the goal's page): progress is expected to go in a straight line from
the baseline on the start date to the target on the deadline. On a given day

- *gehaald* (reached): the figure has reached the target (at or above it when the
  target is above the baseline, at or below it when the goal is to go down);
- *niet gehaald* (missed): the deadline has passed and it has not;
- *op koers* (on track): the figure is at least where the straight line is today;
- *achter* (behind): it is not;
- *geen gegevens*: there is no figure to judge (never counted as 0);
- *nog niet begonnen*: the start date is still to come.

A counted figure (contacts, activities, hours) adds up from zero at the start, so its
baseline is usually 0; a level (partners, a survey's score) starts at the baseline.
"""

from dataclasses import dataclass

from plein.desk.charts import SHORT_MONTHS, Bar, Chart, nice_max
from plein.results.indicators import checkpoints
from plein.vocab import Vocabulary


class Standing(Vocabulary):
    REACHED = "reached", "Gehaald"
    ON_TRACK = "on_track", "Op koers"
    BEHIND = "behind", "Achter"
    MISSED = "missed", "Niet gehaald"
    NO_DATA = "no_data", "Geen gegevens"
    NOT_STARTED = "not_started", "Nog niet begonnen"
    QUALITATIVE = "qualitative", "Kwalitatief"


def elapsed(goal, day):
    """The share of the goal's time that has passed on ``day`` (0 to 1)."""
    total = (goal.deadline - goal.starts_on).days
    return min(max((day - goal.starts_on).days / total, 0.0), 1.0) if total > 0 else 1.0


def expected(goal, day):
    """Where the straight line from baseline to target is on ``day``."""
    return goal.baseline + (goal.target - goal.baseline) * elapsed(goal, day)


def _at_least(goal, value, mark):
    return value >= mark if goal.target > goal.baseline else value <= mark


def standing(goal, value, today):
    if not goal.is_quantitative:
        return Standing.QUALITATIVE
    if today < goal.starts_on:
        return Standing.NOT_STARTED
    if value is None:
        return Standing.NO_DATA
    if _at_least(goal, value, goal.target):
        return Standing.REACHED
    if today > goal.deadline:
        return Standing.MISSED
    return Standing.ON_TRACK if _at_least(goal, value, expected(goal, today)) else (
        Standing.BEHIND)


def share_done(goal, value):
    """How much of the way from baseline to target the figure has come, in % (0-100)."""
    if value is None or not goal.is_quantitative:
        return None
    share = (value - goal.baseline) / (goal.target - goal.baseline)
    return round(100 * min(max(share, 0.0), 1.0))


def number(value):
    """A figure as shown: Dutch separators, at most one decimal; None: geen gegevens."""
    if value is None:
        return "geen gegevens"
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass(frozen=True)
class GoalChart:
    """Columns per month (the figure at the month's end) with the target as a line and
    the expected straight line from baseline to target across the goal's months."""

    chart: Chart
    target_y: float
    expected: tuple  # x1, y1, x2, y2
    left: int


def goal_chart(goal, points, width=640, height=220):
    """The chart of a goal over its whole period (months still to come stay empty)."""
    months = checkpoints(goal.starts_on, goal.deadline)
    known = {day.replace(day=1): value for day, value in points}
    left, bottom, top_pad = 44, 26, 10
    values = [v for v in known.values() if v is not None]
    top = nice_max(max([*values, goal.target, goal.baseline, 1]))
    room_h, room_w = height - bottom - top_pad, width - left - 4
    step = room_w / max(len(months), 1)
    every = max(1, round(len(months) / 12))  # a tick at most every month of twelve

    def y(value):
        return round(top_pad + room_h - room_h * value / top, 1)

    bars = []
    for index, month in enumerate(months):
        seen = month.replace(day=1) in known  # measured so far (else still to come)
        value = known.get(month.replace(day=1))
        h = round(room_h * value / top, 1) if value else 0.0
        text = number(value) if seen else "nog niet"
        bars.append(Bar(label=f"{SHORT_MONTHS[month.month - 1]} {month.year}", text=text,
                        x=round(left + index * step + step * 0.15, 1),
                        y=round(top_pad + room_h - h, 1), width=round(step * 0.7, 1),
                        height=h,
                        tick=SHORT_MONTHS[month.month - 1] if index % every == 0 else ""))
    grid = [(y(top * f), number(top * f)) for f in (0, 0.5, 1)]
    chart = Chart(width=width, height=height, bars=bars, grid=grid, kind="goal")
    return GoalChart(chart=chart, target_y=y(goal.target), left=left,
                     expected=(left, y(goal.baseline), width - 4, y(goal.target)))
