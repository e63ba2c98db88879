"""Each role creates something through the main "add" forms, in the browser: a page that
cannot save fails here (a hidden field the browser sends empty, a missing message)."""

import re

from playwright.sync_api import expect


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
    page.get_by_label("Notities").fill("Kent de buurt goed.")
    page.get_by_role("button", name="Toevoegen als kandidaat").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Dit veld is verplicht.")
    expect(page.get_by_label("Notities")).to_have_value("Kent de buurt goed.")
    v.check("partner-zonder-naam")
    page.get_by_label("Naam van de organisatie").fill("Buurtkamer De Linde")
    page.get_by_role("button", name="Toevoegen als kandidaat").click()
    expect(page.locator("#messages")).to_contain_text(
        "Buurtkamer De Linde staat nu in het register als kandidaat.")
    expect(page.get_by_role("heading", name="Buurtkamer De Linde", level=1)).to_be_visible()
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
