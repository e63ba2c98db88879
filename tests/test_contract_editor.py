"""The contract editor's forms, submitted as the page renders them."""

import pytest

from plein.agreements.models import AgreementSection
from plein.extensions import db
from tests.forms import Web, assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _draft(web, world):
    return web.get(f"/p/{world.plein}/contract/concept")


def test_sections_are_saved_through_the_rendered_form(web, contract_world, app):
    world = contract_world
    form = form_for(_draft(web.login("lead"), world), "/contract/concept")
    form["section-term"] = "Een jaar, vanaf 1 maart 2027; daarna elk jaar evalueren."
    page = form.submit(status=303).follow()
    assert "Concept opgeslagen." in visible_text(page)
    with app.app_context():
        term = db.session.scalars(db.select(AgreementSection).where(
            AgreementSection.key == "term")).one()
        assert term.body.startswith("Een jaar, vanaf 1 maart 2027")
    again = form_for(page, "/contract/concept").submit(status=303).follow()
    assert "Er was niets gewijzigd." in visible_text(again)


def test_too_long_section_is_refused_at_the_top_and_kept(web, contract_world):
    world = contract_world
    form = form_for(_draft(web.login("lead"), world), "/contract/concept")
    form["section-term"] = "x" * 20_001
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Gebruik hoogstens 20000 tekens." in visible_text(refused)
    assert "x" * 20_001 in refused.text
    assert 'href="#section-term"' in refused.text.split('class="error-summary"')[1]


def test_stale_section_save_shows_the_stored_text_next_to_yours(web, contract_world, app):
    world = contract_world
    team = Web(app).login("team")
    mine = form_for(_draft(web.login("lead"), world), "/contract/concept")
    publish = form_for(_draft(web, world), "/publiceren")
    theirs = form_for(_draft(team, world), "/contract/concept")
    theirs["section-term"] = "TEKST VAN TEAM"
    theirs.submit(status=303)
    mine["section-term"] = "TEKST VAN LEAD"
    stale = mine.submit(status=409)
    assert_errors_visible(web, stale)
    assert "TEKST VAN LEAD" in stale.text and "TEKST VAN TEAM" in stale.text
    assert "Nu opgeslagen (door iemand anders gewijzigd)" in visible_text(stale)
    publish["confirmed"] = True
    refused = publish.submit(status=409)
    assert "gewijzigd nadat je deze pagina opende" in visible_text(refused)
    # the form now carries the current version: saving again is deliberate
    form_for(stale, "/contract/concept").submit(status=303)
    with app.app_context():
        assert db.session.scalars(db.select(AgreementSection.body).where(
            AgreementSection.key == "term")).one() == "TEKST VAN LEAD"


def test_absurd_commitment_is_refused_and_kept(web, contract_world):
    world = contract_world
    action = f"/contract/partijen/{world.welzijn_party}"
    form = form_for(_draft(web.login("team"), world), action)
    form["hours"], form["hours_period"], form["money"] = "500", "week", "-5"
    form["tasks"] = "mijn taken"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "onwaarschijnlijk veel" in visible_text(refused)
    assert "mijn taken" in refused.text
    saved = form_for(refused, action)
    saved["hours"], saved["money"] = "4", "250"
    saved["money_explanation"] = ""
    no_reason = saved.submit(status=422)
    assert_errors_visible(web, no_reason)
    assert 'href="#money_explanation-' in no_reason.text  # the summary links to the field
    saved = form_for(no_reason, action)
    saved["money_explanation"] = "Koffie en drukwerk"
    page = saved.submit(status=303).follow()
    assert "Inbreng van Welzijn Alfa opgeslagen." in visible_text(page)
