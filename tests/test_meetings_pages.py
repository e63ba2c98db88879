"""The meeting pages through the forms they render: preparing a partneroverleg with its
agenda made ready, adding an action that appears in the roadmap, every refusal with its
message, a stale edit, and what a partner user and the MT get to see."""

from datetime import timedelta

import pytest

from plein.extensions import db
from plein.meetings import service as meetings
from plein.timeutil import local_today
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _check(form, name, label):
    """Tick the checkbox of ``name`` whose label is ``label``."""
    for field in form.fields[name]:
        if field._value == str(label):
            field.checked = True
            return
    raise AssertionError(f"no checkbox {label!r} for {name}")


def _choose(form, name, label):
    for value, _selected, text in form[name].options:
        if text == label:
            form[name] = value
            return
    raise AssertionError(f"no option {label!r} for {name}")


def test_lead_prepares_a_partneroverleg_and_adds_an_action_that_reaches_the_roadmap(
        web, world):
    web.login("lead")
    listing = web.get(f"/p/{world.plein}/overleg")
    page = listing.click("Partneroverleg voorbereiden")
    text = visible_text(page)
    assert "Partneroverleg voorbereiden" in text
    assert "Er is nog geen eerder partneroverleg" in text
    form = form_for(page, "/overleg/nieuw", 1)  # the first: prepare again (a GET)
    assert "- Spreekuur Alfa (Welzijn Alfa, spreekuur)" in form["agenda"].value
    assert form["kind"].value == "partners"
    assert form["on"].value == f"{local_today():%d-%m-%Y}"
    _check(form, "partner_ids", world.welzijn)
    form["agenda"] = form["agenda"].value + "\n7. Het taalcafé"
    form["decisions"] = "Voortaan elke eerste donderdag."
    page = form.submit(status=303).follow()
    text = visible_text(page)
    assert f"Het partneroverleg van {local_today():%d-%m-%Y} is opgeslagen." in text
    assert "Aanwezige partners Welzijn Alfa" in text and "7. Het taalcafé" in text
    assert "Hiermee is 'Elkaar blijven kennen' in het stappenplan gereed gemeld." in text
    action = form_for(page, "/acties")
    action["title"] = "Folder met het taalcafé laten drukken"
    _choose(action, "owner_id", "Team")
    action["due_date"] = f"{local_today() + timedelta(days=7):%d-%m-%Y}"
    _choose(action, "partner_id", "Welzijn Alfa")
    page = action.submit(status=303).follow()
    text = visible_text(page)
    assert "'Folder met het taalcafé laten drukken' staat nu in het stappenplan." in text
    assert (f"Folder met het taalcafé laten drukken Team "
            f"{local_today() + timedelta(days=7):%d-%m-%Y} Welzijn Alfa Open") in text
    item = page.click("Folder met het taalcafé laten drukken")
    assert "Afgesproken in het partneroverleg van" in visible_text(item)
    roadmap = visible_text(web.get(f"/p/{world.plein}/stappenplan/"))
    assert "Folder met het taalcafé laten drukken" in roadmap


def test_an_action_by_htmx_swaps_the_actions_and_refusals_are_said(web, world):
    web.login("team")
    page = web.get(f"/p/{world.plein}/overleg/{world.meeting}")
    action = form_for(page, "/acties")
    refused = action.submit(status=422)
    assert_errors_visible(web, refused)
    text = visible_text(refused)
    assert "Dit veld is verplicht." in text
    action = form_for(refused, "/acties")
    action["title"] = "Poster ophangen"
    action["due_date"] = "31-02-2027"
    refused = action.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Ongeldige datum." in visible_text(refused)
    action = form_for(refused, "/acties")
    assert action["title"].value == "Poster ophangen"  # nothing typed is lost
    action["due_date"] = "01-03-2027"
    refused = action.submit(status=422)  # no owner
    assert_errors_visible(web, refused)
    assert "Kies wie het actiepunt oppakt." in visible_text(refused)
    action = form_for(refused, "/acties")
    _choose(action, "owner_id", "Lead")
    swapped = action.submit(headers={"HX-Request": "true"}, status=200)
    assert '<h2 id="actions-title">Actiepunten</h2>' in swapped.text
    assert "<html" not in swapped.text
    assert "Poster ophangen Lead 01-03-2027 – Open" in visible_text(swapped)


