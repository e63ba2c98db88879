"""The programme's rules: recurrence (weekly, every other week, n-th weekday, across the
daylight-saving changes), closing days, changes to single dates, the week's warnings."""

from datetime import UTC, date, time, timedelta

import pytest

from plein.errors import ServiceError
from plein.extensions import db
from plein.programme import activities as offer
from plein.programme import service, week
from plein.programme.models import OccurrenceChange, Room, Rule, Schedule, Theme
from plein.programme.recurrence import dates, holidays_between, occurrences, public_holidays

pytestmark = pytest.mark.shared_world


def schedule(rule, start, *, weekday=None, nth=None, end=None, starts=time(14),
             ends=time(16)):
    return Schedule(rule=rule, start_date=start, end_date=end,
                    weekday=start.weekday() if weekday is None else weekday, nth=nth,
                    starts=starts, ends=ends, changes=[])


# -- recurrence (no database) -------------------------------------------------------------


def test_weekly_gives_every_week_on_its_weekday_from_the_start_date():
    tuesdays = dates(schedule(Rule.WEEKLY, date(2026, 12, 1)), date(2026, 11, 1),
                     date(2026, 12, 31))
    assert tuesdays == [date(2026, 12, d) for d in (1, 8, 15, 22, 29)]


def test_weekly_stops_at_its_end_date():
    found = dates(schedule(Rule.WEEKLY, date(2026, 12, 1), end=date(2026, 12, 15)),
                  date(2026, 12, 1), date(2027, 1, 31))
    assert found == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]


def test_every_other_week_keeps_the_weeks_of_its_start_date():
    rule = schedule(Rule.BIWEEKLY, date(2026, 12, 8))
    # asked from a later week, it still counts from 8 December: 22-12, 5-1, 19-1
    assert dates(rule, date(2026, 12, 14), date(2027, 1, 20)) == [
        date(2026, 12, 22), date(2027, 1, 5), date(2027, 1, 19)]


def test_nth_weekday_of_the_month_and_the_last_one():
    first_wednesday = schedule(Rule.MONTHLY, date(2026, 12, 1), weekday=2, nth=1)
    assert dates(first_wednesday, date(2026, 12, 1), date(2027, 3, 31)) == [
        date(2026, 12, 2), date(2027, 1, 6), date(2027, 2, 3), date(2027, 3, 3)]
    last_friday = schedule(Rule.MONTHLY, date(2027, 1, 1), weekday=4, nth=-1)
    assert dates(last_friday, date(2027, 1, 1), date(2027, 2, 28)) == [
        date(2027, 1, 29), date(2027, 2, 26)]


def test_once_is_one_date_only_inside_the_period():
    once = schedule(Rule.ONCE, date(2027, 2, 10))
    assert dates(once, date(2027, 2, 1), date(2027, 2, 28)) == [date(2027, 2, 10)]
    assert dates(once, date(2027, 3, 1), date(2027, 3, 31)) == []


class Stub:
    """An activity as the recurrence sees it (title, schedules)."""

    def __init__(self, *schedules, title="Spreekuur"):
        self.title, self.schedules = title, list(schedules)


@pytest.mark.parametrize(("before", "after", "offsets"), [
    # summer time starts on Sunday 28 March 2027, ends on Sunday 31 October 2027
    (date(2027, 3, 23), date(2027, 3, 30), (1, 2)),
    (date(2027, 10, 26), date(2027, 11, 2), (2, 1)),
])
def test_a_weekly_time_stays_on_the_wall_clock_across_daylight_saving(before, after,
                                                                       offsets):
    activity = Stub(schedule(Rule.WEEKLY, before))
    first, second = occurrences([activity], before, after)
    assert (first.on, second.on) == (before, after)
    assert first.starts_at.hour == second.starts_at.hour == 14
    # the instant moves with the clock change: 14:00 is 13:00 or 12:00 UTC
    assert [o.starts_at.utcoffset() for o in (first, second)] == [
        timedelta(hours=h) for h in offsets]
    # seven days on the wall clock are a week plus or minus an hour in real time
    real = second.starts_at.astimezone(UTC) - first.starts_at.astimezone(UTC)
    assert real == timedelta(days=7, hours=offsets[0] - offsets[1])


def Change(on, change, **values):  # noqa: N802 (reads like the model it makes)
    return OccurrenceChange(on=on, change=change, **{"reason": "", "person": "", **values})


