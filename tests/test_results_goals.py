"""Goals: each indicator measured over a goal's period (data on the period's edges
counted, just outside it not), the on-track rule, and what the service refuses."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from plein.audit import AuditEvent
from plein.desk.models import Tally
from plein.errors import ServiceError
from plein.extensions import db
from plein.partners import service as partners
from plein.partners.models import PartnerStatusChange
from plein.programme import service as programme
from plein.results import goals, indicators, progress
from plein.results.models import Goal, Measurement
from plein.results.progress import Standing
from plein.roadmap import service as roadmap
from plein.roadmap.models import ItemCompletion

pytestmark = pytest.mark.shared_world

START, END = date(2026, 12, 1), date(2027, 1, 31)


def _goal(world, **fields):
    plein, lead = world.model("plein"), world.user("lead")
    values = {"title": "Meer contacten", "why": "", "kind": "quantitative",
              "owner_id": lead.id, "starts_on": START, "deadline": END,
              "source": "contacts", "theme_id": 0, "partner_id": 0, "unit": "",
              "baseline": 0, "target": 100, **fields}
    goal = goals.create_goal(plein, by=lead, **values)
    db.session.flush()
    return goal


def _tally(world, on, *, theme=None, partner=None, times=1):
    plein, lead = world.model("plein"), world.user("lead")
    theme = theme or programme.themes_of(plein)[0]
    for _ in range(times):
        t = Tally(plein_id=plein.id, on=on, week_of=on - timedelta(days=on.weekday()),
                  month_of=on.replace(day=1), part="afternoon", help="information",
                  partner=partner, recorded_by_id=lead.id)
        t.themes = [theme]
        db.session.add(t)
    db.session.flush()


def _reading(world, goal, today):
    return indicators.measure(world.model("plein"), [goal], today)[goal.id]


def test_contacts_count_the_period_edges_and_nothing_outside(ctx, world):
    themes = programme.themes_of(world.model("plein"))
    welzijn = world.model("welzijn")
    _tally(world, START - timedelta(days=1), times=5)  # the day before: not counted
    _tally(world, START, times=2)
    _tally(world, date(2027, 1, 31), times=3, theme=themes[1], partner=welzijn)
    _tally(world, date(2027, 2, 1), times=7)  # the day after the deadline
    total = _goal(world)
    themed = _goal(world, theme_id=themes[1].id)
    by_partner = _goal(world, partner_id=welzijn.id)
    readings = indicators.measure(world.model("plein"), [total, themed, by_partner],
                                  date(2027, 3, 1))
    assert readings[total.id].value == 5
    assert readings[total.id].points == [(date(2026, 12, 31), 2), (END, 5)]
    assert readings[themed.id].value == 3
    assert readings[themed.id].points == [(date(2026, 12, 31), 0), (END, 3)]
    assert readings[by_partner.id].value == 3
    # measured so far: on the start date only the first day counts
    assert _reading(world, total, START).points == [(START, 2)]


def test_a_month_without_any_tally_is_no_data_never_zero(ctx, world):
    _tally(world, date(2027, 1, 10), times=4)
    goal = _goal(world)
    reading = _reading(world, goal, END)
    assert reading.points == [(date(2026, 12, 31), None), (END, 4)]
    empty = _goal(world, starts_on=date(2026, 1, 1), deadline=date(2026, 6, 30))
    reading = _reading(world, empty, END)
    assert reading.value is None and all(v is None for _d, v in reading.points)
    assert progress.standing(empty, reading.value, date(2026, 3, 1)) == Standing.NO_DATA
    assert progress.number(None) == "geen gegevens"


def test_activities_held_and_partner_hours_come_from_the_programme(ctx, world):
    # the world's spreekuur of Welzijn: Tuesdays 14-16 from 1-12-2026, 8-12 cancelled
    held = _goal(world, source="activities", target=20)
    hours = _goal(world, source="presence", target=40)
    readings = indicators.measure(world.model("plein"), [held, hours], END)
    assert readings[held.id].points == [(date(2026, 12, 31), 4), (END, 8)]
    assert readings[hours.id].points == [(date(2026, 12, 31), 8), (END, 16)]
    # on the start date (a Tuesday) the first one counts
    assert _reading(world, held, START).value == 1
    other = _goal(world, source="activities", target=5, partner_id=world.schuld)
    assert _reading(world, other, END).value is None  # nothing of Schuldhulp: no data


def test_active_partners_follow_the_register_history(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    welzijn = world.model("welzijn")
    goal = _goal(world, source="partners", baseline=0, target=2)
    for change in db.session.scalars(select(PartnerStatusChange)):  # made as candidates
        change.created_at = datetime(2026, 11, 1, 10, tzinfo=UTC)
    for status, on in (("approached", date(2026, 12, 3)), ("participating", date(2027, 1, 5))):
        partners.set_status(plein, welzijn, status, by=lead, force=True)
        db.session.flush()
        change = db.session.scalars(select(PartnerStatusChange).order_by(
            PartnerStatusChange.id.desc())).first()
        change.created_at = datetime(on.year, on.month, on.day, 10, tzinfo=UTC)
    db.session.flush()
    reading = _reading(world, goal, END)
    assert reading.points == [(date(2026, 12, 31), 0), (END, 1)]
    assert reading.value == 1


def test_recurring_items_done_on_time(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    item = roadmap.add_item(plein, "assurance", "Partneroverleg", by=lead)
    item.recurrence = "monthly"
    item.created_at = datetime(2026, 11, 1, 9, tzinfo=UTC)
    for on in (date(2026, 12, 1), date(2026, 12, 20), date(2027, 1, 31)):
        db.session.add(ItemCompletion(item=item, completed_on=on))
    db.session.flush()
    goal = _goal(world, source="routine", baseline=50, target=90)
    reading = _reading(world, goal, END)
    # 1-12: one month after 1-11, on time; 20-12: on time; 31-1: later than 20-1, late
    assert reading.points == [(date(2026, 12, 31), 100.0), (END, 0.0)]
    assert reading.value == pytest.approx(66.7)


def test_measurements_by_hand_the_latest_counts(ctx, world):
    goal = _goal(world, source="manual", unit="rapportcijfer", baseline=6, target=8)
    lead = world.user("lead")
    for on, value in ((date(2026, 11, 30), 9), (date(2026, 12, 5), 6.5),
                      (date(2026, 12, 20), 7.0)):
        goals.add_measurement(world.model("plein"), goal, by=lead, on=on, value=value,
                              source="enquête", today=END)
    db.session.flush()
    db.session.expire(goal)
    reading = _reading(world, goal, END)
    assert reading.points == [(date(2026, 12, 31), 7.0), (END, None)]
    assert reading.value == 7.0  # the one before the start does not count


def test_the_on_track_rule_is_a_straight_line_from_baseline_to_target(ctx, world):
    goal = _goal(world, baseline=0, target=61)  # 61 days: 1 a day expected
    middle = date(2026, 12, 31)  # 30 days in
    assert progress.expected(goal, middle) == pytest.approx(30)
    assert progress.standing(goal, 30, middle) == Standing.ON_TRACK
    assert progress.standing(goal, 29, middle) == Standing.BEHIND
    assert progress.standing(goal, 61, middle) == Standing.REACHED
    assert progress.standing(goal, 60, date(2027, 2, 1)) == Standing.MISSED
    assert progress.standing(goal, 10, date(2026, 11, 1)) == Standing.NOT_STARTED
    down = _goal(world, source="manual", baseline=20, target=10)  # going down
    assert progress.standing(down, 15, middle) == Standing.ON_TRACK
    assert progress.standing(down, 16, middle) == Standing.BEHIND
    assert progress.standing(down, 10, middle) == Standing.REACHED
    assert progress.share_done(down, 15) == 50


def test_the_service_refuses_what_cannot_be_a_goal(ctx, world):
    with pytest.raises(ServiceError, match="gelijk aan de nulmeting"):
        _goal(world, baseline=50, target=50)
    with pytest.raises(ServiceError, match="kan alleen oplopen"):
        _goal(world, baseline=50, target=10)
    with pytest.raises(ServiceError, match="na de begindatum"):
        _goal(world, deadline=START)
    with pytest.raises(ServiceError, match="hoogstens 100"):
        _goal(world, source="routine", target=120)
    with pytest.raises(ServiceError, match="trekt"):
        _goal(world, owner_id=world.partner_id)  # a partner user owns no goal
    with pytest.raises(ServiceError, match="thema"):
        _goal(world, theme_id=99_999)
    goal = _goal(world)
    with pytest.raises(ServiceError, match="meet de app zelf"):
        goals.add_measurement(world.model("plein"), goal, by=world.user("lead"),
                              on=START, value=3, source="x")


def test_a_removed_theme_or_a_partner_that_left_is_said_not_hidden(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    theme = programme.add_named(plein, type(programme.themes_of(plein)[0]), "Tijdelijk",
                                by=lead)
    db.session.flush()
    goal = _goal(world, theme_id=theme.id)
    programme.remove_named(plein, theme, by=lead)
    db.session.flush()
    db.session.expire_all()
    goal = db.session.get(Goal, goal.id)
    assert goal.theme_id is None and goal.theme_name == "Tijdelijk"
    reading = _reading(world, goal, END)
    assert reading.value is None and "Tijdelijk" in reading.notes[0]
    welzijn = world.model("welzijn")
    by_partner = _goal(world, source="activities", partner_id=welzijn.id, target=9)
    welzijn.status = "stopped"
    db.session.flush()
    reading = _reading(world, by_partner, END)
    assert reading.value == 8 and "doet niet meer mee" in reading.notes[0]


def test_every_change_is_in_the_logboek(ctx, world):
    goal = _goal(world, source="manual", baseline=1, target=2)
    goals.add_measurement(world.model("plein"), goal, by=world.user("lead"),
                          on=START, value=1.5, source="telling", today=END)
    db.session.flush()
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "Goal", AuditEvent.object_id == goal.id)).all()
    assert actions == ["goal.create", "goal.measure"]
    assert db.session.scalar(select(Measurement.value)) == 1.5
