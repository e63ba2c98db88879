"""Evaluation moments in the browser: the lead records the planned moment as held and
its improvement point appears in the roadmap; a partner answers the questionnaire on a
phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from plein.timeutil import local_today
from tests.browser.test_small_screens import PHONE, assert_fits

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_lead_records_a_moment_and_a_partner_answers_on_a_phone(visitor, demo_data):
    v = visitor("evaluatie")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/resultaten/evaluaties")
    # the demo's evaluation was held with three improvement points
    expect(page.locator(".evaluations-table tbody tr").nth(1)).to_contain_text("Gehouden")
    expect(page.locator(".evaluations-table tbody tr").nth(1).locator("td.number")
           ).to_have_text("3")
    v.check("lijst")
    # the next moment (planned by the demo): open its questionnaire, then hold it
    page.locator(".evaluations-table a").first.click()
    expect(page.get_by_text("Gepland", exact=True)).to_be_visible()
    page.get_by_role("button", name="Vragenlijst openen voor de partners").click()
    expect(page.locator("#messages")).to_contain_text("De vragenlijst staat open")
    page.get_by_label("Gehouden op").fill(local_today().strftime("%d-%m-%Y"))
    page.get_by_label("Lotte de Vries").check()
    page.get_by_label("Welzijn Lindeburg").check()
    page.get_by_label("Wat ging goed?").fill("Alle partners waren er.")
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    expect(page.locator("#messages")).to_contain_text("is vastgelegd als gehouden")
    page.get_by_label("Wat moet beter?").fill("Openingstijden op de deur zetten")
    page.get_by_label("Wie pakt het op?").select_option(label="Tarik El Amrani")
    page.get_by_label("Deadline").fill(
        (local_today() + timedelta(days=21)).strftime("%d-%m-%Y"))
    v.check("moment")
    page.get_by_role("button", name="In het stappenplan zetten").click()
    expect(page.locator("#messages")).to_contain_text("staat nu in het stappenplan")
    page.get_by_role("link", name="Openingstijden op de deur zetten").click()
    expect(page.get_by_role("heading", name="Openingstijden op de deur zetten")
           ).to_be_visible()
    expect(page.get_by_role("link", name="Bekijk waar dit actiepunt vandaan komt")
           ).to_be_visible()

    v.logout()
    page.set_viewport_size(PHONE)
    v.login("welzijn@lindeburg.example")
    v.goto(f"/p/{demo_data}/partner")
    page.get_by_role("link", name="vragenlijst invullen").click()
    expect(page.get_by_text("geen namen, e-mailadressen")).to_be_visible()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Wat werkt goed?").fill("Het vaste spreekuur.")
    page.get_by_label("Deels").check()
    assert_fits(v)
    v.check("vragenlijst-telefoon")
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.locator("#messages")).to_contain_text("zijn opgeslagen")
    expect(page.get_by_role("button", name="Antwoorden wijzigen")).to_be_visible()
