"""The partner register's forms, submitted as the page renders them."""

import pytest
from sqlalchemy import select

from plein.audit import AuditEvent
from plein.extensions import db
from plein.partners.models import Partner
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _new_partner_form(web, world):
    return form_for(web.get(f"/p/{world.plein}/partners/nieuw"), "/partners/")


def test_a_partner_added_through_the_form_is_saved(web, world, app):
    """The form renders a hidden field or two; what the browser sends must save."""
    web.login("lead")
    form = _new_partner_form(web, world)
    form["name"] = "Taalhuis Alfa"
    form["category"] = "taal"
    form["contact_email"] = "info@taalhuis.example"
    form.get("themes", index=0).checked = True
    page = form.submit(status=303).follow()
    assert "Taalhuis Alfa staat nu in het register als kandidaat." in visible_text(page)
    with app.app_context():
        partner = db.session.scalar(select(Partner).where(Partner.name == "Taalhuis Alfa"))
        assert partner.status == "candidate" and partner.category == "taal"
        assert partner.theme_keys and partner.contact_email == "info@taalhuis.example"
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "partner.create", AuditEvent.object_id == partner.id))


def test_register_bad_input_keeps_what_was_typed(web, world):
    web.login("lead")
    form = _new_partner_form(web, world)
    form["name"], form["notes"] = "", "bewaar"
    empty = form.submit(status=422)
    assert_errors_visible(web, empty)
    assert "Dit veld is verplicht." in visible_text(empty) and "bewaar" in empty.text

    form = form_for(empty, "/partners/")
    form["name"] = "welzijn alfa"
    duplicate = form.submit(status=422)
    assert_errors_visible(web, duplicate)
    assert "staat al in het partnerregister" in visible_text(duplicate)
    assert "bewaar" in duplicate.text

    form = form_for(duplicate, "/partners/")
    form["name"], form["contact_email"] = "Nieuw", "geen"
    bad_email = form.submit(status=422)
    assert_errors_visible(web, bad_email)
    assert "geldig e-mailadres" in visible_text(bad_email)

    form = form_for(bad_email, "/partners/")
    form["contact_email"], form["category"] = "", "x" * 81
    too_long = form.submit(status=422)
    assert_errors_visible(web, too_long)
    assert "Gebruik hoogstens 80 tekens." in visible_text(too_long)
    assert "x" * 81 in too_long.text  # kept, not cut short


def test_an_impossible_kind_is_refused_with_a_message(web, world):
    web.login("lead")
    form = _new_partner_form(web, world)
    form["name"] = "Nieuw"
    form["kind"].force_value("evil")  # a tampered select
    bad_kind = form.submit(status=422)
    assert_errors_visible(web, bad_kind)
    assert "Ongeldige keuze" in visible_text(bad_kind)


def test_pipeline_history_is_dated_and_follows_the_flow(web, world):
    web.login("team")
    page = web.get(f"/p/{world.plein}/partners/{world.welzijn}")
    form = form_for(page, "/status")
    form["status"].force_value("participating")  # not offered: the flow skips no step
    jump = form.submit(status=422)
    assert_errors_visible(web, jump)
    assert "niet direct naar" in visible_text(jump)
    form = form_for(web.get(f"/p/{world.plein}/partners/{world.welzijn}"), "/status")
    form["status"], form["note"] = "weighing", "eerste gesprek"
    page = visible_text(form.submit(status=303).follow())
    assert "In afweging" in page and "eerste gesprek" in page and "Team" in page


def test_stale_partner_edit_shows_what_is_stored(web, world, app):
    from tests.forms import Web

    other = Web(app).login("team")
    url = f"/p/{world.plein}/partners/{world.welzijn}/bewerken"
    mine = form_for(web.login("lead").get(url), f"/partners/{world.welzijn}")
    theirs = form_for(other.get(url), f"/partners/{world.welzijn}")
    mine["contact_name"] = "van Lead"
    mine.submit(status=303)
    theirs["contact_name"] = "van Team"
    stale = theirs.submit(status=409)
    assert_errors_visible(web, stale)
    assert "van Lead" in visible_text(stale) and "van Team" in stale.text
    again = form_for(stale, f"/partners/{world.welzijn}")  # saving again is deliberate
    again.submit(status=303)
    with app.app_context():
        assert db.session.get(Partner, world.welzijn).contact_name == "van Team"


def test_quick_start_adds_suggestions_once(web, world, app):
    web.login("team")
    url = f"/p/{world.plein}/partners/snelstart"
    form = form_for(web.get(url), "/snelstart")
    nothing = form.submit(status=422)
    assert_errors_visible(web, nothing)
    assert "Vink minstens één organisatie aan." in visible_text(nothing)

    first, second = (form_for(web.get(url), "/snelstart") for _ in range(2))  # two tabs
    for checkbox in first.fields["names"]:
        checkbox.checked = checkbox._value in ("Humanitas", "Taalmaatjes")
    assert "2 kandidaten toegevoegd" in visible_text(first.submit(status=303).follow())
    for checkbox in second.fields["names"]:
        checkbox.checked = checkbox._value == "Humanitas"
    assert "0 kandidaten toegevoegd" in visible_text(second.submit(status=303).follow())
    with app.app_context():
        humanitas = db.session.scalars(select(Partner).where(Partner.name == "Humanitas")).all()
        assert len(humanitas) == 1 and humanitas[0].status == "candidate"
        assert humanitas[0].theme_keys


def test_the_register_has_an_upper_bound(web, world, monkeypatch):
    from plein.partners import service

    monkeypatch.setattr(service, "MAX_PARTNERS", 2)  # Welzijn and Schuldhulp are there
    web.login("lead")
    form = _new_partner_form(web, world)
    form["name"] = "Nummer drie"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "2 partners, het maximum" in visible_text(refused)


def test_a_bad_search_says_so_at_the_top(web, world):
    web.login("team")
    page = web.get(f"/p/{world.plein}/partners/", {"q": "x" * 101})
    assert "Controleer het filter" in visible_text(page)
    assert "Gebruik hoogstens 100 tekens." in visible_text(page)


def test_the_register_pages_and_keeps_its_filters(web, world, monkeypatch):
    """Finding 14: a long register comes in pages; the links keep the search and sort."""
    from plein.partners import service

    monkeypatch.setattr(service, "PAGE_SIZE", 1)  # Welzijn Alfa and Schuldhulp Alfa
    web.login("team")
    search = form_for(web.get(f"/p/{world.plein}/partners/"), "/partners/")
    search["q"], search["sort"] = "alfa", "soort"
    first = search.submit()
    text = visible_text(first)
    assert "2 partners gevonden; hieronder 1 tot en met 1." in text
    assert "Pagina 1 van 2" in text
    shown_first, other = (("Schuldhulp Alfa", "Welzijn Alfa") if "Schuldhulp Alfa" in text
                          else ("Welzijn Alfa", "Schuldhulp Alfa"))
    assert other not in text
    second = first.click("Volgende")
    assert second.request.params["q"] == "alfa" and second.request.params["sort"] == "soort"
    text = visible_text(second)
    assert "Pagina 2 van 2" in text and "hieronder 2 tot en met 2" in text
    assert "Controleer het filter" not in text  # the link's filters are all valid
    assert other in text and shown_first not in text
    assert "Volgende" not in text
    assert "Pagina 1 van 2" in visible_text(second.click("Vorige"))
    # htmx asks for the list only; a page past the end shows the last page
    fragment = web.get(f"/p/{world.plein}/partners/", {"pagina": "99", "q": "alfa"},
                       headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="partner-list"')
    assert "Pagina 2 van 2" in fragment.text
