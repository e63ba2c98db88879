"""The indicator "referrals that reached 'geholpen'" (issue 19 point 1): counted in SQL
over the goal's period by the moment a partner marked the referral helped, in the
library's time zone: the first and last minute of the period count, a minute outside
does not; narrowed to a theme or a partner; a month without any referral is "geen
gegevens", one with referrals but none helped is 0."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from plein.desk.models import Referral, ReferralStatus
from plein.extensions import db
from plein.programme import service as programme
from plein.results import goals, indicators
from plein.results.models import Source
from plein.timeutil import LOCAL_TZ

pytestmark = pytest.mark.shared_world

START, END = date(2026, 12, 1), date(2027, 1, 31)
AMSTERDAM = ZoneInfo(LOCAL_TZ)


def _goal(world, **fields):
    plein, lead = world.model("plein"), world.user("lead")
    values = {"title": "Geholpen na doorverwijzen", "why": "", "kind": "quantitative",
              "owner_id": lead.id, "starts_on": START, "deadline": END,
              "source": Source.REFERRALS_HELPED.value, "theme_id": 0, "partner_id": 0,
              "unit": "", "baseline": 0, "target": 20, **fields}
    return goals.create_goal(plein, by=lead, **values)


def _at(day, hour, minute=0):
    """A local moment as the aware datetime the database stores (UTC)."""
    return datetime.combine(day, time(hour, minute), AMSTERDAM)


def _referral(world, made, *, helped=None, status=ReferralStatus.HELPED, partner=None,
              theme=None):
    plein = world.model("plein")
    referral = Referral(
        plein_id=plein.id, partner_id=(partner or world.model("welzijn")).id,
        theme_id=(theme or programme.themes_of(plein)[0]).id, question="",
        status=status.value if helped else ReferralStatus.OPEN.value, status_at=helped,
        created_at=made, created_by_id=world.team_id)
    db.session.add(referral)
    db.session.flush()
    return referral


def test_helped_referrals_count_the_period_edges_in_local_time(ctx, world):
    before = START - timedelta(days=5)
    # marked helped one minute before the period (23:59 local, 22:59 UTC): not counted
    _referral(world, _at(before, 10), helped=_at(START - timedelta(days=1), 23, 59))
    # the first minute of the period (00:00 local is 23:00 UTC the day before): counted
    _referral(world, _at(before, 11), helped=_at(START, 0, 0))
    # the last minute of the deadline: counted; the first of the day after: not
    _referral(world, _at(date(2027, 1, 20), 9), helped=_at(END, 23, 59))
    _referral(world, _at(date(2027, 1, 20), 9), helped=_at(END + timedelta(days=1), 0, 0))
    # closed as unreachable, or still open: never "geholpen"
    _referral(world, _at(date(2026, 12, 3), 9), helped=_at(date(2026, 12, 4), 9),
              status=ReferralStatus.UNREACHABLE)
    _referral(world, _at(date(2026, 12, 3), 10))
    goal = _goal(world)
    reading = indicators.measure(world.model("plein"), [goal], date(2027, 3, 1))[goal.id]
    assert reading.value == 2
    assert reading.points == [(date(2026, 12, 31), 1), (END, 2)]
    # measured so far: on the first day only its first minute's referral
    early = indicators.measure(world.model("plein"), [goal], START)[goal.id]
    assert early.value == 1 and early.points == [(START, 1)]


def test_narrowed_to_a_partner_or_a_theme(ctx, world):
    themes = programme.themes_of(world.model("plein"))
    schuld = world.model("schuld")
    day = date(2026, 12, 10)
    _referral(world, _at(day, 9), helped=_at(day, 15))
    _referral(world, _at(day, 9), helped=_at(day, 16), partner=schuld, theme=themes[1])
    _referral(world, _at(day, 9), helped=_at(day, 17), partner=schuld)
    total, by_partner = _goal(world), _goal(world, partner_id=schuld.id)
    themed = _goal(world, theme_id=themes[1].id)
    readings = indicators.measure(world.model("plein"), [total, by_partner, themed], END)
    assert [readings[g.id].value for g in (total, by_partner, themed)] == [3, 2, 1]
    assert by_partner.scope == schuld.name and themed.scope == f"thema {themes[1].name}"


def test_no_referral_is_no_data_and_referrals_none_helped_is_zero(ctx, world):
    goal = _goal(world)
    assert indicators.measure(world.model("plein"), [goal], END)[goal.id].value is None
    # a referral made in January, not (yet) helped: January is a real 0
    _referral(world, _at(date(2027, 1, 5), 10))
    reading = indicators.measure(world.model("plein"), [goal], END)[goal.id]
    assert reading.points == [(date(2026, 12, 31), None), (END, 0)]
    assert reading.value == 0
    # helped in January, made in December: both months have data
    _referral(world, _at(date(2026, 12, 20), 10), helped=_at(date(2027, 1, 6), 10))
    reading = indicators.measure(world.model("plein"), [goal], END)[goal.id]
    assert reading.points == [(date(2026, 12, 31), 0), (END, 1)]


def test_the_goal_page_says_what_it_counts(web, world, app):
    with app.app_context():
        goal = _goal(world, title="Geholpen na doorverwijzen")
        day = date(2026, 12, 10)
        _referral(world, _at(day, 9), helped=_at(day, 15))
        db.session.commit()
        goal_id = goal.id
    web.login("mt")
    from tests.forms import visible_text

    text = visible_text(web.get(f"/p/{world.plein}/resultaten/doelen/{goal_id}"))
    assert "Doorverwijzingen die 'geholpen' bereikten" in text
    assert "doorverwijzingen" in text