def test_bad_meeting_input_is_refused_in_dutch_and_kept(web, world):
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/overleg/nieuw?soort=day_start"),
                    "/overleg/nieuw", 1)
    assert form["agenda"].value.startswith("1. Wie is er vandaag")
    form["on"] = "gisteren"
    form["notes"] = "x" * 10_001
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    text = visible_text(refused)
    assert "Ongeldige datum." in text and "Gebruik hoogstens 10000 tekens." in text
    assert form_for(refused, "/overleg/nieuw")["kind"].value == "day_start"
    assert form_for(refused, "/overleg/nieuw")["on"].value == "gisteren"


def test_a_stale_edit_is_refused_with_both_versions(web, world):
    web.login("lead")
    url = f"/p/{world.plein}/overleg/{world.meeting}/bewerken"
    mine, theirs = form_for(web.get(url), "/bewerken"), form_for(web.get(url), "/bewerken")
    theirs["notes"] = "Hun verslag"
    theirs.submit(status=303)
    mine["notes"] = "Mijn verslag"
    refused = mine.submit(status=409)
    assert_errors_visible(web, refused)
    text = visible_text(refused)
    assert "Iemand anders heeft dit overleg intussen gewijzigd." in text
    assert "Hun verslag" in text
    assert form_for(refused, "/bewerken")["notes"].value == "Mijn verslag"


def test_the_mt_reads_and_prepares_nothing(web, world):
    web.login("mt")
    page = web.get(f"/p/{world.plein}/overleg")
    assert "voorbereiden" not in visible_text(page)
    meeting = web.get(f"/p/{world.plein}/overleg/{world.meeting}")
    assert "Actiepunt toevoegen" not in visible_text(meeting)
    assert not [f for f in meeting.forms.values() if "/acties" in (f.action or "")]
    web.get(f"/p/{world.plein}/overleg/nieuw", status=403)


def test_a_partner_sees_the_meetings_it_attended_and_its_own_actions(app, web, world):
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        ours = world.model("meeting")
        theirs = meetings.create_meeting(
            plein, by=lead, kind="partners", on=local_today(), user_ids=[],
            partner_ids=[world.schuld], agenda="Geheime agenda Schuldhulp", notes="",
            decisions="")
        for meeting, title, partner in ((ours, "Welzijn belt terug", world.welzijn),
                                        (ours, "Schuldhulp stuurt folders", world.schuld),
                                        (theirs, "Welzijn komt langs", world.welzijn)):
            meetings.add_action(plein, meeting, by=lead, title=title, owner_id=lead.id,
                                due_date=local_today(), partner_id=partner, origin_url="/")
        db.session.commit()
        theirs_id = theirs.id
    web.login("partner")
    home = web.get(f"/p/{world.plein}/overleg/bijgewoond")
    text = visible_text(home)
    assert "Welzijn belt terug" in text and "Welzijn komt langs" in text
    assert "Schuldhulp stuurt folders" not in text
    assert "Partneroverleg van 01-01-2099" in text
    assert f"{local_today():%d-%m-%Y}" not in text.split("Overleggen waar jullie bij waren")[1]
    page = home.click("Partneroverleg van 01-01-2099")
    text = visible_text(page)
    assert "Actiepunten van Welzijn Alfa" in text and "Welzijn belt terug" in text
    assert "Schuldhulp stuurt folders" not in text
    assert "Actiepunt toevoegen" not in text
    # the prepared agenda names candidates, decisions and others' actions: staff only
    assert "Agenda" not in text and "1. Opening" not in text
    missing = web.get(f"/p/{world.plein}/overleg/bijgewoond/{theirs_id}", status=404)
    assert "Geheime agenda" not in missing.text
    web.get(f"/p/{world.plein}/overleg/{world.meeting}", status=403)


def test_roadmap_items_point_to_the_meetings(web, world, app):
    from plein.meetings.service import TICKS  # noqa: F401 (the keys exist)
    from plein.roadmap.models import ChecklistItem

    with app.app_context():
        item_id = db.session.scalar(db.select(ChecklistItem.id).where(
            ChecklistItem.plein_id == world.plein,
            ChecklistItem.default_key == "daily-start"))
    web.login("team")
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{item_id}")
    assert "Dit punt beantwoord je in het overleg: dag- en weekstarts" in visible_text(page)
    assert "Nog leeg." in visible_text(page)
    listing = page.click("vul het daar in")
    assert listing.request.path == f"/p/{world.plein}/overleg"
    assert "Er is nog geen weekstart vastgelegd." in visible_text(listing)
