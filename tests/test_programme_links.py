"""The programme's outputs: the folder, and the pages opened through a secret link (TV
screen, public programme, iCal feeds) — renewing and switching links, conditional
requests, daylight saving in the feed, and no personal data.

The world's programme: a weekly spreekuur of Welzijn Alfa on Tuesdays 14:00–16:00 from
1 December 2026, cancelled on 8 December ("Ziek").
"""

from datetime import date, datetime, time

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bench.measure import Counter
from plein.audit import AuditEvent
from plein.extensions import db
from plein.programme import links
from plein.programme import public_views as pages
from plein.programme.links import LinkKind, ProgrammeLink
from plein.programme.recurrence import TZ
from tests.forms import Web, assert_errors_visible, form_for, visible_text
from tests.worlds import email_for

pytestmark = pytest.mark.shared_world


def _at(monkeypatch, *args):
    monkeypatch.setattr(pages, "now", lambda: datetime(*args, tzinfo=TZ))


def _make(app, world, kind):
    with app.app_context():
        plein = world.model("plein")
        _link, token = links.renew(plein, kind, by=world.user("lead"))
        db.session.commit()
    return token


def _path(link):
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _new_link(page):
    return _path(page.html.find(id="new-link")["value"])


class _Reads(Counter):
    """Counts the SELECTs (the shared world wraps each request in a savepoint)."""

    def _count(self, _conn, _cursor, statement, *_args):
        self.count += statement.lstrip().upper().startswith("SELECT")


