"""Each role creates something through the main "add" forms, in the browser: a page that
cannot save fails here (a hidden field the browser sends empty, a missing message)."""

import re

import pytest
from playwright.sync_api import expect


@pytest.mark.extended
def test_team_adds_an_item_and_a_partner_and_scores_it(visitor, demo_data):
    v = visitor("reis-team")
    page = v.page
    v.login("team@lindeburg.example")

    # a checklist item of its own
    v.goto(f"/p/{demo_data}/stappenplan/")
    add = page.locator("form.add-item:visible").first  # the open (current) phase's
    add.get_by_label(re.compile("Eigen actiepunt toevoegen aan")).fill(
        "Stoelen voor de spreektafel bestellen")
    add.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#messages")).to_contain_text(
        "Actiepunt 'Stoelen voor de spreektafel bestellen' toegevoegd.")
    expect(page.get_by_role("heading", name="Stoelen voor de spreektafel bestellen",
                            level=1)).to_be_visible()

    # a partner, first without a name (the message shows), then saved
    v.goto(f"/p/{demo_data}/partners/")
    page.get_by_role("button", name="Partner toevoegen").click()
    page.get_by_label("Eerste notitie").fill("Kent de buurt goed.")
    page.get_by_role("button", name="Toevoegen als kandidaat").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Dit veld is verplicht.")
    expect(page.get_by_label("Eerste notitie")).to_have_value("Kent de buurt goed.")
    v.check("partner-zonder-naam")
    page.get_by_label("Naam van de organisatie").fill("Buurtkamer De Linde")
    page.get_by_role("button", name="Toevoegen als kandidaat").click()
    expect(page.locator("#messages")).to_contain_text(
        "Buurtkamer De Linde staat nu in het register als kandidaat.")
    expect(page.get_by_role("heading", name="Buurtkamer De Linde", level=1)).to_be_visible()
    expect(page.locator("#notities .note")).to_contain_text("Kent de buurt goed.")  # thread
    v.check("partner-toegevoegd")

    # and a first score for it in the afwegingstabel
    v.goto(f"/p/{demo_data}/afwegingstabel/")
    page.evaluate("window.__noReload = true")
    row = page.locator("tr", has_text="Buurtkamer De Linde").first
    row.locator("select").first.select_option("2")
    expect(row.locator("td.total")).to_contain_text("niet gescoord")
    assert page.evaluate("window.__noReload") is True
    page.set_viewport_size({"width": 390, "height": 844})
    v.goto(f"/p/{demo_data}/partners/nieuw")
    v.check("partner-nieuw-390")


def test_lead_edits_the_contract_without_losing_typed_text_and_adds_a_party(visitor,
                                                                            demo_data):
    v = visitor("reis-contract")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/contract/concept")
    typed = "Van 1 maart 2027 tot 1 maart 2028; daarna jaarlijks evalueren."
    page.get_by_label("Looptijd en evaluatie").fill(typed)
    card = page.locator("article.party-card").first
    card.get_by_label("Uren").fill("3")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    card.get_by_role("button", name="Inbreng opslaan").click()
    assert questions and "Afspraken" in questions[0] and "gaat verloren" in questions[0]
    expect(page.get_by_label("Looptijd en evaluatie")).to_have_value(typed)  # still there

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)  # the hours typed in the party card: knowingly dropped
    page.get_by_role("button", name="Afspraken opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Concept opgeslagen.")
    assert "Inbreng van" in questions[-1]
    expect(page.get_by_label("Looptijd en evaluatie")).to_have_value(typed)
    v.check("concept-bewaard")

    add = page.get_by_role("form", name="Partij toevoegen")
    options = add.get_by_label("Partnerorganisatie").locator("option")
    chosen = options.nth(1).inner_text()
    add.get_by_label("Partnerorganisatie").select_option(index=1)
    add.get_by_role("button", name="Toevoegen").click()
    confirm = page.get_by_label(re.compile("ook zonder ‘ja’"))
    if confirm.count():  # no 'ja' in the afwegingstabel: one more tick
        confirm.check()
        page.get_by_role("form", name="Partij toevoegen").get_by_role(
            "button", name="Toevoegen").click()
    name = chosen.split(" (")[0]
    expect(page.locator("#messages")).to_contain_text(f"{name} is partij in het concept.")
    expect(page.locator("article.party-card h3", has_text=name)).to_be_visible()
    v.check("partij-toegevoegd")
