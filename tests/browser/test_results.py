"""Goals in the browser: the lead adds a goal the app measures from the programme and
sees its progress with a chart; the goals page and a goal fit a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_small_screens import PHONE, assert_fits

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_lead_adds_a_measured_goal_and_sees_its_progress(visitor, demo_data):
    v = visitor("doelen")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/resultaten/doelen")
    expect(page.get_by_role("heading", name="Doelen", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="Bezoekers waarderen het plein")).to_contain_text(
        "Op koers")
    v.check("lijst")

    page.get_by_role("button", name="Nieuw doel").click()
    page.get_by_label("Titel").fill("Twee workshops per maand")
    page.get_by_label("Waar komen de cijfers vandaan?").select_option(
        label="Activiteiten gehouden (niet vervallen)")
    page.get_by_label("Nulmeting (beginwaarde)").fill("0")
    page.get_by_label("Streefcijfer").fill("24")
    v.check("formulier")
    page.get_by_role("button", name="Doel toevoegen").click()
    expect(page.locator("#messages")).to_contain_text(
        "Het doel 'Twee workshops per maand' is toegevoegd.")
    expect(page.get_by_role("heading", name="Twee workshops per maand")).to_be_visible()
    expect(page.get_by_role("img", name="Twee workshops per maand")).to_be_visible()
    expect(page.locator(".goal-now")).to_contain_text("Nu:")

    v.goto(f"/p/{demo_data}/resultaten/doelen")
    page.get_by_role("link", name="Inwoners vinden de weg naar het plein").click()
    expect(page.get_by_role("img", name="Inwoners vinden de weg naar het plein")
           ).to_be_visible()
    v.check("doel")

    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits(v)
    v.check("doel-telefoon")
    v.goto(f"/p/{demo_data}/resultaten/doelen")
    assert_fits(v)
    v.check("lijst-telefoon")