def test_changes_and_closing_days_apply_to_single_dates():
    weekly = schedule(Rule.WEEKLY, date(2026, 12, 1))
    weekly.changes = [
        Change(date(2026, 12, 8), "cancelled", reason="Adviseur ziek"),
        Change(date(2026, 12, 15), "moved", new_date=date(2026, 12, 17),
               new_starts=time(10), new_ends=time(12)),
        Change(date(2026, 12, 29), "other_person", person="Sanne"),
    ]
    found = occurrences([Stub(weekly)], date(2026, 12, 1), date(2026, 12, 31),
                        {date(2026, 12, 22): "Kerstvakantie"})
    by_date = {o.on: o for o in found}
    assert sorted(by_date) == [date(2026, 12, d) for d in (1, 8, 17, 22, 29)]
    assert by_date[date(2026, 12, 8)].cancelled and by_date[date(2026, 12, 8)].reason == (
        "Adviseur ziek")
    moved = by_date[date(2026, 12, 17)]
    assert moved.moved and moved.starts == time(10) and moved.original == date(2026, 12, 15)
    assert by_date[date(2026, 12, 22)].cancelled
    assert by_date[date(2026, 12, 22)].reason == "Kerstvakantie"
    assert by_date[date(2026, 12, 29)].person == "Sanne"
    assert not by_date[date(2026, 12, 1)].cancelled


def test_a_date_moved_in_from_outside_the_period_comes_along():
    weekly = schedule(Rule.WEEKLY, date(2026, 12, 1))
    weekly.changes = [Change(date(2026, 12, 8), "moved", new_date=date(2026, 12, 14))]
    found = occurrences([Stub(weekly)], date(2026, 12, 14), date(2026, 12, 20))
    assert [(o.on, o.original) for o in found] == [
        (date(2026, 12, 14), date(2026, 12, 8)), (date(2026, 12, 15), date(2026, 12, 15))]


def test_dutch_public_holidays():
    days = public_holidays(2027)
    assert days[date(2027, 3, 28)] == "Eerste Paasdag"
    assert days[date(2027, 5, 6)] == "Hemelvaartsdag"
    assert days[date(2027, 4, 27)] == "Koningsdag"
    # Koningsdag on a Sunday moves to Saturday the 26th (2031)
    assert public_holidays(2031)[date(2031, 4, 26)] == "Koningsdag"
    assert [name for _d, name in holidays_between(date(2026, 12, 20), date(2027, 1, 2))] == [
        "Eerste Kerstdag", "Tweede Kerstdag", "Nieuwjaarsdag"]


# -- the service (database) ---------------------------------------------------------------


@pytest.fixture
def plein(ctx, world):
    return world.model("plein")


def fields(**changes):
    base = dict(title="Spreekuur werk", kind="consultation", partner_id=0, theme_ids=[],
                target_groups="", description="", room_id=0, access="walk_in",
                appointment_how="", is_free=True, cost="")
    return {**base, **changes}


def test_a_commercial_partners_activity_needs_its_cost(plein, world):
    from plein.partners import service as partners

    lead = world.user("lead")
    shop = partners.create_partner(plein, by=lead, name="Cursusbureau", kind="commercial")
    with pytest.raises(ServiceError, match="commerciële partner") as refused:
        offer.create_activity(plein, by=lead, **fields(partner_id=shop.id))
    assert refused.value.field == "cost"
    activity = offer.create_activity(plein, by=lead, **fields(
        partner_id=shop.id, cost="Eerste les gratis, daarna € 12 per les (cursusboek)"))
    assert activity.organisation == "Cursusbureau"


def test_schedules_refuse_end_before_start_and_biweekly_without_a_date(plein, world):
    lead = world.user("lead")
    activity = offer.create_activity(plein, by=lead, **fields())
    base = dict(start_date=date(2026, 12, 1), end_date=None, weekday=None, nth=None,
                starts=time(14), ends=time(16))
    with pytest.raises(ServiceError, match="eindtijd ligt voor de begintijd"):
        offer.add_schedule(plein, activity, by=lead, rule="weekly",
                           **{**base, "ends": time(13)})
    with pytest.raises(ServiceError, match="om de week") as refused:
        offer.add_schedule(plein, activity, by=lead, rule="biweekly",
                           **{**base, "start_date": None, "weekday": 1})
    assert refused.value.field == "start_date"
    with pytest.raises(ServiceError, match="einddatum ligt voor"):
        offer.add_schedule(plein, activity, by=lead, rule="weekly",
                           **{**base, "end_date": date(2026, 11, 1)})
    made = offer.add_schedule(plein, activity, by=lead, rule="weekly", **base)
    assert made.weekday == 1  # from the date: a Tuesday