def _events(app, world, action="programme.link"):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.summary).where(
            AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_the_lead_makes_a_screen_link_renews_it_and_the_old_one_is_gone(web, world, app,
                                                                       monkeypatch):
    _at(monkeypatch, 2026, 12, 8, 10, 5)
    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/links")
    assert "Uit: er is geen werkende link." in visible_text(page)
    page = form_for(page, "/links/scherm/nieuw").submit(status=200)
    assert "Kopieer hem nu; hij wordt niet bewaard." in visible_text(page)
    first = _new_link(page)
    anybody = app.test_client()
    screen = anybody.get(first)
    assert screen.status_code == 200
    assert "Spreekuur Alfa" in screen.get_data(as_text=True)
    page = form_for(web.get(f"/p/{world.plein}/programma/links"),
                    "/links/scherm/nieuw").submit(status=200)
    second = _new_link(page)
    assert second != first
    assert anybody.get(first).status_code == 404
    assert anybody.get(second).status_code == 200
    assert _events(app, world) == [
        "Scherm op het plein: link aangezet",
        "Scherm op het plein: nieuwe link gemaakt; de oude werkt niet meer"]
    with app.app_context():  # only the hash is kept
        stored = db.session.scalars(select(ProgrammeLink.token_hash)).all()
    assert len(stored) == 1 and stored[0] not in second and len(stored[0]) == 64


def test_the_screen_shows_a_cancelled_date_and_answers_304_without_rendering(
        app, world, monkeypatch):
    token = _make(app, world, LinkKind.SCREEN)
    _at(monkeypatch, 2026, 12, 8, 13, 5)  # the Tuesday of the cancelled spreekuur
    client = app.test_client()
    response = client.get(f"/scherm/{token}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    # htmx asks again every minute; without JavaScript the page refreshes itself
    assert 'hx-trigger="every 60s"' in body
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in body
    assert "<script>" not in body and "style=" not in body  # no inline script (CSP)
    assert "Gaat niet door: Ziek" in body and "Spreekuur Alfa" in body
    assert response.headers["Cache-Control"] == "no-cache"
    etag = response.headers["ETag"]

    def no_rendering(*_args, **_kwargs):
        raise AssertionError("a 304 must not read the programme or render")

    with monkeypatch.context() as patch:
        patch.setattr(pages.outputs, "screen", no_rendering)
        patch.setattr(pages, "render_template", no_rendering)
        with app.app_context():
            engine = db.engine
        _at(patch, 2026, 12, 8, 13, 14)  # the same quarter of an hour
        with _Reads(engine) as reads:
            again = client.get(f"/scherm/{token}", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b""
        assert reads.count == 2  # the link, and the logboek's length
    # the partner undoes the cancellation: the next refresh shows it
    with app.app_context():
        from plein.programme import activities as offer

        plein = world.model("plein")
        activity = offer.get_activity(plein, world.activity)
        offer.undo_change(plein, activity, date(2026, 12, 8), by=world.user("partner"))
        db.session.commit()
    changed = client.get(f"/scherm/{token}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Gaat niet door" not in changed.get_data(as_text=True)
    # during the spreekuur it is marked as now; a new quarter is a new page
    _at(monkeypatch, 2026, 12, 8, 14, 20)
    now = client.get(f"/scherm/{token}", headers={"If-None-Match": changed.headers["ETag"]})
    assert now.status_code == 200 and ">Nu</span>" in now.get_data(as_text=True)


def test_the_public_page_is_off_until_the_lead_switches_it_on(web, world, app, monkeypatch):
    _at(monkeypatch, 2026, 12, 2, 9, 0)
    web.login("lead")
    page = form_for(web.get(f"/p/{world.plein}/programma/links"),
                    "/links/openbaar/nieuw").submit(status=200)
    public = _new_link(page)
    anybody = app.test_client()
    shown = anybody.get(public)
    text = " ".join(shown.get_data(as_text=True).split())
    assert shown.status_code == 200
    assert "Programma Plein Alfa" in text and "Spreekuur Alfa" in text
    assert "gaat niet door" in text and "Ziek" in text
    off = form_for(web.get(f"/p/{world.plein}/programma/links"), "/links/openbaar/uit")
    page = off.submit(status=303).follow()
    assert "Openbaar programma: de link is uitgezet en werkt niet meer." in visible_text(page)
    assert anybody.get(public).status_code == 404
    assert _events(app, world)[-2:] == ["Openbaar programma: link aangezet",
                                        "Openbaar programma: link uitgezet"]


def test_no_person_is_named_on_any_public_output(app, world, monkeypatch, client):
    from plein.programme import activities as offer

    with app.app_context():
        plein = world.model("plein")
        activity = offer.get_activity(plein, world.activity)
        offer.change_date(plein, activity, by=world.user("lead"), on=date(2026, 12, 15),
                          change="other_person", reason="Vervanging",
                          person="Jan Vervanger", new_date=None, new_starts=None,
                          new_ends=None)
        db.session.commit()
    tokens = {kind: _make(app, world, kind) for kind in links.PLEIN_KINDS}
    _at(monkeypatch, 2026, 12, 14, 9, 0)
    bodies = [client.get(path).get_data(as_text=True) for path in (
        f"/scherm/{tokens[LinkKind.SCREEN]}", f"/programma/{tokens[LinkKind.PUBLIC]}",
        f"/agenda/{tokens[LinkKind.FEED]}.ics")]
    from tests.conftest import login

    login(client, "team")
    bodies.append(client.get(f"/p/{world.plein}/programma/folder?van=2026-12-14")
                  .get_data(as_text=True))
    for body in bodies:
        assert "Spreekuur Alfa" in body
        assert "Jan Vervanger" not in body
        for role in ("lead", "team", "partner"):
            assert email_for(role) not in body.split("<main", 1)[-1]


def _feed(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return response, Calendar.from_ical(response.get_data())


def test_the_plein_feed_keeps_14_00_across_summer_time_and_marks_cancelled_dates(
        app, world, monkeypatch, client):
    from plein.programme import service as programme

    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        programme.add_closing_day(plein, date(2026, 12, 22), "Kerstvakantie", by=lead)
        db.session.commit()
    token = _make(app, world, LinkKind.FEED)
    _at(monkeypatch, 2026, 12, 5, 9, 0)
    _response, cal = _feed(client, f"/agenda/{token}.ics")
    events = {e.decoded("dtstart").date(): e for e in cal.walk("VEVENT")}
    assert str(events[date(2026, 12, 8)]["status"]) == "CANCELLED"
    assert "Ziek" in str(events[date(2026, 12, 8)]["description"])
    assert "Kerstvakantie" in str(events[date(2026, 12, 22)]["description"])
    assert str(events[date(2026, 12, 15)]["status"]) == "CONFIRMED"
    assert max(events) <= date(2027, 3, 7)  # three months ahead

    # the week the clocks go forward (Sunday 28 March 2027)
    _at(monkeypatch, 2027, 3, 20, 9, 0)
    response, cal = _feed(client, f"/agenda/{token}.ics")
    assert b"TZID=Europe/Amsterdam" in response.get_data()
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    events = {e.decoded("dtstart").date(): e for e in cal.walk("VEVENT")}
    before, after = events[date(2027, 3, 23)], events[date(2027, 3, 30)]
    for event in (before, after):
        assert event.decoded("dtstart").time() == time(14)
        assert event.decoded("dtend").time() == time(16)
        assert str(event.decoded("dtstart").tzinfo) == "Europe/Amsterdam"
        assert str(event["summary"]) == "Spreekuur Alfa"
    assert before.decoded("dtstart").utcoffset().total_seconds() == 3600
    assert after.decoded("dtstart").utcoffset().total_seconds() == 7200
    # a conditional request on the same day, nothing changed: 304
    again = client.get(f"/agenda/{token}.ics",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    # a calendar app that sends no ETag gets the body made before, not a new one
    monkeypatch.setattr(pages.ical, "plein_feed", lambda *_a: pytest.fail("made again"))
    assert client.get(f"/agenda/{token}.ics").get_data() == response.get_data()


def test_a_personal_feed_holds_my_deadlines_and_desk_shifts_only_and_renewing_ends_the_old_link(
        web, world, app, monkeypatch):
    from plein.programme import rota
    from plein.programme import service as programme
    from plein.roadmap.models import ChecklistItem

    with app.app_context():
        item = db.session.get(ChecklistItem, world.item)
        item.owner_id, item.due_date = world.lead_id, date(2026, 12, 18)
        plein, lead = world.model("plein"), world.user("lead")
        programme.set_day_part(plein, weekday=3, part="morning", is_open=True,
                               starts=time(9), ends=time(12, 30), theme_id=0, by=lead)
        rota.add_shift(plein, weekday=3, part="morning", person_id=world.lead_id,
                       partner_id=0, first_name="", by=lead)  # Thursday mornings
        db.session.commit()
    _at(monkeypatch, 2026, 12, 2, 9, 0)
    web.login("lead")
    page = web.get("/account/agenda")
    assert "Je hebt nog geen agenda-link." in visible_text(page)
    first = _new_link(form_for(page, "/account/agenda").submit(status=200))
    anybody = app.test_client()
    _response, cal = _feed(anybody, first)
    events = cal.walk("VEVENT")
    deadlines = [e for e in events if str(e["summary"]).startswith("Deadline")]
    shifts = [e for e in events if str(e["summary"]) == "Baliedienst Plein Alfa"]
    assert [str(e["summary"]) for e in deadlines] == ["Deadline: Eigen punt Alfa"]
    assert deadlines[0].decoded("dtstart") == date(2026, 12, 18)
    assert len(deadlines) + len(shifts) == len(events) and len(shifts) >= 12
    starts = {e.decoded("dtstart"): e.decoded("dtend") for e in shifts}
    assert starts[datetime(2026, 12, 3, 9, tzinfo=TZ)] == datetime(2026, 12, 3, 12, 30, tzinfo=TZ)
    assert all(start.weekday() == 3 for start in starts)  # Thursdays only
    second = _new_link(form_for(web.get("/account/agenda"), "/account/agenda")
                       .submit(status=200))
    assert anybody.get(first).status_code == 404
    assert anybody.get(second).status_code == 200
    team = Web(app).login("team")  # the team member's own feed: not the lead's deadline
    mine = _new_link(form_for(team.get("/account/agenda"), "/account/agenda")
                     .submit(status=200))
    assert _feed(anybody, mine)[1].walk("VEVENT") == []
    assert _events(app, world)[-1] == "Persoonlijk agenda-abonnement: nieuwe link gemaakt"


def test_desk_names_are_a_choice_of_the_screen_link(web, world, app):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/links")
    assert "/links/scherm/namen" not in page.text  # no screen link, no choice
    page = form_for(page, "/links/scherm/nieuw").submit(status=200)
    form = form_for(web.get(f"/p/{world.plein}/programma/links"), "/links/scherm/namen")
    assert form["show"].value == "nee"
    form["show"] = "ja"
    page = form.submit(status=303).follow()
    assert "Het scherm toont de voornamen van de baliedienst." in visible_text(page)
    with app.app_context():
        assert db.session.scalar(select(ProgrammeLink.show_desk_names))
    # renewing keeps the choice; switching off and posting the choice is refused
    form_for(web.get(f"/p/{world.plein}/programma/links"), "/links/scherm/nieuw").submit()
    with app.app_context():
        assert db.session.scalar(select(ProgrammeLink.show_desk_names))
    stale = form_for(web.get(f"/p/{world.plein}/programma/links"), "/links/scherm/namen")
    form_for(web.get(f"/p/{world.plein}/programma/links"), "/links/scherm/uit").submit()
    refused = stale.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Maak eerst een link voor het scherm." in visible_text(refused)


@pytest.mark.parametrize("path", ["/scherm/{}", "/programma/{}", "/agenda/{}.ics",
                                  "/agenda/mijn/{}.ics"])
def test_a_wrong_or_foreign_token_is_a_404(app, world, client, path):
    screen = _make(app, world, LinkKind.SCREEN)
    for token in ("x" * 101, "onbekend", screen[:-1]):
        assert client.get(path.format(token)).status_code == 404
    expected = 200 if path == "/scherm/{}" else 404  # another kind's token opens nothing
    assert client.get(path.format(screen)).status_code == expected


def test_the_folder_by_day_and_by_theme(web, world):
    web.login("mt")
    page = web.get(f"/p/{world.plein}/programma/folder?van=2026-12-09&weken=2")
    text = visible_text(page)
    assert "Van maandag 7 december 2026 tot en met zondag 20 december 2026" in text
    assert "afgedrukt op" in text
    assert ("Dinsdag 8 december 2026 14:00–16:00 Spreekuur Alfa gaat niet door" in text)
    assert "Dinsdag 15 december 2026 14:00–16:00 Spreekuur Alfa Welzijn Alfa" in text
    form = form_for(page, "/programma/folder")
    form["indeling"] = "thema"
    text = visible_text(form.submit())
    assert "Spreekuur Alfa Spreekuur van Welzijn Alfa" in text
    assert "Elke dinsdag 14:00–16:00 8 december 2026: gaat niet door (Ziek)" in text
    assert "8 december 2026: gaat niet door (Ziek)" in text


def test_the_screen_names_the_desk_staff_only_when_the_lead_allows_it(app, world, client,
                                                                       monkeypatch):
    from plein.programme import service as programme

    with app.app_context():
        plein = world.model("plein")
        programme.set_day_part(plein, weekday=1, part="afternoon", is_open=True, starts=None,
                               ends=None, theme_id=0, by=world.user("lead"))
        db.session.commit()
    token = _make(app, world, LinkKind.SCREEN)
    # the world's rota: Ayla, a volunteer of Welzijn Alfa, on Tuesday afternoons
    _at(monkeypatch, 2026, 12, 15, 14, 5)
    text = " ".join(client.get(f"/scherm/{token}").get_data(as_text=True).split())
    assert "Aan de balie" in text and "Welzijn Alfa" in text and "Ayla" not in text
    with app.app_context():
        links.set_desk_names(world.model("plein"), True, by=world.user("lead"))
        db.session.commit()
    text = " ".join(client.get(f"/scherm/{token}").get_data(as_text=True).split())
    assert "Ayla, Welzijn Alfa" in text
    _at(monkeypatch, 2026, 12, 15, 18, 0)  # the afternoon is over: no desk
    assert "Aan de balie" not in client.get(f"/scherm/{token}").get_data(as_text=True)


def test_a_hidden_activity_is_on_no_public_output(app, world, monkeypatch, client):
    """Hidden by the lead: gone from the screen, the public page, the feed and the
    folder (the lead's own week view still shows it, marked)."""
    from plein.programme import activities as offer
    from plein.programme import visibility
    from tests.conftest import login

    tokens = {kind: _make(app, world, kind) for kind in links.PLEIN_KINDS}
    _at(monkeypatch, 2026, 12, 14, 9, 0)
    paths = [f"/scherm/{tokens[LinkKind.SCREEN]}", f"/programma/{tokens[LinkKind.PUBLIC]}",
             f"/agenda/{tokens[LinkKind.FEED]}.ics"]
    login(client, "team")
    folder = f"/p/{world.plein}/programma/folder?van=2026-12-14"
    assert all("Spreekuur Alfa" in client.get(p).get_data(as_text=True)
               for p in [*paths, folder])
    with app.app_context():
        activity = offer.get_activity(world.model("plein"), world.activity)
        visibility.hide(world.model("plein"), activity, "Wordt herzien",
                        by=world.user("lead"), expected_version=activity.version_id)
        db.session.commit()
    for path in [*paths, folder]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Spreekuur Alfa" not in response.get_data(as_text=True), path
