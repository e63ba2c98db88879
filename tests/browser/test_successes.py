"""Success stories in the browser: on a phone (390 px) a team member writes a story
that may be shared, and it shows on the public programme page."""

import pytest
from playwright.sync_api import expect

from plein.extensions import db
from plein.programme import links
from plein.programme.links import LinkKind
from tests.browser.test_small_screens import PHONE, assert_fits

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def _public_link(live_app, plein_id):
    from plein.accounts import service as accounts
    from plein.accounts.models import Plein

    with live_app.app_context():
        plein = db.session.get(Plein, plein_id)
        _link, token = links.renew(plein, LinkKind.PUBLIC,
                                   by=accounts.user_by_email("lead@lindeburg.example"))
        db.session.commit()
    return token


def test_a_team_member_writes_a_shareable_story_on_a_phone(visitor, demo_data, live_app):
    token = _public_link(live_app, demo_data)
    v = visitor("succesverhalen")
    page = v.page
    page.set_viewport_size(PHONE)
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/resultaten/succesverhalen")
    expect(page.get_by_role("heading", name="Succesverhalen", exact=True)).to_be_visible()
    expect(page.locator(".success-collector")).to_contain_text("Tarik El Amrani verzamelt")
    assert_fits(v)
    v.check("lijst-telefoon")

    page.get_by_role("button", name="Nieuw succesverhaal").click()
    expect(page.get_by_text("Geen gegevens van bezoekers.")).to_be_visible()
    page.get_by_label("Titel").fill("Digitale post eindelijk op orde")
    page.get_by_label("Wat gebeurde er?").fill(
        "Mail me op jan@voorbeeld.example als het gelukt is.")
    page.get_by_label("Welzijn Lindeburg").check()
    page.get_by_role("button", name="Verhaal opslaan").click()
    expect(page.locator("#story-error")).to_contain_text("mag geen e-mailadres bevatten")
    assert_fits(v)
    v.check("formulier-telefoon")

    page.get_by_label("Wat gebeurde er?").fill(
        "Samen met Welzijn heeft een inwoner haar DigiD en de berichtenbox ingesteld. "
        "Ze leest haar post nu zelf.")
    page.get_by_label("Dit verhaal mag buiten het netwerk gedeeld worden").check()
    page.get_by_role("button", name="Verhaal opslaan").click()
    expect(page.locator("#messages")).to_contain_text(
        "Het verhaal 'Digitale post eindelijk op orde' is opgeslagen.")
    story = page.locator(".success-story", has_text="Digitale post eindelijk op orde")
    expect(story).to_contain_text("Mag gedeeld worden buiten het netwerk")

    v.goto(f"/programma/{token}")
    stories = page.locator(".public-stories")
    expect(stories).to_contain_text("Digitale post eindelijk op orde")
    expect(stories).to_contain_text("met Welzijn Lindeburg")
    expect(stories).not_to_contain_text("Eén vraag, drie partners aan tafel")  # not shared
    # no wider than the phone (axe checks this page in test_programme_outputs.py)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
