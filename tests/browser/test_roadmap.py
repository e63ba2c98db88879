"""The lead works through the roadmap in the browser."""

import re

from playwright.sync_api import expect


def phase_progress(page, label):
    return page.locator(".phase-progress li", has_text=label).locator("small").last


def test_lead_ticks_items_sees_progress_and_advances_the_phase(visitor, demo_data):
    v = visitor("stappenplan")
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/stappenplan/")
    page = v.page
    expect(page.get_by_role("heading", name="Stappenplan", level=1)).to_be_visible()
    v.check("overzicht")
    page.evaluate("window.__noReload = true")

    progress = phase_progress(page, "Voorbereiding")
    before = int(re.match(r"(\d+) van", progress.inner_text())[1])
    # the four open method items, and the two conditions of the MT's support
    remaining = ["Gezamenlijke ambitie bepalen", "Locatie inrichten", "Communicatieplan",
                 "Medewerkers trainen", "Privacyafspraken met alle partners vastleggen",
                 "Evaluatie na zes maanden plannen met het MT"]
    for done, title in enumerate(remaining, start=1):
        row = page.locator("article.item", has=page.get_by_role("heading", name=title))
        row.get_by_role("button", name="Gereed").click()
        expect(row.locator(".status-badge")).to_have_text("Gereed")
        expect(progress).to_have_text(re.compile(rf"^{before + done} van "))
    assert page.evaluate("window.__noReload") is True  # updated in place, no page load
    expect(page.locator("#progress")).to_contain_text("Alle verplichte punten van Voorbereiding")
    v.check("voorbereiding-klaar")

    page.get_by_role("link", name="Naar de fase-overgang").click()
    expect(page.get_by_role("heading", name="Klaar voor Realisatie")).to_be_visible()
    v.check("fase-overgang")
    page.get_by_role("button", name="Door naar Realisatie").click()
    expect(page.locator("#messages")).to_contain_text("nu in de fase Realisatie")
    expect(page.locator(".phase-progress li[aria-current=step]")).to_contain_text("Realisatie")
    v.check("realisatie")


def test_inline_edit_and_closed_gate(visitor, demo_data):
    v = visitor("stappenplan-bewerken")
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/stappenplan/")
    page = v.page
    row = page.locator("article.item", has=page.get_by_role("heading", name="Medewerkers trainen"))
    row.get_by_role("link", name=re.compile("^Bewerken")).click()
    form = page.get_by_role("form", name="Medewerkers trainen bewerken")
    expect(form).to_be_visible()
    form.get_by_label("Notities").fill("Training 'lastige gesprekken' geboekt.")
    form.get_by_label("Deadline").fill("2027-01-15")
    v.check("inline-bewerken")
    form.get_by_role("button", name="Opslaan").click()
    row = page.locator("article.item", has=page.get_by_role("heading", name="Medewerkers trainen"))
    expect(row).to_contain_text("15 januari 2027")
    expect(page.locator("#messages")).to_contain_text("is opgeslagen")

    v.goto(f"/p/{demo_data}/stappenplan/fase")
    expect(page.get_by_role("heading", name="Nog niet klaar voor Realisatie")).to_be_visible()
    # four open method items and the two conditions of the MT's support
    expect(page.locator("ul.missing li")).to_have_count(6)
    expect(page.locator("ul.missing")).to_contain_text("Privacyafspraken met alle partners")
    expect(page.get_by_role("button", name=re.compile("Door naar"))).to_have_count(0)
    v.check("poort-dicht")
    v.goto(f"/p/{demo_data}/")
    expect(page.get_by_role("heading", name="Te laat (2)")).to_be_visible()
    v.check("dashboard")


def test_item_page_not_applicable_needs_a_reason(visitor, demo_data):
    v = visitor("actiepunt")
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/stappenplan/")
    page = v.page
    row = page.locator("article.item", has=page.get_by_role("heading", name="Klantreis uitwerken"))
    row.get_by_role("link", name=re.compile("^N.v.t. melden")).click()
    expect(page.get_by_role("heading", name="Klantreis uitwerken", level=1)).to_be_visible()
    page.get_by_label("N.v.t.").check()
    page.get_by_label("Eigenaar").select_option(label="Tarik El Amrani")  # saved together
    page.get_by_role("button", name="Opslaan", exact=True).click()
    reason_needed = "Geef kort aan waarom dit punt niet van toepassing is."
    expect(page.locator("#na_reason-error")).to_have_text(reason_needed)
    # the summary at the top takes the focus and links to the field
    expect(page.locator(".error-summary")).to_be_focused()
    page.locator(".error-summary").get_by_role("link", name=re.compile(reason_needed)).click()
    expect(page.get_by_label("Reden als het niet van toepassing is")).to_be_focused()
    v.check("nvt-zonder-reden")
    page.get_by_label("Reden als het niet van toepassing is").fill(
        "Onze balie heeft al een vaste gastvrouw.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("is opgeslagen (status: n.v.t.)")
    expect(page.get_by_label("Eigenaar")).to_have_value(re.compile(r"\d+"))  # both kept
    expect(page.get_by_text("N.v.t. gemeld door Lotte de Vries")).to_be_visible()
    v.check("nvt-opgeslagen")


def test_keyboard_sets_a_status_and_keeps_focus(visitor, demo_data):
    v = visitor("toetsenbord-stappenplan")
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/stappenplan/")
    page = v.page
    row = page.locator("article.item", has=page.get_by_role("heading", name="Medewerkers trainen"))
    row.get_by_role("button", name="Open").focus()
    page.keyboard.press("Tab")  # to "Bezig"
    expect(row.get_by_role("button", name="Bezig")).to_be_focused()
    page.keyboard.press("Enter")
    expect(row.locator(".status-badge")).to_have_text("Bezig")
    expect(row.get_by_role("button", name="Bezig")).to_be_focused()
    expect(row.get_by_role("button", name="Bezig")).to_have_attribute("aria-pressed", "true")
    # open the inline editor by keyboard: focus lands in the form
    row.get_by_role("link", name=re.compile("^Bewerken")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("form", name="Medewerkers trainen bewerken")
           .get_by_label("Eigenaar")).to_be_focused()
    # a later phase's items come when it is opened (keyboard: Enter on its summary)
    later = page.locator("#fase-realisation")
    expect(later.locator("article.item")).to_have_count(0)
    later.locator("summary").focus()
    page.keyboard.press("Enter")
    row = later.locator("article.item", has=page.get_by_role("heading",
                                                              name="Klantgerichte houding"))
    expect(row).to_be_visible()
    page.keyboard.press("Tab")  # into the loaded list: the first item's title link
    expect(later.get_by_role("link", name="Klantgerichte houding", exact=True)).to_be_focused()
    v.check("fase-openen")
    # moving an item swaps only its phase's list: the other open phase stays as it was
    row.get_by_role("button", name=re.compile("Klantgerichte houding omlaag")).click()
    expect(later.locator("article.item").nth(1)).to_contain_text("Klantgerichte houding")
    expect(page.locator("#fase-preparation article.item", has_text="Medewerkers trainen")
           ).to_be_visible()
