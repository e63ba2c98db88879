"""The afwegingstabel in the browser: partners weighed inline, register and search."""

import re

from playwright.sync_api import expect


def test_scoring_inline_changes_total_and_rank(visitor, demo_data):
    v = visitor("afwegingstabel")
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/afwegingstabel/?sort=rang")
    page = v.page
    rows = page.locator("table.matrix tbody tr")
    expect(rows).to_have_count(12)
    assert page.locator("table.matrix thead th.criterion").count() >= 10
    v.check("matrix")
    page.evaluate("window.__noReload = true")

    row = page.locator("#row-" + page.locator("tr", has_text="Stichting MEE").first
                       .get_attribute("id").split("-")[1])
    rank = row.locator("td.rank")
    total = row.locator("td.total")
    expect(total).to_contain_text("9 niet gescoord")
    before_rank = rank.inner_text()
    for select in row.locator("select").all():
        if select.input_value() != "3":
            select.select_option("3")
    expect(total).not_to_contain_text("niet gescoord")
    expect(total).to_contain_text("100,0%")
    expect(rank).to_have_text("1")
    assert before_rank != "1"
    expect(page.locator("#ranking li").first).to_contain_text("Stichting MEE")
    assert page.evaluate("window.__noReload") is True
    v.check("na-scoren")


def test_register_search_and_partner_pages(visitor, demo_data):
    v = visitor("partners")
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/partners/")
    page = v.page
    expect(page.locator("#partner-list tbody tr")).to_have_count(12)
    v.check("register")
    page.get_by_role("searchbox").fill("loket")
    expect(page.locator("#partner-list tbody tr")).to_have_count(1)
    expect(page.locator("#partner-list")).to_contain_text("Juridisch Loket")
    assert "q=loket" in page.url
    page.get_by_role("link", name="Juridisch Loket").click()
    expect(page.get_by_role("heading", name="Juridisch Loket", level=1)).to_be_visible()
    v.check("partner")
    page.get_by_role("link", name="Afweging en besluit").click()
    expect(page.get_by_role("heading", name="Scores")).to_be_visible()
    v.check("afweging")
    v.goto(f"/p/{demo_data}/afwegingstabel/criteria")
    expect(page.get_by_role("heading", name="De gewichten liggen vast")).to_be_visible()
    v.check("criteria")
    v.goto(f"/p/{demo_data}/partners/snelstart")
    v.check("snelstart")
    v.goto(f"/p/{demo_data}/afwegingstabel/vergelijk")
    for name in ("Welzijn Lindeburg", "Taalmaatjes", "Juridisch Loket"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.locator("table.compare thead th")).to_have_count(4)
    v.check("vergelijken")


def test_partner_user_sees_no_scores(visitor, demo_data):
    v = visitor("partner-geen-scores")
    v.login("welzijn@lindeburg.example")
    for path in ("afwegingstabel/", "afwegingstabel/export.csv", "partners/"):
        response = v.page.request.get(f"{v.base_url}/p/{demo_data}/{path}")
        assert response.status == 403
        assert "%" not in response.text() or "Geen toegang" in response.text()
    v.goto(f"/p/{demo_data}/partner")
    expect(v.page.get_by_role("link", name=re.compile("Afwegingstabel"))).to_have_count(0)
