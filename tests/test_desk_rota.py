"""The desk rota's rules (closing days, closed day-parts, one-date swaps, who may put
whom on it), the week's "nobody at the desk" warning, the mail to the desk staff when a
date is cancelled, and promised against planned hours."""

from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import select

from plein.errors import ServiceError
from plein.extensions import db
from plein.mail.models import Kind, OutboxMessage
from plein.programme import activities as offer
from plein.programme import pledges, rota, service, week
from plein.programme.models import DeskShift

pytestmark = pytest.mark.shared_world

TUESDAY = date(2026, 12, 15)


def _open(plein, lead, weekday=1, part="afternoon"):
    service.set_day_part(plein, weekday=weekday, part=part, is_open=True, starts=None,
                         ends=None, theme_id=0, by=lead)


def _names(entries):
    return [(e.name, e.organisation) for e in entries]


def test_the_desk_follows_the_rota_except_on_closing_days_and_closed_day_parts(ctx, world):
    plein, lead, team = world.model("plein"), world.user("lead"), world.user("team")
    rota.add_shift(plein, weekday=1, part="afternoon", person_id=team.id, partner_id=0,
                   first_name="", by=lead)
    # the day-part is closed: nobody is at a desk that is not there
    assert rota.desk_staff(plein, TUESDAY, "afternoon") == []
    _open(plein, lead)
    assert _names(rota.desk_staff(plein, TUESDAY, "afternoon")) == [
        ("Ayla", "Welzijn Alfa"), ("Team", "Bibliotheek")]
    assert rota.desk_staff(plein, TUESDAY, "morning") == []
    service.add_closing_day(plein, TUESDAY, "Studiedag", by=lead)
    desk = rota.desk_for_range(plein, date(2026, 12, 14), date(2026, 12, 27))
    # one key per open day-part that is not a closing day: the 22nd, not the 15th
    assert list(desk) == [(date(2026, 12, 22), "afternoon")]
    assert [e.first_name for e in desk[(date(2026, 12, 22), "afternoon")]] == ["Ayla", "Team"]
    # a blocked account is on the rota still (the lead sees it), but not at the desk
    team.active = False
    assert _names(rota.desk_staff(plein, date(2026, 12, 22), "afternoon")) == [
        ("Ayla", "Welzijn Alfa")]
    assert "Team (account geblokkeerd), Bibliotheek" in [rota.label_of(s)
                                                         for s in rota.shifts_of(plein)]


def test_a_swap_puts_someone_else_or_nobody_on_one_date_only(ctx, world):
    plein, lead, partner = world.model("plein"), world.user("lead"), world.user("partner")
    _open(plein, lead)
    shift = world.model("shift")
    rota.swap(plein, shift, on=TUESDAY, person_id=partner.id, first_name="",
              reason="Ayla is ziek", by=lead)
    [entry] = rota.desk_staff(plein, TUESDAY, "afternoon")
    assert (entry.name, entry.organisation, entry.swapped, entry.reason) == (
        "Partner", "Welzijn Alfa", True, "Ayla is ziek")
    assert _names(rota.desk_staff(plein, date(2026, 12, 22), "afternoon")) == [
        ("Ayla", "Welzijn Alfa")]
    rota.swap(plein, shift, on=date(2026, 12, 22), person_id=0, first_name="", reason="",
              by=lead)
    assert rota.desk_staff(plein, date(2026, 12, 22), "afternoon") == []
    rota.undo_swap(plein, shift, date(2026, 12, 22), by=lead)
    assert _names(rota.desk_staff(plein, date(2026, 12, 22), "afternoon")) == [
        ("Ayla", "Welzijn Alfa")]


@pytest.mark.parametrize(("on", "message"), [
    (date(2026, 12, 16), "16-12-2026 is geen dinsdag"),
    (date(2026, 12, 29), "Op 29-12-2026 is de bibliotheek gesloten"),
    (TUESDAY, "Voor 15-12-2026 staat al een ruil"),
])
def test_a_swap_is_refused_on_another_weekday_a_closing_day_or_twice(ctx, world, on,
                                                                      message):
    plein, lead = world.model("plein"), world.user("lead")
    shift = world.model("shift")
    service.add_closing_day(plein, date(2026, 12, 29), "", by=lead)
    rota.swap(plein, shift, on=TUESDAY, person_id=0, first_name="", reason="", by=lead)
    with pytest.raises(ServiceError, match=message):
        rota.swap(plein, shift, on=on, person_id=0, first_name="Bo", reason="", by=lead)


