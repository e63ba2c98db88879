"""Each role lands where its work is (issue 13, point 15): the MT on its overview with
the conditions it set, the lead on what needs attention, a team member on its own
items. The demo has an MT review with two conditions and overdue items."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_each_role_lands_where_its_work_is(visitor, demo_data):
    v = visitor("landing")
    page = v.page

    v.login("mt@lindeburg.example", through_form=True)
    assert page.url.endswith(f"/p/{demo_data}/mt")
    expect(page.get_by_role("heading", name="MT-overzicht", level=1)).to_be_visible()
    conditions = page.locator("ul.conditions")
    expect(conditions).to_contain_text("Privacyafspraken met alle partners vastleggen")
    expect(conditions).to_contain_text("Gesteld door Marleen Bos bij planversie 1")
    expect(page.get_by_role("heading", name="Wie beoordeelde versie 1")).to_be_visible()
    v.check("mt")
    v.logout()

    v.login("lead@lindeburg.example")
    assert page.url.endswith(f"/p/{demo_data}/")
    attention = page.locator("section.attention")
    expect(attention.get_by_role("heading", name="Wat vraagt je aandacht")).to_be_visible()
    expect(attention).to_contain_text("te laat")
    expect(attention).to_contain_text("Contractversie")
    v.check("lead")
    v.logout()

    v.login("team@lindeburg.example")
    mine = page.get_by_role("region", name="Mijn punten")
    expect(mine.get_by_role("listitem").first).to_be_visible()
    expect(page.locator("section.attention")).to_have_count(0)
    v.check("team")


def test_the_gate_to_realisatie_shows_the_contract_state(visitor, demo_data):
    """Issue 13, point 16: the contract's state on the gate page, as warnings."""
    v = visitor("poort-realisatie")
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/stappenplan/fase")
    notes = v.page.locator("section.gate-notes")
    expect(notes.get_by_role("heading", name="Samenwerkingscontract")).to_be_visible()
    expect(notes).to_contain_text("Versie 2: 2 van de 3 partijen hebben getekend")
    v.check("lead")
