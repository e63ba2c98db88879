"""Indicators measured by the app: every goal's figure over its period, for many goals
in a constant number of SQL statements (one per kind of source in use, never one per
goal).

A goal's period runs from ``starts_on`` to its deadline; measured so far means up to
today (or the deadline, when that has passed). Each reading has a value for the whole
period so far and one point per month (the chart and the table):

- counted sources (contacts, activities held, hours of partner presence, referrals
  that reached "geholpen") add up from the goal's start; a month's point is the
  running total at its end;
- a level (active partners, recurring items done on time, a measurement entered by
  hand) is what it stood at: partners at the month's end, the share of that month's
  completions done on time, the month's latest measurement.

A point (or the value) is ``None`` when there is nothing to measure it from: no tally
at all that month, no activity on the programme, no completion, no measurement. The
pages show that as "geen gegevens", never as 0: a zero means the source was there and
counted nothing.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select

from plein.desk.models import Referral, ReferralStatus, Tally, tally_themes
from plein.extensions import db
from plein.partners.models import Partner, PartnerStatus, PartnerStatusChange
from plein.programme import activities as offer
from plein.programme import service as programme
from plein.programme.recurrence import occurrences
from plein.programme.visibility import GONE
from plein.results.models import Source
from plein.roadmap.models import ChecklistItem, ItemCompletion
from plein.roadmap.service import next_due
from plein.timeutil import local_date, start_of_local_day


@dataclass
class Reading:
    value: float | None = None
    points: list = field(default_factory=list)  # [(checkpoint date, value or None)]
    notes: list = field(default_factory=list)  # why a figure is missing or partial


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def checkpoints(start, end):
    """The end of every month from ``start``'s to ``end``'s, the last one ``end``."""
    found, day = [], start
    while day <= end:
        found.append(min(month_end(day), end))
        day = month_end(day).replace(day=1)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return found


def period(goal, today):
    """(start, end) measured so far, or None before the goal starts."""
    end = min(today, goal.deadline)
    return (goal.starts_on, end) if end >= goal.starts_on else None


def measure(plein, goals, today):
    """{goal id: Reading} for the quantitative goals among ``goals``."""
    readings, by_source = {}, {}  # by_source: measuring function -> goals
    for goal in goals:
        if not goal.is_quantitative or not goal.source:
            continue
        readings[goal.id] = reading = Reading()
        _notes(goal, reading)
        span = period(goal, today)
        if span is None or reading.notes and _source_gone(goal):
            continue
        # activities and presence share one load of the programme
        by_source.setdefault(MEASURES[goal.source], []).append((goal, span, reading))
    for work, items in by_source.items():
        work(plein, items)
    return readings


def _source_gone(goal):
    return (goal.theme_name and goal.theme_id is None) or (
        goal.partner_name and goal.partner_id is None)


def _notes(goal, reading):
    if goal.theme_name and goal.theme_id is None:
        reading.notes.append(f"Het thema '{goal.theme_name}' is uit het programma gehaald: "
                             "daarover is niets meer te tellen. Kies een ander thema of "
                             "meet voortaan zelf.")
    if goal.partner_name and goal.partner_id is None:
        reading.notes.append(f"De partner '{goal.partner_name}' staat niet meer in het "
                             "register: daarover is niets meer te tellen.")
    elif goal.partner is not None and goal.partner.status in GONE:
        reading.notes.append(f"{goal.partner.name} doet niet meer mee "
                             f"({goal.partner.status_label.lower()}): wat eerder is geteld "
                             "blijft staan, er komt niets meer bij.")


def _running(reading, span, per_month, has_data):
    """Points as running totals; a month without any data is None."""
    total, seen = 0, False
    for checkpoint in checkpoints(*span):
        key = checkpoint.replace(day=1)
        if has_data.get(key):
            total += per_month.get(key, 0)
            seen = True
            reading.points.append((checkpoint, total))
        else:
            reading.points.append((checkpoint, None))
    reading.value = total if seen else None


def _contacts(plein, items):
    """Tallies per month for every goal at once: one column per goal (and one per goal
    for "was anything counted at all"), a goal's own period in its CASE."""
    for themed in (False, True):
        group = [item for item in items if bool(item[0].theme_id) is themed]
        if not group:
            continue
        columns = []
        for goal, (start, end), _reading in group:
            within = and_(Tally.on >= start, Tally.on <= end)
            mine = [within]
            if goal.partner_id:
                mine.append(Tally.partner_id == goal.partner_id)
            if themed:
                mine.append(tally_themes.c.theme_id == goal.theme_id)
            columns.append(func.sum(case((and_(*mine), 1), else_=0)))
            # a tally with two themes is on two joined rows: "any" counts rows, which
            # only matters as more than zero
            columns.append(func.sum(case((within, 1), else_=0)))
        stmt = select(Tally.month_of, *columns).where(
            Tally.plein_id == plein.id, Tally.on >= min(s for _g, (s, _e), _r in group),
            Tally.on <= max(e for _g, (_s, e), _r in group))
        if themed:
            stmt = stmt.select_from(Tally).outerjoin(
                tally_themes, tally_themes.c.tally_id == Tally.id)
        rows = db.session.execute(stmt.group_by(Tally.month_of)).all()
        for n, (_goal, span, reading) in enumerate(group):
            per_month = {row[0]: row[1 + 2 * n] for row in rows}
            has_data = {row[0]: row[2 + 2 * n] > 0 for row in rows}
            _running(reading, span, per_month, has_data)


