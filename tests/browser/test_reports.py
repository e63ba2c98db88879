"""The voortgangsrapportage in the browser: the lead writes and publishes the demo's
draft, looks at the print preview; an MT member finds it on the MT overview, reads it
and comments (the version page also on a phone)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_small_screens import PHONE, assert_fits

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_lead_publishes_a_report_and_the_mt_reads_it(visitor, demo_data):
    v = visitor("rapportage")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/resultaten/rapportages")
    v.check("lijst")
    page.get_by_role("link", name="Werk het concept bij").click()
    expect(page.get_by_role("heading", name="Concept-rapportage")).to_be_visible()
    page.get_by_label("Tekst bij ‘Het programma in cijfers’").fill(
        "December is rustig; het taalcafé gaat door in de kerstvakantie.")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Het concept is opgeslagen.")
    v.check("concept")
    page.get_by_role("button", name="Publiceren", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Versie 2 is gepubliceerd.")
    expect(page.get_by_text("December is rustig")).to_be_visible()
    expect(page.get_by_role("img", name="Inwoners vinden de weg naar het plein")
           ).to_be_visible()
    page.get_by_role("link", name="Afdrukken").click()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", name="Voortgangsrapportage Ontwikkelplein "
                                            "Lindeburg, versie 2")).to_be_visible()
    v.check("afdrukken")
    page.emulate_media(media="screen")

    v.logout()
    v.login("mt@lindeburg.example")
    v.goto(f"/p/{demo_data}/mt")
    page.get_by_role("link", name="Versie 2: kwartaal").click()
    expect(page.get_by_text("December is rustig")).to_be_visible()
    page.get_by_label("Je reactie").fill("Fijn dat het taalcafé doorgaat.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.locator("#messages")).to_contain_text("Je reactie is geplaatst.")
    expect(page.locator("#reacties")).to_contain_text("Fijn dat het taalcafé doorgaat.")
    v.check("versie")
    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits(v)
    v.check("versie-telefoon")
