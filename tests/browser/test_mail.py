"""E-mail in the browser: the lead publishes a version, the admin finds the partner's
signing request under Berichten, the partner follows its link and signs."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_a_signing_request_in_the_outbox_leads_the_partner_to_sign(visitor, demo_data,
                                                                   live_app):
    v = visitor("mail")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/contract/concept")
    page.get_by_label("Looptijd en evaluatie").fill("Van 1 april 2027 tot 1 april 2028.")
    page.get_by_role("button", name="Afspraken opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Concept opgeslagen")
    page.get_by_label(re.compile("opnieuw moeten tekenen")).check()
    page.get_by_role("button", name="Publiceren als versie 3").click()
    expect(page.get_by_role("heading", name="Samenwerkingscontract, versie 3")).to_be_visible()
    v.logout()

    v.login("admin@lindeburg.example")
    v.goto("/beheer/berichten")
    row = page.locator("tr", has_text="schuldhulp@lindeburg.example").filter(
        has_text="versie 3").first
    expect(row).to_contain_text("Wacht op verzending")
    expect(page.get_by_text("geen mailserver ingesteld")).to_be_visible()
    v.check("berichten")
    page.set_viewport_size({"width": 390, "height": 844})
    v.check("berichten-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("versie 3 van het samenwerkings"))
           ).to_be_visible()
    v.check("bericht")
    link = page.locator("dd a[href*='/contract/versie/3']").get_attribute("href")
    expect(page.locator("pre.mail-text")).to_contain_text("namens Schuldhulp Lindeburg")
    v.logout()

    v.login("schuldhulp@lindeburg.example")
    page.goto(link)
    expect(page.get_by_role("heading", name="Samenwerkingscontract, versie 3")).to_be_visible()
    form = page.get_by_role("form", name="Tekenen")
    form.get_by_label("Je functie").fill("budgetcoach")
    form.get_by_label("Ik heb versie 3 gelezen").check()
    form.get_by_role("button", name="Tekenen namens mijn organisatie").click()
    expect(page.locator("#messages")).to_contain_text("handtekening voor versie 3")

    v.goto("/account/berichten")
    page.get_by_label("Het contract is door iedereen getekend").select_option("daily")
    expect(page.get_by_label("Plan ter beoordeling voor het MT")).to_have_count(0)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#messages")).to_contain_text("berichtinstellingen zijn opgeslagen")
    v.check("instellingen")
    page.set_viewport_size({"width": 390, "height": 844})
    v.check("instellingen-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    v.logout()

    with live_app.app_context():  # the link at the foot of a message, no login needed
        from plein.accounts.service import user_by_email
        from plein.mail.preferences import token_for

        token = token_for(user_by_email("schuldhulp@lindeburg.example"), "all_signed")
    v.goto(f"/afmelden/all_signed/{token}")
    expect(page.get_by_text("geen e-mails meer krijgen over")).to_be_visible()
    v.check("afmelden")
    page.get_by_role("button", name="Ja, afmelden").click()
    expect(page.get_by_role("heading", name="Afgemeld")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    v.check("afgemeld-390")
