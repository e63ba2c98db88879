"""Monitoring the effect of the communication: visits to the plein per month (counted by
the database from the desk's tallies), figures per channel entered by hand with their
source (page views, social reach and response), and each target group's latest figure
against its target."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from plein import audit
from plein.communication.models import VALUE_MAX, Audience, ChannelFigure, Metric
from plein.communication.plan import text
from plein.desk.models import Tally
from plein.errors import ServiceError
from plein.extensions import db

MONTHS_SHOWN = 12
MAX_FIGURES = 5_000


@dataclass
class Standing:
    """A target group with its latest figure against its target."""

    audience: Audience
    latest: ChannelFigure | None

    @property
    def share(self):
        if self.latest is None or not self.audience.target:
            return None
        return round(100 * min(self.latest.value / self.audience.target, 1.0))


def months_back(today, count=MONTHS_SHOWN):
    """The first days of the last ``count`` months, oldest first, this month last."""
    firsts, year, month = [], today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def visits(plein, months):
    """(first of month, contacts at the desk) for each month: one GROUP BY."""
    counted = dict(db.session.execute(
        select(Tally.month_of, func.count()).where(
            Tally.plein_id == plein.id, Tally.month_of >= months[0],
            Tally.month_of <= months[-1]).group_by(Tally.month_of)).all())
    return [(first, counted.get(first, 0)) for first in months]


def figures_of(plein, start=None):
    stmt = select(ChannelFigure).where(ChannelFigure.plein_id == plein.id)
    if start is not None:
        stmt = stmt.where(ChannelFigure.on >= start)
    return db.session.scalars(stmt.order_by(ChannelFigure.on.desc(), ChannelFigure.id.desc())
                              ).unique().all()


def per_metric(figures, months):
    """{metric: [(first of month, sum of that month's figures)]} for the channels'
    metrics that have figures in these months ("anders" measures a target group's goal
    and is not added up)."""
    sums = {}
    for figure in figures:
        if figure.metric == Metric.OTHER:
            continue
        first = figure.on.replace(day=1)
        if first >= months[0]:
            by_month = sums.setdefault(figure.metric, {})
            by_month[first] = by_month.get(first, 0) + figure.value
    return {metric: [(m, round(sums[metric].get(m, 0))) for m in months]
            for metric in Metric.values() if metric in sums}


def standings(audiences, figures):
    """Each target group with the latest figure entered about it."""
    latest = {}
    for figure in figures:  # newest first
        if figure.audience_id is not None:
            latest.setdefault(figure.audience_id, figure)
    return [Standing(a, latest.get(a.id)) for a in audiences]


def add_figure(plein, *, by, today, on, metric, value, source, audience_id):
    if on is None:
        raise ServiceError("Vul de datum in.", "on")
    if on > today:
        raise ServiceError("Een cijfer ligt niet in de toekomst: vul het in als het er is.",
                           "on")
    if metric not in Metric.values():
        raise ServiceError("Kies wat het cijfer meet.", "metric")
    if value is None:
        raise ServiceError("Vul het cijfer in (een getal).", "value")
    if not 0 <= value <= VALUE_MAX:
        raise ServiceError(f"Het cijfer ligt tussen 0 en {VALUE_MAX:,}.".replace(",", "."),
                           "value")
    source = text(source, ChannelFigure.source, "de bron (waar komt het cijfer vandaan?)",
                  "source", required=True)
    audience = None
    if audience_id:
        audience = db.session.get(Audience, audience_id)
        if audience is None or audience.plein_id != plein.id:
            raise ServiceError("Kies een doelgroep uit het communicatieplan.", "audience_id")
    count = db.session.scalar(select(func.count(ChannelFigure.id)).where(
        ChannelFigure.plein_id == plein.id))
    if count >= MAX_FIGURES:
        raise ServiceError(f"Er zijn hoogstens {MAX_FIGURES} cijfers.")
    figure = ChannelFigure(plein_id=plein.id, on=on, metric=metric, value=float(value),
                           source=source, audience_id=audience.id if audience else None,
                           recorded_by_id=by.id)
    db.session.add(figure)
    db.session.flush()
    audit.record("communication.figure", f"Cijfer {figure.metric_label.lower()}: "
                 f"{value:g} op {on:%d-%m-%Y} ({source})", plein=plein, obj=figure, user=by)
    return figure