def test_who_may_be_put_on_the_rota(ctx, world):
    plein, lead, team = world.model("plein"), world.user("lead"), world.user("team")
    partner, welzijn = world.user("partner"), world.model("welzijn")
    add = dict(weekday=1, part="afternoon", partner_id=0, by=lead)
    with pytest.raises(ServiceError, match="Kies wie er aan de balie staat"):
        rota.add_shift(plein, person_id=0, first_name=" ", **add)
    with pytest.raises(ServiceError, match="niet allebei"):
        rota.add_shift(plein, person_id=team.id, first_name="Bo", **add)
    with pytest.raises(ServiceError, match="Kies iemand uit de lijst"):  # not a member
        rota.add_shift(plein, person_id=world.lead_b_id, first_name="", **add)
    with pytest.raises(ServiceError, match="Ayla .* staat al op dinsdagmiddag"):
        rota.add_shift(plein, weekday=1, part="afternoon", person_id=0,
                       partner_id=welzijn.id, first_name="ayla", by=lead)
    # a partner user: itself, or a volunteer of its own organisation, whatever is posted
    mine = dict(weekday=2, part="morning", by=partner, organisation=welzijn)
    with pytest.raises(ServiceError, match="alleen jezelf"):
        rota.add_shift(plein, person_id=team.id, partner_id=0, first_name="", **mine)
    itself = rota.add_shift(plein, person_id=partner.id, partner_id=0, first_name="", **mine)
    volunteer = rota.add_shift(plein, person_id=0, partner_id=world.schuld, first_name="Kim",
                               **mine)
    assert (itself.user, itself.partner) == (partner, welzijn)
    assert (volunteer.user, volunteer.partner) == (None, welzijn)
    assert rota.get_shift(plein, volunteer.id, organisation=world.model("schuld")) is None


def test_the_week_shows_the_desk_and_warns_about_nobody_when_the_plein_is_one_desk(
        ctx, world, plan_world):
    plein, lead = world.model("plein"), world.user("lead")
    _open(plein, lead)
    _open(plein, lead, weekday=2, part="morning")
    shown = week.week(plein, TUESDAY)
    assert shown.shows_desk
    assert _names(shown.cells[(TUESDAY, "afternoon")].desk) == [("Ayla", "Welzijn Alfa")]
    assert shown.cells[(TUESDAY, "morning")].desk is None  # closed: no desk at all
    assert "Woensdagochtend 16-12: niemand aan de balie." in shown.warnings
    assert not any("Dinsdagmiddag" in w and "balie" in w for w in shown.warnings)
    # another form of plein: a day-part without desk staff is no reason to warn
    from plein.plan.service import plan_of

    plan_of(plein).shape = "spread"
    assert not any("balie" in w for w in week.week(plein, TUESDAY).warnings)


def test_a_cancelled_date_is_mailed_to_the_desk_users_of_its_day_part(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    team, partner = world.user("team"), world.user("partner")
    _open(plein, lead)
    for person in (team, partner, lead):
        rota.add_shift(plein, weekday=1, part="afternoon", person_id=person.id,
                       partner_id=0, first_name="", by=lead)
    # team is away on the 22nd: only the people really at the desk hear of that date
    team_shift = db.session.scalar(select(DeskShift).where(DeskShift.user_id == team.id))
    rota.swap(plein, team_shift, on=date(2026, 12, 22), person_id=0, first_name="",
              reason="", by=lead)
    activity = world.model("activity")  # Tuesdays 14:00-16:00
    for day in (TUESDAY, date(2026, 12, 22)):
        offer.change_date(plein, activity, by=lead, on=day, change="cancelled",
                          reason="De adviseur is ziek", new_date=None, new_starts=None,
                          new_ends=None, person="")
    db.session.flush()
    sent = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.subject)
                              .where(OutboxMessage.kind == Kind.DATE_CANCELLED)
                              .order_by(OutboxMessage.id)).all()
    # not the volunteer (no address), not the lead who cancelled it
    assert sent == [
        ("partner@test.example", "Plein Alfa: Spreekuur Alfa op 15-12 gaat niet door"),
        ("team@test.example", "Plein Alfa: Spreekuur Alfa op 15-12 gaat niet door"),
        ("partner@test.example", "Plein Alfa: Spreekuur Alfa op 22-12 gaat niet door")]
    body = db.session.scalar(select(OutboxMessage.body_text).where(
        OutboxMessage.kind == Kind.DATE_CANCELLED).order_by(OutboxMessage.id))
    assert "gaat op 15 december 2026 om 14:00 niet door" in body
    assert "De adviseur is ziek" in body
    # moving a date is no cancellation
    offer.change_date(plein, activity, by=lead, on=date(2027, 1, 5), change="moved",
                      reason="", new_date=date(2027, 1, 6), new_starts=None,
                      new_ends=None, person="")
    assert db.session.scalar(select(db.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == Kind.DATE_CANCELLED)) == 3


# -- promised against planned -------------------------------------------------------------


def _promise(world, hours, period="week"):
    """Welzijn promises ``hours`` per ``period`` in a newly published version."""
    from plein.agreements import service as agreements

    plein, lead = world.model("plein"), world.user("lead")
    agreement = agreements.agreement_of(plein)
    party = agreements.get_party(agreement, world.welzijn_party)
    agreements.set_commitment(plein, agreement, party, by=lead,
                              expected_version=agreement.version_id, hours=hours,
                              hours_period=period, money="0", money_explanation="",
                              knowledge="", means="", tasks="")
    agreements.publish(plein, agreement, by=lead)


