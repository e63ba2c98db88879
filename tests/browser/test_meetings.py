"""Meetings in the browser: the lead prepares a partneroverleg, sees the agenda made
ready from what changed since the last one, saves it and adds an action that appears in
the roadmap; the meeting fits a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_small_screens import PHONE, assert_fits

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_lead_prepares_a_partneroverleg_and_its_action_reaches_the_roadmap(visitor,
                                                                            demo_data):
    v = visitor("overleg")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/overleg")
    expect(page.get_by_role("heading", name="Overleg", exact=True)).to_be_visible()
    v.check("lijst")

    page.get_by_role("button", name="Partneroverleg voorbereiden").click()
    agenda = page.get_by_label("Agenda", exact=True)
    # the demo's last partneroverleg left an action open: it is on the new agenda
    expect(agenda).to_have_value(re.compile("Open actiepunten van het vorige overleg\n"
                                            "   - Vragen over toeslagen bundelen"))
    page.get_by_label("Welzijn Lindeburg").check()
    agenda.press("End")
    agenda.press_sequentially("\n7. Het nieuwe taalcafé")
    v.check("voorbereiden")
    page.get_by_role("button", name="Overleg opslaan").click()
    expect(page.locator("#messages")).to_contain_text("is opgeslagen.")
    expect(page.locator(".meeting-text").first).to_contain_text("7. Het nieuwe taalcafé")

    page.get_by_label("Actiepunt", exact=True).fill("Taalcafé in de folder zetten")
    page.get_by_label("Wie pakt het op?").select_option(label="Tarik El Amrani")
    page.get_by_label("Deadline").fill("15-01-2099")
    page.get_by_role("button", name="Actiepunt toevoegen").click()
    row = page.get_by_role("row", name="Taalcafé in de folder zetten")
    expect(row).to_contain_text("Tarik El Amrani")
    expect(row).to_contain_text("Open")
    v.check("overleg")

    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits(v)
    v.check("overleg-telefoon")

    row.get_by_role("link", name="Taalcafé in de folder zetten").click()
    expect(page.get_by_role("heading", name="Taalcafé in de folder zetten")).to_be_visible()
