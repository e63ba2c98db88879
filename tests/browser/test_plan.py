"""The lead writes and submits the plan, the MT supports it on conditions, the gate opens."""

import re

import pytest
from playwright.sync_api import expect

from plein.accounts import service as accounts
from plein.admin.service import create_plein
from plein.extensions import db
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


@pytest.fixture
def fresh_plein(live_app, demo_data):
    """A plein in oriëntatie with every checklist item done: only the MT is missing."""
    with live_app.app_context():
        plein = create_plein("Plein Noord", "Bibliotheek Noord (fictief)", "Wijkcentrum")
        lead = accounts.user_by_email("lead@lindeburg.example")
        accounts.add_membership(plein, lead, "lead")
        accounts.add_membership(plein, accounts.user_by_email("mt@lindeburg.example"), "mt")
        for item in roadmap.items_of(plein, phase=Phase.ORIENTATION):
            roadmap.set_status(plein, item, "done", by=lead)
        db.session.commit()
        plein_id = plein.id
        db.session.remove()
    return plein_id


def test_plan_submitted_supported_on_conditions_and_gate_opens(visitor, fresh_plein):
    v = visitor("plan")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{fresh_plein}/plan/")
    expect(page.get_by_role("heading", name="Nog geen plan")).to_be_visible()
    v.check("leeg")
    page.get_by_role("button", name="Plan beginnen").click()
    expect(page.get_by_role("heading", name="Plan bewerken", level=1)).to_be_visible()

    # the budget first (htmx, no page load): one cost, one pledged fund, then a typo
    page.evaluate("window.__noReload = true")
    costs = page.get_by_role("form", name="Kosten toevoegen")
    costs.get_by_label("Omschrijving").fill("Twee spreektafels en een pc")
    costs.get_by_label("Bedrag").fill("3.500")
    costs.get_by_role("button", name="Toevoegen").click()
    expect(page.locator(".budget-totals")).to_contain_text("3.500,00")
    funding = page.get_by_role("form", name="Financieringsbron toevoegen")
    funding.get_by_label("Soort").select_option(label="Fonds")
    funding.get_by_label("Omschrijving").fill("Wijkfonds Noord")
    funding.get_by_label("Bedrag").fill("2000")
    funding.get_by_label("Status").select_option(label="Toegezegd")
    funding.get_by_role("button", name="Toevoegen").click()
    expect(page.locator(".budget-totals")).to_contain_text(
        re.compile(r"Nog te vinden\s*€\s1\.500,00"))
    costs = page.get_by_role("form", name="Kosten toevoegen")
    costs.get_by_label("Omschrijving").fill("Banner")
    costs.get_by_label("Bedrag").fill("-40")
    costs.get_by_role("button", name="Toevoegen").click()
    expect(costs.get_by_role("alert")).to_have_text("Het bedrag kan niet negatief zijn.")
    expect(costs.get_by_label("Omschrijving")).to_have_value("Banner")  # nothing lost
    assert page.evaluate("window.__noReload") is True
    v.check("begroting")

    page.get_by_label("Naam van het plein").fill("Plein Noord")
    page.get_by_label("Vorm", exact=True).select_option(label="Eén balie met een contactpersoon")
    page.get_by_label("Waarom een Ontwikkelplein?").fill(
        "Inwoners van Noord zoeken hulp bij geldzaken en weten niet waar ze moeten zijn.")
    page.get_by_label("Beoogd resultaat").fill("Eén vaste plek, twee middagen per week.")
    page.get_by_label("Doelgroepen").fill("Huishoudens met geldzorgen.")
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Plan opgeslagen.")
    v.check("plan")

    page.get_by_label("Toelichting voor het MT").fill("Graag jullie oordeel.")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", name="Planversie 1: Plein Noord")).to_be_visible()
    v.logout()

    v.login("mt@lindeburg.example")
    v.goto(f"/p/{fresh_plein}/mt")
    expect(page.get_by_role("heading", name="Je beoordeling wordt gevraagd")).to_be_visible()
    v.check("mt-overzicht")
    page.get_by_role("button", name="Plan beoordelen").click()
    form = page.get_by_role("form", name="Jouw beoordeling")
    form.get_by_role("radio", name="Steun onder voorwaarden").check()
    form.get_by_role("textbox", name="Voorwaarden").fill(
        "Privacyafspraken vastleggen\nEvaluatie na een half jaar")
    form.get_by_label("Toelichting of vragen").fill("Sterk plan; let op de privacy.")
    v.check("beoordelen")
    form.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.locator("#messages")).to_contain_text("De voorwaarden staan als actiepunten")
    review = page.locator("article.review")
    expect(review).to_contain_text("Steun onder voorwaarden")
    expect(review.get_by_role("link", name="Privacyafspraken vastleggen")).to_be_visible()
    v.check("beoordeeld")
    # a message in the plan's thread, and the lead's answer
    thread = page.get_by_role("form", name="Bericht plaatsen")
    thread.get_by_label("Bericht").fill("Wie trekt de evaluatie na een half jaar?")
    thread.get_by_role("button", name="Plaatsen").click()
    expect(page.locator("#messages")).to_contain_text("Je bericht is geplaatst.")
    expect(page.locator("article.message")).to_contain_text("Wie trekt de evaluatie")
    v.logout()

    v.login("lead@lindeburg.example")
    v.goto(f"/p/{fresh_plein}/stappenplan/")
    page.locator("#fase-preparation summary").click()
    for title in ("Privacyafspraken vastleggen", "Evaluatie na een half jaar"):
        item = page.locator("article.item", has=page.get_by_role("heading", name=title))
        expect(item).to_contain_text("nodig voor de fase-overgang")
    v.check("stappenplan")
    v.goto(f"/p/{fresh_plein}/stappenplan/fase")
    expect(page.get_by_role("heading", name="Klaar voor Voorbereiding")).to_be_visible()
    page.get_by_role("button", name="Door naar Voorbereiding").click()
    expect(page.locator("#messages")).to_contain_text("Voorbereiding")
    v.check("poort-open")