def _month_key(column, months):
    """SQL: the first day of the (local) month ``column`` falls in, among ``months``."""
    return case(*((column < start_of_local_day(month_end(m) + timedelta(days=1)), m.isoformat())
                  for m in months), else_=None)


def _referrals(plein, items):
    """Referrals that reached "geholpen" in each month (when they were marked so), for
    every goal at once: one statement, one pair of columns per goal (helped within the
    goal's period; any referral made or closed in it, for "geen gegevens")."""
    first = min(s for _g, (s, _e), _r in items)
    last = max(e for _g, (_s, e), _r in items)
    months = [c.replace(day=1) for c in checkpoints(first, last)]
    low, high = start_of_local_day(first), start_of_local_day(last + timedelta(days=1))
    helped = Referral.status == ReferralStatus.HELPED.value
    columns = []
    for goal, (start, end), _reading in items:
        mine = []
        if goal.partner_id:
            mine.append(Referral.partner_id == goal.partner_id)
        if goal.theme_id:
            mine.append(Referral.theme_id == goal.theme_id)
        since, until = start_of_local_day(start), start_of_local_day(end + timedelta(days=1))
        columns.append(func.sum(case((and_(helped, Referral.status_at >= since,
                                           Referral.status_at < until, *mine), 1), else_=0)))
        columns.append(func.sum(case((and_(Referral.created_at >= since,
                                           Referral.created_at < until), 1), else_=0)))
    made = _month_key(Referral.created_at, months)
    closed = _month_key(Referral.status_at, months)
    rows = db.session.execute(
        select(made, closed, *columns).where(
            Referral.plein_id == plein.id,
            ((Referral.created_at >= low) & (Referral.created_at < high))
            | ((Referral.status_at >= low) & (Referral.status_at < high)))
        .group_by(made, closed)).all()
    for n, (_goal, span, reading) in enumerate(items):
        per_month, has_data = {}, {}
        for row in rows:
            made_in, closed_in = row[0], row[1]
            count, any_made = row[2 + 2 * n], row[3 + 2 * n]
            if count and closed_in:
                key = date.fromisoformat(closed_in)
                per_month[key] = per_month.get(key, 0) + count
                has_data[key] = True
            if any_made and made_in:
                has_data[date.fromisoformat(made_in)] = True
        _running(reading, span, per_month, has_data)


def _hours(item):
    start, end = (datetime.combine(item.on, t) for t in (item.starts, item.ends))
    return round((end - start).total_seconds() / 3600, 2)


