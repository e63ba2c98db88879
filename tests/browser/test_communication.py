"""Communication in the browser: the plan and monitoring read well; on a phone the lead
opens the content calendar's month (a list of days there) and adds an item to it."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_small_screens import PHONE, assert_fits

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_lead_reads_the_plan_and_adds_a_calendar_item_on_a_phone(visitor, demo_data):
    v = visitor("communicatie")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/communicatie")
    expect(page.get_by_role("heading", name="Communicatieplan", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Collega's van de bibliotheek")).to_be_visible()
    v.check("plan")
    page.get_by_role("link", name="Monitoring", exact=True).click()
    expect(page.get_by_role("img", name="Bezoeken aan het plein per maand")).to_be_visible()
    v.check("monitoring")

    page.set_viewport_size(PHONE)
    v.goto(f"/p/{demo_data}/communicatie/kalender")
    expect(page.locator("td.today")).to_be_visible()
    expect(page.locator(".comm-entry.late").first).to_be_visible()
    assert_fits(v)
    v.check("maand-telefoon")
    page.get_by_role("button", name="Nieuw item").click()
    page.get_by_label("Middel").select_option(label="Sociale media")
    page.get_by_label("Kanaal").fill("Instagram")
    page.get_by_label("Boodschap").fill("Foto van de eerste spreekuurmiddag")
    assert_fits(v)
    v.check("item-telefoon")
    page.get_by_role("button", name="In de kalender zetten").click()
    expect(page.locator("#messages")).to_contain_text("staat in de contentkalender.")
    expect(page.locator("td.today .comm-entry")).to_contain_text(
        "Foto van de eerste spreekuurmiddag")
    assert_fits(v)
