"""The afwegingstabel in the browser: partners weighed inline, register and search."""

import re

import pytest
from playwright.sync_api import expect


@pytest.mark.extended
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
    # not scored on every criterion: no rank, listed as incomplete with what is missing
    incomplete = page.locator("#ranking ul")
    expect(incomplete).to_contain_text("Stichting MEE — onvolledig, 9 niet gescoord")
    expect(rank).to_have_text("–")
    before_rank = rank.inner_text()
    for select in row.locator("select").all():
        if select.input_value() != "3":
            select.select_option("3")
    expect(total).not_to_contain_text("niet gescoord")
    expect(total).to_contain_text("100,0%")
    expect(rank).to_have_text("1")
    assert before_rank != "1"
    expect(page.locator("#ranking li").first).to_contain_text("Stichting MEE")
    expect(page.locator("#ranking")).not_to_contain_text("Stichting MEE — onvolledig")
    assert page.evaluate("window.__noReload") is True
    v.check("na-scoren")
    page.set_viewport_size({"width": 390, "height": 844})
    v.check("na-scoren-390")


@pytest.mark.extended
def test_criterion_and_scores_saved_through_their_forms(visitor, demo_data):
    """The add-criterion form and a partner's scores form save what a person enters."""
    v = visitor("afweging-formulieren")
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/afwegingstabel/criteria")
    page = v.page
    new = page.locator("section", has=page.get_by_role("heading", name="Criterium toevoegen"))
    new.get_by_label("Criterium").fill("Heeft een vaste contactpersoon")
    new.get_by_label("Gewicht").select_option("3")
    new.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#messages")).to_contain_text(
        "Criterium 'Heeft een vaste contactpersoon' toegevoegd.")
    v.check("criterium-toegevoegd")

    new.get_by_role("button", name="Toevoegen").click()  # nothing typed
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Criterium: Dit veld is verplicht.")
    v.check("criterium-leeg")

    v.goto(f"/p/{demo_data}/afwegingstabel/")
    page.get_by_role("link", name="Stichting MEE").first.click()
    page.get_by_label("Score op Heeft een vaste contactpersoon").select_option("2")
    page.get_by_label("Toelichting bij Heeft een vaste contactpersoon").fill("vaste coach")
    page.get_by_role("button", name="Scores opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Scores van Stichting MEE opgeslagen.")
    expect(page.get_by_label("Toelichting bij Heeft een vaste contactpersoon")).to_have_value(
        "vaste coach")
    v.check("scores-opgeslagen")
    page.set_viewport_size({"width": 390, "height": 844})
    v.check("scores-390")
    v.goto(f"/p/{demo_data}/afwegingstabel/criteria")
    v.check("criteria-390")

    # a commercial partner: the four checks, answered through their form
    page.set_viewport_size({"width": 1280, "height": 800})
    v.goto(f"/p/{demo_data}/afwegingstabel/")
    page.get_by_role("link", name="Uitzendbureau of re-integratiebedrijf").first.click()
    checks = page.locator("#controles")
    checks.get_by_role("group").first.get_by_label("Nee").check()
    checks.get_by_role("button", name="Controles opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Controles opgeslagen.")
    expect(page.locator("#controles").get_by_role("group").first.get_by_label("Nee")
           ).to_be_checked()
    v.check("controles")


@pytest.mark.extended
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


@pytest.mark.extended
def test_partner_user_sees_no_scores(visitor, demo_data):
    v = visitor("partner-geen-scores")
    v.login("welzijn@lindeburg.example")
    for path in ("afwegingstabel/", "afwegingstabel/export.csv", "partners/"):
        response = v.page.request.get(f"{v.base_url}/p/{demo_data}/{path}")
        assert response.status == 403
        assert "%" not in response.text() or "Geen toegang" in response.text()
    v.goto(f"/p/{demo_data}/partner")
    expect(v.page.get_by_role("link", name=re.compile("Afwegingstabel"))).to_have_count(0)