def _programme(plein, items):
    """Activities held and hours of partner presence, from the programme's own dates
    (changes and closing days applied): one load of the plein's activities."""
    start = min(s for _g, (s, _e), _r in items)
    end = max(e for _g, (_s, e), _r in items)
    closed = {d.on: d.reason for d in programme.closing_days(plein, start, end)}
    found = occurrences(offer.activities_of(plein), start, end, closed)
    for goal, (first, last), reading in items:
        per_month, has_data = {}, {}
        presence = goal.source == Source.PRESENCE
        for item in found:
            activity = item.activity
            if not first <= item.on <= last or (presence and activity.partner_id is None):
                continue
            if goal.partner_id and activity.partner_id != goal.partner_id:
                continue
            if goal.theme_id and all(t.id != goal.theme_id for t in activity.themes):
                continue
            key = item.on.replace(day=1)
            has_data[key] = True  # on the programme that month, held or not
            if not item.cancelled:
                per_month[key] = per_month.get(key, 0) + (_hours(item) if presence else 1)
        _running(reading, (first, last), per_month, has_data)


def _partners(plein, items):
    """Partners that take part ("doet mee") at each month's end, replayed from the
    register's history (one statement)."""
    rows = db.session.execute(
        select(PartnerStatusChange.partner_id, PartnerStatusChange.to_status,
               PartnerStatusChange.created_at)
        .join(Partner, Partner.id == PartnerStatusChange.partner_id)
        .where(Partner.plein_id == plein.id)
        .order_by(PartnerStatusChange.created_at, PartnerStatusChange.id)).all()
    history = [(local_date(at), partner, status) for partner, status, at in rows]
    for _goal, span, reading in items:
        for checkpoint in checkpoints(*span):
            status = {}
            for on, partner, to_status in history:
                if on > checkpoint:
                    break
                status[partner] = to_status
            value = (sum(s == PartnerStatus.PARTICIPATING for s in status.values())
                     if status else None)
            reading.points.append((checkpoint, value))
        reading.value = reading.points[-1][1] if reading.points else None


def _routine(plein, items):
    """Completions of recurring checklist items, each on time when it came at most one
    interval after the one before (or after the item was made): one statement."""
    rows = db.session.execute(
        select(ItemCompletion.item_id, ChecklistItem.recurrence, ChecklistItem.created_at,
               ItemCompletion.completed_on)
        .join(ChecklistItem, ChecklistItem.id == ItemCompletion.item_id)
        .where(ChecklistItem.plein_id == plein.id, ChecklistItem.recurrence.is_not(None))
        .order_by(ItemCompletion.item_id, ItemCompletion.completed_on,
                  ItemCompletion.id)).all()
    done, previous = [], {}
    for item_id, recurrence, created_at, completed_on in rows:
        before = previous.get(item_id, local_date(created_at))
        done.append((completed_on, completed_on <= next_due(before, recurrence)))
        previous[item_id] = completed_on
    for _goal, (start, end), reading in items:
        mine = [(on, in_time) for on, in_time in done if start <= on <= end]
        for checkpoint in checkpoints(start, end):
            month = [t for on, t in mine if on.replace(day=1) == checkpoint.replace(day=1)]
            reading.points.append((checkpoint, _share(month)))
        reading.value = _share([t for _on, t in mine])


def _share(flags):
    return round(100 * sum(flags) / len(flags), 1) if flags else None


def _manual(_plein, items):
    """Measurements entered by hand: the latest of each month, and the latest so far
    (one statement for every goal)."""
    from plein.results.models import Measurement

    ids = [goal.id for goal, _span, _reading in items]
    rows = db.session.execute(
        select(Measurement.goal_id, Measurement.on, Measurement.value)
        .where(Measurement.goal_id.in_(ids))
        .order_by(Measurement.goal_id, Measurement.on, Measurement.id)).all()
    for goal, (start, end), reading in items:
        mine = [(on, value) for goal_id, on, value in rows
                if goal_id == goal.id and start <= on <= end]
        latest = dict(((on.replace(day=1)), value) for on, value in mine)
        for checkpoint in checkpoints(start, end):
            reading.points.append((checkpoint, latest.get(checkpoint.replace(day=1))))
        reading.value = mine[-1][1] if mine else None


MEASURES = {Source.CONTACTS.value: _contacts, Source.ACTIVITIES.value: _programme,
            Source.PRESENCE.value: _programme, Source.PARTNERS.value: _partners,
            Source.ROUTINE.value: _routine, Source.MANUAL.value: _manual,
            Source.REFERRALS_HELPED.value: _referrals}
