"""At the desk, on a tablet (820 x 1180): a team member counts three contacts by tapping,
takes the last one back, and reads the figures; a visitor is referred warmly to a
partner, who marks it "geholpen"; the pages also fit a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_small_screens import PHONE, assert_fits

TABLET = {"width": 820, "height": 1180}


def _count(page, themes, helper, help_label, topic=""):
    form = page.locator("form.desk-form")
    for theme in themes:
        form.get_by_label(theme, exact=True).click()
    if helper:
        form.get_by_label(helper, exact=True).click()
    if topic:
        form.get_by_label("Onderwerp in een woord").fill(topic)
    form.get_by_role("button", name=help_label).click()


def test_team_counts_three_contacts_undoes_one_and_reads_the_figures(visitor, demo_data):
    v = visitor("balie")
    page = v.page
    page.set_viewport_size(TABLET)
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/")
    page.locator("header details.site-menu > summary").click()  # folded below 900 px
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Balie").click()
    expect(page.get_by_role("heading", name="Balie: contacten turven")).to_be_visible()
    expect(page.locator("#desk-last")).to_contain_text("Vandaag geteld: 0 contacten")
    v.check("leeg")

    _count(page, ["Werk"], None, "Praktische hulp")
    expect(page.locator("#messages")).to_contain_text("Geteld: Werk · praktische hulp · "
                                                      "Bibliotheek.")
    expect(page.locator("#desk-last")).to_contain_text("Vandaag geteld: 1 contact")
    # the form is empty again for the next visitor
    expect(page.get_by_role("checkbox", name="Werk", exact=True)).not_to_be_checked()

    _count(page, ["Geld"], "Schuldhulp Lindeburg", "Doorverwezen")
    expect(page.locator("#messages")).to_contain_text("Geteld: Geld · doorverwezen · "
                                                      "Schuldhulp Lindeburg.")
    expect(page.get_by_role("radio", name="Bibliotheek")).to_be_checked()

    _count(page, ["Digitaal", "Gezondheid"], None, "Informatie", topic="donorregistratie")
    expect(page.locator("#desk-last")).to_contain_text("Vandaag geteld: 3 contacten")
    v.check("drie-geteld")

    # a mis-tap: the last one is taken back
    page.get_by_role("button", name="Ongedaan maken").click()
    expect(page.locator("#messages")).to_contain_text("De laatste turf is ongedaan gemaakt.")
    expect(page.locator("#desk-last")).to_contain_text("Vandaag geteld: 2 contacten")

    # a phone number as topic: refused, explained, nothing counted
    _count(page, ["Taal"], None, "Informatie", topic="bel 06-12345678")
    expect(page.locator("#messages")).to_contain_text("geen telefoonnummer")
    topic = page.get_by_label("Onderwerp in een woord")
    expect(topic).to_have_value("bel 06-12345678")
    expect(topic).to_have_attribute("aria-invalid", "true")  # the message is next to it
    expect(page.get_by_role("checkbox", name="Taal", exact=True)).to_be_checked()
    expect(page.locator("#desk-last")).to_contain_text("Vandaag geteld: 2 contacten")
    v.check("geweigerd")

    page.get_by_role("navigation", name="Balie").get_by_role("link", name="Cijfers").click()
    expect(page.get_by_role("heading", name="Contacten per week")).to_be_visible()
    expect(page.get_by_role("img", name="Contacten per week")).to_be_visible()
    v.check("cijfers")

    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits(v)
    v.check("cijfers-telefoon")
    v.goto(f"/p/{demo_data}/balie/")
    assert_fits(v)
    v.check("turven-telefoon")


@pytest.mark.extended
def test_a_visitor_is_referred_warmly_and_the_partner_marks_it_helped(visitor, demo_data):
    v = visitor("doorverwijzen")
    page = v.page
    page.set_viewport_size(TABLET)
    v.login("team@lindeburg.example")
    v.goto(f"/p/{demo_data}/balie/wie-kan-helpen")
    page.get_by_label("Thema").select_option(label="Gezondheid")
    page.get_by_role("button", name="Zoek").click()
    expect(page.locator("#helpers-results")).to_contain_text("organisaties gevonden voor "
                                                             "Gezondheid")
    expect(page.locator("#helpers-results")).to_contain_text("Maatschappelijk werk, "
                                                             "0123-450100")
    v.check("wie-kan-helpen")
    page.get_by_role("button", name="Doorverwijzen naar Welzijn Lindeburg").click()
    expect(page.get_by_label("Naar welke organisatie?")).to_have_value(
        page.get_by_label("Naar welke organisatie?").locator("option",
                                                            has_text="Welzijn Lindeburg")
        .get_attribute("value"))
    page.get_by_label("De vraag in een zin").fill("mantelzorg")
    page.get_by_label("Voornaam").fill("Ria")
    page.get_by_label("Telefoonnummer").fill("06 13572468")
    page.get_by_label("De bezoeker wil gebeld of gemaild worden").check()
    page.get_by_role("button", name="Doorverwijzen").click()
    expect(page.locator("#messages")).to_contain_text("Doorverwezen naar Welzijn Lindeburg "
                                                      "voor Gezondheid.")
    v.check("doorverwezen")

    v.login("welzijn@lindeburg.example")
    v.goto(f"/p/{demo_data}/balie/doorverwijzingen")
    page.locator("table.referrals a").first.click()
    expect(page.locator(".referral-contact")).to_contain_text("06 13572468")
    v.check("doorverwijzing")
    page.get_by_label("Geholpen").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#messages")).to_contain_text("De contactgegevens zijn gewist.")
    expect(page.locator(".referral-contact")).not_to_contain_text("Ria")
    v.check("geholpen")
    # the partner keeps its own referral agreement
    v.goto(f"/p/{demo_data}/balie/wie-kan-helpen?q=welzijn")
    page.get_by_role("link", name="Afspraak bijwerken (Welzijn Lindeburg)").click()
    page.get_by_label("Wanneer bereikbaar").fill("ma-vr 9.00-12.30")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#messages")).to_contain_text("De doorverwijsafspraak met Welzijn "
                                                      "Lindeburg is opgeslagen.")
    v.check("afspraak-opgeslagen")

    page.set_viewport_size(PHONE)
    for path, label in (("wie-kan-helpen?thema=", "wie-kan-helpen-telefoon"),
                        ("doorverwijzen", "formulier-telefoon"),
                        ("doorverwijzingen", "lijst-telefoon"),
                        ("privacy", "privacy-telefoon")):
        v.goto(f"/p/{demo_data}/balie/{path}")
        assert_fits(v)
        v.check(label)
    # the recurring topic is a signal on the lead's dashboard
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/")
    expect(page.get_by_role("heading", name="Signalen van de balie")).to_be_visible()
    assert_fits(v)
    v.check("signalen-telefoon")
