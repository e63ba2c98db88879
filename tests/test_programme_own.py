"""Partners keep their own offer (issue 17, point 6): a partner user adds and edits its
own organisation's activities and dates and cancels a date with a reason, through the
forms the lead uses; another organisation's is 404. Every change is in the logboek. The
lead hides an activity with a reason the partner reads; hidden activities, and those of
a partner that stopped, are left out of what partners and the public see."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from plein.audit import AuditEvent
from plein.extensions import db
from plein.programme import activities as offer
from plein.programme import visibility
from plein.programme.models import Activity
from plein.timeutil import local_today
from tests.conftest import login, text_of
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _events(app, world, role):
    with app.app_context():
        return [(e.action, e.summary) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.plein_id == world.plein,
                                     AuditEvent.user_id == world.ids[f"{role}_id"])
            .order_by(AuditEvent.id))]


def _next(weekday):
    """The first date after today on ``weekday`` (0 = Monday), a week ahead at most."""
    today = local_today()
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def test_the_partner_adds_its_own_activity_with_times_and_cancels_a_date(web, world, app):
    web.login("partner")
    home = web.get(f"/p/{world.plein}/partner")
    page = home.click("Naar ons aanbod").click("Aanbod toevoegen", index=0)
    form = form_for(page, "/programma/aanbod")
    # the organisation is fixed: its own, the only option
    assert [text for _value, _selected, text in form["partner_id"].options] == ["Welzijn Alfa"]
    assert "Je vult het aanbod van je eigen organisatie in." in visible_text(page)
    form["title"], form["kind"] = "Inloop formulieren", "drop_in"
    form["description"] = "Hulp bij brieven en formulieren."
    page = form.submit(status=303).follow()
    assert "'Inloop formulieren' staat in het aanbod. Zet er nu de tijden bij." \
        in visible_text(page)
    times = form_for(page, "/tijden")
    times["rule"], times["weekday"] = "weekly", "3"
    times["starts"], times["ends"] = "10:00", "12:00"
    page = times.submit(status=303).follow()
    assert "Tijden toegevoegd: elke donderdag 10:00–12:00" in visible_text(page)
    thursday = _next(3)
    change = form_for(page, "/wijziging")
    change["on"], change["change"] = f"{thursday:%d-%m-%Y}", "cancelled"
    change["reason"] = "De vrijwilliger is op vakantie"
    page = change.submit(status=303).follow()
    text = visible_text(page)
    assert f"{thursday:%d-%m-%Y}: vervalt." in text
    assert f"{thursday:%d-%m-%Y} 10:00–12:00 · Vervalt: De vrijwilliger is op vakantie" in text
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(
            Activity.title == "Inloop formulieren"))
        assert activity.partner_id == world.welzijn
    # its own offer lists it; every change is in the logboek under the partner's name
    ours = visible_text(web.get(f"/p/{world.plein}/programma/aanbod/ons"))
    assert "Inloop formulieren Inloop · Vrije inloop · gratis" in ours
    assert "Spreekuur Alfa" in ours
    assert [action for action, _summary in _events(app, world, "partner")] == [
        "programme.activity", "programme.schedule", "programme.date"]
    web.reset()
    web.login("lead")
    log = visible_text(web.get(f"/p/{world.plein}/logboek?soort=programma"))
    assert "Aanbod 'Inloop formulieren' (Welzijn Alfa) toegevoegd" in log
    assert (f"'Inloop formulieren' op {thursday:%d-%m-%Y}: vervalt (De vrijwilliger is op "
            "vakantie)") in log


def test_the_partner_edits_its_activity_and_cannot_move_it_to_another_organisation(
        web, world, app):
    web.login("partner")
    page = web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}")
    form = form_for(page.click("Gegevens wijzigen"), f"/aanbod/{world.activity}")
    form["target_groups"] = "Werkzoekenden"
    form.submit(status=303).follow()
    # a forged organisation (Schuldhulp's id) is refused, what was typed is kept
    form = form_for(web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}/bewerken"),
                    f"/aanbod/{world.activity}")
    form["title"] = "Spreekuur Alfa (nieuw)"
    form["partner_id"].force_value(str(world.schuld))
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Je kunt alleen aanbod van Welzijn Alfa invullen." in visible_text(refused)
    assert form_for(refused, f"/aanbod/{world.activity}")["title"].value == \
        "Spreekuur Alfa (nieuw)"
    with app.app_context():
        activity = db.session.get(Activity, world.activity)
        assert (activity.title, activity.partner_id, activity.target_groups) == (
            "Spreekuur Alfa", world.welzijn, "Werkzoekenden")
    assert _events(app, world, "partner") == [
        ("programme.activity", "Aanbod 'Spreekuur Alfa' bijgewerkt")]


def test_a_partner_cannot_touch_another_organisations_activity(client, world, app):
    """Schuldhulp's user on Welzijn's activity: every change is 404, nothing changes."""
    with app.app_context():
        before = db.session.get(Activity, world.activity).version_id
    login(client, "partner2")
    base = f"/p/{world.plein}/programma/aanbod/{world.activity}"
    for method, url, data in [
            ("GET", f"{base}/bewerken", None),
            ("POST", base, {"title": "Overgenomen", "kind": "workshop",
                            "partner_id": world.schuld, "version": before}),
            ("POST", f"{base}/tijden", {"rule": "once", "start_date": "10-12-2026",
                                        "starts": "10:00", "ends": "11:00"}),
            ("POST", f"{base}/tijden/{world.schedule}/weg", {}),
            ("POST", f"{base}/wijziging", {"on": "15-12-2026", "change": "cancelled",
                                           "reason": "Nee"}),
            ("POST", f"{base}/herstel", {"on": "08-12-2026"})]:
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert response.status_code == 404, (method, url)
        assert "foutcode" in text_of(response)
    # hiding is the lead's
    assert client.post(f"{base}/verbergen", data={"reason": "x", "version": before}
                       ).status_code == 403
    # it reads the public activity, without a single form to change it
    page = client.get(base)
    assert page.status_code == 200 and "Gegevens wijzigen" not in text_of(page)
    body = page.get_data(as_text=True)
    assert "/tijden" not in body and "/wijziging" not in body and "/verbergen" not in body
    with app.app_context():
        activity = db.session.get(Activity, world.activity)
        assert activity.version_id == before and len(activity.schedules) == 1
        assert [c.reason for c in activity.schedules[0].changes] == ["Ziek"]
    assert _events(app, world, "partner2") == []


def test_the_lead_hides_an_activity_with_a_reason_the_partner_reads(web, world, app):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}")
    hide = form_for(page, "/verbergen")
    refused = hide.submit(status=422)  # no reason
    assert_errors_visible(web, refused)
    hide = form_for(refused, "/verbergen")
    hide["reason"] = "De kosten staan er niet goed bij"
    page = hide.submit(status=303).follow()
    text = visible_text(page)
    assert "'Spreekuur Alfa' is verborgen." in text
    assert "Verborgen door de projectleider Reden: De kosten staan er niet goed bij" in text
    week = visible_text(web.get(f"/p/{world.plein}/programma/?week=2026-12-14"))
    assert "Spreekuur Alfa Verborgen 14:00–16:00" in week  # the lead still sees it, marked
    web.reset()

    web.login("partner")
    own = visible_text(web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}"))
    assert "Reden: De kosten staan er niet goed bij" in own
    assert "vraag de projectleider dan om het weer te tonen" in own
    ours = visible_text(web.get(f"/p/{world.plein}/programma/aanbod/ons"))
    assert "De projectleider heeft dit aanbod verborgen. Reden: De kosten staan er niet " \
           "goed bij" in ours
    # what partners and the public see: not in the week, not in the lists
    assert "Spreekuur Alfa" not in visible_text(
        web.get(f"/p/{world.plein}/programma/?week=2026-12-14"))
    assert "Spreekuur Alfa" not in visible_text(web.get(f"/p/{world.plein}/programma/aanbod"))
    web.reset()
    web.login("partner2")  # another organisation: the hidden activity does not exist
    web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}", status=404)
    web.reset()

    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}")
    page = form_for(page, "/tonen").submit(status=303).follow()
    assert "'Spreekuur Alfa' is weer zichtbaar." in visible_text(page)
    assert [summary for action, summary in _events(app, world, "lead")
            if action == "programme.hide"] == [
        "Aanbod 'Spreekuur Alfa' (Welzijn Alfa) verborgen: De kosten staan er niet goed bij",
        "Aanbod 'Spreekuur Alfa' (Welzijn Alfa) is weer zichtbaar"]
    with app.app_context():
        assert visibility.is_public(db.session.get(Activity, world.activity))


def test_hiding_what_someone_changed_meanwhile_is_refused(web, world, app):
    web.login("lead")
    hide = form_for(web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}"),
                    "/verbergen")
    with app.app_context():
        activity = db.session.get(Activity, world.activity)
        visibility.hide(world.model("plein"), activity, "Eerst", by=world.user("team"),
                        expected_version=activity.version_id)
        db.session.commit()
    hide["reason"] = "Tweede keer"
    refused = hide.submit(status=409)
    assert_errors_visible(web, refused)
    with app.app_context():
        assert db.session.get(Activity, world.activity).hidden_reason == "Eerst"


def _library_and_schuld_activities(world):
    plein, lead = world.model("plein"), world.user("lead")
    made = {}
    for title, partner_id in (("Boekenclub", 0), ("Schuldenspreekuur", world.schuld)):
        made[title] = offer.create_activity(
            plein, by=lead, title=title, kind="drop_in", partner_id=partner_id, theme_ids=[],
            target_groups="", description="", room_id=0, access="walk_in",
            appointment_how="", is_free=True, cost="")
        offer.add_schedule(plein, made[title], by=lead, rule="weekly",
                           start_date=date(2026, 12, 1), end_date=None, weekday=3, nth=None,
                           starts=time(10), ends=time(11))
    return made


def test_one_filter_leaves_out_hidden_activities_and_those_of_a_partner_that_left(
        world, app):
    from plein.partners import service as partners

    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        made = _library_and_schuld_activities(world)
        titles = lambda: [a.title for a in visibility.visible_activities(plein)]  # noqa: E731
        assert titles() == ["Boekenclub", "Schuldenspreekuur", "Spreekuur Alfa"]
        visibility.hide(plein, made["Boekenclub"], "Te weinig animo", by=lead,
                        expected_version=made["Boekenclub"].version_id)
        partners.set_status(plein, world.model("welzijn"), "stopped", by=lead, force=True)
        db.session.flush()
        assert titles() == ["Schuldenspreekuur"]
        # the same rule for a loaded activity, and in words
        assert [visibility.is_public(a) for a in offer.activities_of(plein)] == [
            False, True, False]
        assert visibility.why_not_public(db.session.get(Activity, world.activity)) == \
            "Welzijn Alfa is gestopt als partner"
        # the lead's list keeps them all
        assert len(offer.activities_of(plein)) == 3


def test_a_partner_that_left_is_out_of_the_partner_view_and_the_lead_is_warned(
        web, world, app):
    from plein.partners import service as partners

    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        _library_and_schuld_activities(world)
        partners.set_status(plein, world.model("welzijn"), "stopped", by=lead, force=True)
        db.session.commit()
    web.login("lead")
    text = visible_text(web.get(f"/p/{world.plein}/programma/?week=2026-12-14"))
    assert "'Spreekuur Alfa' staat op het programma, maar Welzijn Alfa is gestopt als " \
           "partner. Bezoekers en partners zien het daarom niet meer." in text
    detail = visible_text(web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}"))
    assert "Bezoekers en partners zien dit aanbod niet: Welzijn Alfa is gestopt als " \
           "partner." in detail
    web.reset()
    web.login("partner2")
    week = visible_text(web.get(f"/p/{world.plein}/programma/?week=2026-12-14"))
    assert "Schuldenspreekuur" in week and "Spreekuur Alfa" not in week
    web.reset()
    # the stopped organisation's own user reads why, and adds nothing new
    web.login("partner")
    ours = visible_text(web.get(f"/p/{world.plein}/programma/aanbod/ons"))
    assert "Bezoekers zien dit aanbod niet: Welzijn Alfa is gestopt als partner." in ours
    form = form_for(web.get(f"/p/{world.plein}/programma/aanbod/nieuw"), "/programma/aanbod")
    form["title"], form["kind"] = "Nog een spreekuur", "consultation"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Welzijn Alfa doet niet meer mee aan het plein" in visible_text(refused)


def test_ons_aanbod_lists_only_the_partners_own_activities(web, world, app):
    with app.app_context():
        _library_and_schuld_activities(world)
        db.session.commit()
    web.login("partner2")
    page = web.get(f"/p/{world.plein}/programma/aanbod/ons")
    text = visible_text(page)
    assert "Wat Schuldhulp Alfa op het plein aanbiedt." in text
    assert "Schuldenspreekuur" in text
    assert "Spreekuur Alfa" not in text and "Boekenclub" not in text
    assert page.html.select_one('nav.programme-tabs a[aria-current="page"]').text == \
        "Ons aanbod"


def _statements(work):
    """How many SQL statements ``work()`` sends."""
    from sqlalchemy import event

    sent = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("SAVEPOINT", "RELEASE")):  # the test's own
            sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(sent)


def test_the_public_filter_costs_the_same_few_statements_for_a_big_programme(world, app):
    """What the screen, folder and feeds ask: no statement per activity."""
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        db.session.expire_all()
        assert plein.id  # loaded again before counting
        few = _statements(lambda: visibility.visible_activities(plein))
        for n in range(20):
            activity = offer.create_activity(
                plein, by=lead, title=f"Inloop {n:02d}", kind="drop_in",
                partner_id=world.schuld if n % 2 else 0, theme_ids=[world.theme],
                target_groups="", description="", room_id=0, access="walk_in",
                appointment_how="", is_free=True, cost="")
            offer.add_schedule(plein, activity, by=lead, rule="weekly",
                               start_date=date(2026, 12, 1), end_date=None, weekday=n % 7,
                               nth=None, starts=time(10), ends=time(11))
            if n % 5 == 0:
                visibility.hide(plein, activity, "Even niet", by=lead,
                                expected_version=activity.version_id)
        db.session.commit()
        db.session.expire_all()
        assert plein.id
        many = _statements(lambda: visibility.visible_activities(plein))
        assert len(visibility.visible_activities(plein)) == 1 + 20 - 4
        assert many == few <= 4