def _figure(plein, partner_id, today=date(2026, 12, 14)):
    return next(f for f in pledges.figures(plein, today) if f.partner.id == partner_id)


def test_promised_hours_are_read_from_the_current_version_per_four_weeks(ctx, contract_world):
    world = contract_world
    plein = world.model("plein")
    assert pledges.in_window(Decimal(3), "week") == Decimal("12.0")
    # a month is 365.25 / 12 days; four weeks are 28 of them
    assert pledges.in_window(Decimal(10), "month") == Decimal("9.2")
    _promise(world, "2")
    figure = _figure(plein, world.welzijn)
    assert (figure.hours, figure.period_label, figure.promised) == (
        Decimal("2.00"), "per week", Decimal("8.0"))


def test_planned_hours_count_dates_that_go_ahead_and_desk_shifts(ctx, contract_world):
    world = contract_world
    plein, lead = world.model("plein"), world.user("lead")
    _promise(world, "2")
    # 14-12 to 10-01: four Tuesdays of the weekly 14:00-16:00 spreekuur; the closing day
    # (25-12, a Friday) takes nothing away
    figure = _figure(plein, world.welzijn)
    assert (figure.planned, figure.below) == (Decimal("8.0"), False)
    offer.change_date(plein, world.model("activity"), by=lead, on=date(2026, 12, 22),
                      change="cancelled", reason="Ziek", new_date=None, new_starts=None,
                      new_ends=None, person="")
    figure = _figure(plein, world.welzijn)
    assert (figure.planned, figure.below, figure.short) == (
        Decimal("6.0"), True, Decimal("2.0"))
    # Ayla's desk shift counts once the plein is open on Tuesday afternoon (13-17)
    _open(plein, lead)
    assert _figure(plein, world.welzijn).planned == Decimal("22.0")


def test_a_signed_toetreding_counts_and_a_party_that_left_does_not(ctx, accession_world):
    from plein.agreements import addenda
    from plein.agreements import service as agreements

    world = accession_world
    plein, lead = world.model("plein"), world.user("lead")
    agreement = agreements.agreement_of(plein)
    assert world.schuld not in pledges.promises(plein)  # not signed yet
    accession = addenda.get_accession(agreement, 1)
    addenda.answer(plein, agreement, accession, user=world.user("partner2"),
                   roles={"partner"}, sign=True, function="coördinator", has_read=True)
    assert pledges.promises(plein)[world.schuld] == (Decimal("2.00"), "week")
    addenda.withdraw(plein, agreement, world.model("schuld"), by=lead,
                     leaves_on=date(2027, 1, 1), reason="Subsidie stopt")
    assert world.schuld not in pledges.promises(plein)


def test_the_rota_adds_no_statements_per_day(ctx, world, app):
    """The screen and feeds read the desk for a day or for months at the same cost."""
    from sqlalchemy import event

    plein = world.model("plein")
    counts = []
    for end in (date(2026, 12, 15), date(2027, 3, 31)):
        seen = []
        def listener(*_args, seen=seen):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            db.session.expire_all()
            rota.desk_for_range(plein, TUESDAY, end)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    assert counts[0] == counts[1]


def test_an_activity_falls_in_the_day_part_whose_hours_hold_its_start(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    service.set_day_part(plein, weekday=1, part="evening", is_open=True, starts=time(17),
                         ends=time(21), theme_id=0, by=lead)
    grid = service.grid(plein)
    tuesday = {p: grid[(1, p)] for p in ("morning", "afternoon", "evening")}
    assert rota.part_at(tuesday, time(17, 30)) == "evening"  # the evening opens at 17
    assert rota.part_at(tuesday, time(12, 45)) == "afternoon"  # between the two: clock


def test_a_persons_own_shifts_for_a_personal_feed_with_the_day_parts_hours(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    team, partner = world.user("team"), world.user("partner")
    _open(plein, lead)
    shift = rota.add_shift(plein, weekday=1, part="afternoon", person_id=team.id,
                           partner_id=0, first_name="", by=lead)
    rota.swap(plein, shift, on=date(2026, 12, 22), person_id=partner.id, first_name="",
              reason="", by=lead)
    mine = rota.desk_of(team, date(2026, 12, 14), date(2026, 12, 31))
    assert [(day, part, e.starts, e.ends) for _p, day, part, e in mine] == [
        (TUESDAY, "afternoon", time(13), time(17)),
        (date(2026, 12, 29), "afternoon", time(13), time(17))]
    # the partner user only stands in once: it finds that date, in its plein
    [(found_plein, day, _part, entry)] = rota.desk_of(partner, date(2026, 12, 14),
                                                      date(2026, 12, 31))
    assert (found_plein.id, day, entry.swapped) == (world.plein, date(2026, 12, 22), True)
