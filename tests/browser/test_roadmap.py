"""The lead works through the roadmap in the browser."""

import re

import pytest
from playwright.sync_api import expect


def phase_progress(page, label):
    return page.locator(".phase-progress li", has_text=label).locator("small").last


@pytest.mark.extended
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


@pytest.mark.extended
def test_inline_edit_and_closed_gate(visitor, demo_data):
    v = visitor("stappenplan-bewerken")
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/stappenplan/")
    page = v.page
    row = page.locator("article.item", has=page.get_by_role("heading", name="Medewerkers trainen"))
    row.get_by_role("link", name=re.compile("^Bewerken")).click()
    form = page.get_by_role("form", name="Medewerkers trainen bewerken")
    expect(form).to_be_visible()
    form.get_by_label("Deadline").fill("2027-01-15")
    v.check("inline-bewerken")
    form.get_by_role("button", name="Opslaan").click()
    row = page.locator("article.item", has=page.get_by_role("heading", name="Medewerkers trainen"))
    expect(row).to_contain_text("15 januari 2027")
    expect(page.locator("#messages")).to_contain_text("is opgeslagen")

    # a note is added to the item's thread (htmx) and shows in the list as a marker
    row.get_by_role("link", name="Medewerkers trainen", exact=True).click()
    notes = page.locator("#notities")
    notes.get_by_label("Nieuwe notitie").fill("Training 'lastige gesprekken' geboekt.")
    notes.get_by_role("button", name="Notitie toevoegen").click()
    expect(page.locator("#notities .note")).to_have_count(1)
    expect(page.locator("#notities .note")).to_contain_text("Tarik El Amrani")
    expect(page.locator("#notities .note")).to_contain_text("lastige gesprekken")
    expect(page.get_by_label("Nieuwe notitie")).to_have_value("")
    v.check("notitie-toegevoegd")
    v.goto(f"/p/{demo_data}/stappenplan/")
    row = page.locator("article.item", has=page.get_by_role("heading", name="Medewerkers trainen"))
    expect(row.locator(".note-marker")).to_have_text("1 notitie")

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


@pytest.mark.extended
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
    # from the top of the page to the 13th item: Tab passes each item's buttons in one
    # step (a toolbar; 126 Tabs when every button was a stop of its own)
    title = page.get_by_role("link", name="Medewerkers trainen", exact=True)
    presses = 0
    while not title.evaluate("el => el === document.activeElement") and presses < 150:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 45, presses
    row = page.locator("article.item", has=page.get_by_role("heading", name="Medewerkers trainen"))
    page.keyboard.press("Tab")  # into the item's toolbar: its first button
    expect(row.get_by_role("button", name="Open")).to_be_focused()
    page.keyboard.press("ArrowRight")  # the arrows move within the toolbar
    expect(row.get_by_role("button", name="Bezig")).to_be_focused()
    ring = row.get_by_role("button", name="Bezig").evaluate(
        "el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
    assert ring[0] == "solid" and ring[1] >= 2, ring  # the focused button shows it
    v.check("toolbar-focus")
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


PRINT_LAYOUT = """() => {
  const tables = [...document.querySelectorAll('.print-phase table')];
  const columns = tables.map(t => [...t.querySelectorAll('thead th')].map(
    th => Math.round(th.getBoundingClientRect().left)).join(','));
  const wrapped = [...document.querySelectorAll('.print-phase td:nth-child(4)')].filter(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    return lines > 1 || td.scrollWidth > td.clientWidth;  // wraps, or runs into the notes
  }).map(td => td.textContent.trim());
  return {tables: tables.length, columns: [...new Set(columns)], wrapped};
}"""


@pytest.mark.extended
def test_print_view_lines_up_phases_and_keeps_deadlines_on_one_line(visitor, demo_data):
    v = visitor("stappenplan-afdrukken")
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/stappenplan/afdrukken")
    page = v.page
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    layout = page.evaluate(PRINT_LAYOUT)
    assert layout["tables"] == 4
    assert len(layout["columns"]) == 1, layout["columns"]  # the same columns in every phase
    assert layout["wrapped"] == []  # "22 december 2026" stays on one line, in its column
    expect(page.locator(".site-header")).to_be_hidden()
    v.check("afdruk")