def test_a_change_needs_a_date_of_the_schedule_and_only_one_per_date(plein, world):
    lead = world.user("lead")
    activity = offer.create_activity(plein, by=lead, **fields())
    offer.add_schedule(plein, activity, by=lead, rule="weekly", start_date=date(2026, 12, 1),
                       end_date=None, weekday=None, nth=None, starts=time(14), ends=time(16))
    change = dict(change="cancelled", reason="Ziek", new_date=None, new_starts=None,
                  new_ends=None, person="")
    with pytest.raises(ServiceError, match="niet plaats"):
        offer.change_date(plein, activity, by=lead, on=date(2026, 12, 9), **change)
    offer.change_date(plein, activity, by=lead, on=date(2026, 12, 8), **change)
    with pytest.raises(ServiceError, match="al een wijziging"):
        offer.change_date(plein, activity, by=lead, on=date(2026, 12, 8), **change)
    with pytest.raises(ServiceError, match="waarom"):
        offer.change_date(plein, activity, by=lead, on=date(2026, 12, 15),
                          **{**change, "reason": ""})
    offer.undo_change(plein, activity, date(2026, 12, 8), by=lead)
    assert not activity.schedules[0].changes


def test_the_week_warns_about_an_empty_theme_and_a_double_booked_room(ctx, world):
    plein, lead = world.model("other"), world.user("lead_b")  # a plein without a programme
    werk = next(t for t in service.themes_of(plein) if t.name == "Werk")
    tafel = next(r for r in service.rooms_of(plein) if r.name == "Spreektafel")
    service.set_day_part(plein, weekday=1, part="afternoon", is_open=True, starts=None,
                         ends=None, theme_id=werk.id, by=lead)
    service.set_day_part(plein, weekday=2, part="afternoon", is_open=True, starts=None,
                         ends=None, theme_id=werk.id, by=lead)
    for title, starts in (("Sollicitatiehulp", time(14)), ("Geldspreekuur", time(15))):
        activity = offer.create_activity(plein, by=lead, **fields(
            title=title, theme_ids=[werk.id] if title == "Sollicitatiehulp" else [],
            room_id=tafel.id))
        offer.add_schedule(plein, activity, by=lead, rule="weekly",
                           start_date=date(2026, 12, 1), end_date=None, weekday=None,
                           nth=None, starts=starts, ends=time(16))
    db.session.flush()
    shown = week.week(plein, date(2026, 12, 3))
    tuesday = shown.cells[(date(2026, 12, 1), "afternoon")]
    assert tuesday.theme == werk
    assert [o.activity.title for o in tuesday.items] == ["Sollicitatiehulp", "Geldspreekuur"]
    assert shown.warnings == [
        "Woensdagmiddag 02-12 heeft thema Werk, maar geen aanbod met dat thema.",
        "01-12 15:00: 'Sollicitatiehulp' en 'Geldspreekuur' zijn tegelijk in Spreektafel."]
    # a closing day on Wednesday: no warning for it
    service.add_closing_day(plein, date(2026, 12, 2), "Studiedag", by=lead)
    assert len(week.week(plein, date(2026, 12, 3)).warnings) == 1


def test_themes_and_rooms_are_editable_and_removed_only_when_unused(plein, world):
    lead = world.user("lead")
    assert [t.name for t in service.themes_of(plein)] == sorted(service.DEFAULT_THEMES)
    extra = service.add_named(plein, Theme, "Wonen", by=lead)
    with pytest.raises(ServiceError, match="staat al"):
        service.add_named(plein, Theme, "wonen", by=lead)
    service.rename_named(plein, extra, "Wonen en buurt", by=lead)
    service.set_day_part(plein, weekday=0, part="morning", is_open=True, starts=None,
                         ends=None, theme_id=extra.id, by=lead)
    with pytest.raises(ServiceError, match="in gebruik"):
        service.remove_named(plein, extra, by=lead)
    room = service.add_named(plein, Room, "Stiltecabine", by=lead)
    service.remove_named(plein, room, by=lead)
    db.session.flush()
    assert "Stiltecabine" not in [r.name for r in service.rooms_of(plein)]
