"""The lead sets Werk on Tuesday afternoon, adds a weekly spreekuur for a partner and
finds it in the week view, on a laptop and on a phone; the partner logs in and cancels
next week's date with a reason."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from plein.accounts import service as accounts
from plein.admin.service import create_plein
from plein.extensions import db
from plein.partners import service as partners
from plein.programme.recurrence import week_start
from plein.timeutil import local_today
from tests.browser.test_small_screens import PHONE, assert_fits

LAPTOP = {"width": 1280, "height": 800}
PARTNER = "consulent@werkplein-zuid.example"


@pytest.fixture
def new_plein(live_app, demo_data):
    """A plein with a partner in its register (and a contact of it with a login) and no
    programme yet."""
    from plein.demo import PASSWORD

    with live_app.app_context():
        plein = create_plein("Plein Zuid", "Bibliotheek Zuid (fictief)", "Wijkcentrum")
        lead = accounts.user_by_email("lead@lindeburg.example")
        accounts.add_membership(plein, lead, "lead")
        werkplein = partners.find_or_create(plein, "Werkplein Zuid", by=lead)
        contact = accounts.user_by_email(PARTNER) or accounts.create_user(
            PARTNER, "Ilse Consulent", PASSWORD)
        accounts.add_membership(plein, contact, "partner", werkplein)
        db.session.commit()
        plein_id = plein.id
        db.session.remove()
    return plein_id


def test_lead_themes_tuesday_afternoon_and_plans_a_weekly_spreekuur(visitor, new_plein):
    v = visitor("programma")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{new_plein}/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Programma").click()
    expect(page.get_by_role("heading", name="Programma", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Programma").get_by_role(
        "link", name="Thema's en dagdelen").click()

    # Werk on Tuesday afternoon
    page.get_by_label("Dag", exact=True).select_option(label="dinsdag")
    page.get_by_label("Dagdeel").select_option(label="middag")
    page.get_by_label("Thema", exact=True).select_option(label="Werk")
    page.get_by_role("button", name="Dagdeel opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Dinsdagmiddag is opgeslagen.")
    row = page.get_by_role("row", name="Dinsdag")
    expect(row.get_by_role("cell").nth(1)).to_have_text("13:00–17:00Werk")  # <br> between
    v.check("rooster")

    # the week warns: a Werk afternoon without Werk on offer
    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.locator(".warnings")).to_contain_text("heeft thema Werk, maar geen aanbod")
    page.get_by_role("button", name="Aanbod toevoegen").click()
    page.get_by_label("Titel").fill("Spreekuur werk en re-integratie")
    page.get_by_label("Soort aanbod").select_option(label="Spreekuur")
    page.get_by_label("Organisatie").select_option(label="Werkplein Zuid")
    page.get_by_label("Werk", exact=True).check()
    page.get_by_label("Waar op het plein").select_option(label="Spreektafel")
    page.get_by_label("Korte beschrijving").fill(
        "Op zoek naar werk? Een consulent kijkt met je naar vacatures en opleidingen.")
    page.get_by_label("Op afspraak").check()
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_label("Hoe maak je een afspraak?")).to_have_attribute(
        "aria-invalid", "true")  # refused, next to the field
    expect(page.get_by_label("Titel")).to_have_value("Spreekuur werk en re-integratie")
    v.check("aanbod-geweigerd")
    page.get_by_label("Hoe maak je een afspraak?").fill("Bel de bibliotheek of kom langs.")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("heading", name="Spreekuur werk en re-integratie",
                            level=1)).to_be_visible()

    # every Tuesday 14:00-16:00
    times = page.locator("form", has=page.get_by_role("button", name="Tijden toevoegen"))
    times.get_by_label("Hoe vaak").select_option(label="Elke week")
    times.get_by_label("Dag van de week").select_option(label="dinsdag")
    times.get_by_label("Begintijd").fill("14:00")
    times.get_by_label("Eindtijd").fill("16:00")
    times.get_by_role("button", name="Tijden toevoegen").click()
    expect(page.locator("#messages")).to_contain_text("elke dinsdag 14:00–16:00")
    v.check("aanbod")

    # the week view, next week reached by keyboard
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Programma").click()
    page.get_by_role("link", name="Volgende week").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Vorige week")).to_be_visible()
    tuesday = page.locator(".week-day").nth(1)
    expect(tuesday).to_contain_text("Thema: Werk")
    expect(tuesday).to_contain_text("Spreekuur werk en re-integratie")
    expect(tuesday).to_contain_text("14:00–16:00 · Werkplein Zuid · Spreektafel")
    expect(page.locator(".warnings")).to_have_count(0)
    v.check("week-1280")
    page.set_viewport_size(PHONE)
    assert_fits(v)
    v.check("week-390")

    # the partner logs in and cancels next week's date with a reason
    page.set_viewport_size(LAPTOP)
    v.logout()
    v.login(PARTNER)
    page.get_by_role("button", name="Naar ons aanbod").click()
    expect(page.get_by_role("heading", name="Ons aanbod", level=1)).to_be_visible()
    v.check("ons-aanbod-1280")
    page.get_by_role("link", name="Spreekuur werk en re-integratie").click()
    tuesday = f"{week_start(local_today()) + timedelta(days=8):%d-%m-%Y}"
    page.get_by_role("link", name=f"Wijzigen ({tuesday})").click()
    change = page.locator("#wijzigen form")
    expect(change.get_by_label("Datum", exact=True)).to_have_value(tuesday)
    change.get_by_label("Wat verandert er").select_option(label="Vervalt")
    change.get_by_label("Reden").fill("De consulent is die dag op cursus.")
    change.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.locator("#messages")).to_contain_text(f"{tuesday}: vervalt.")
    expect(page.locator("#data li.cancelled")).to_contain_text(
        f"{tuesday} 14:00–16:00 · Vervalt: De consulent is die dag op cursus.")
    v.check("partner-vervalt-1280")
    page.set_viewport_size(PHONE)
    assert_fits(v)
    v.check("partner-vervalt-390")
    v.goto(f"/p/{new_plein}/programma/aanbod/ons")
    assert_fits(v)
    v.check("ons-aanbod-390")
    page.get_by_role("navigation", name="Programma").get_by_role(
        "link", name="Week", exact=True).click()
    page.get_by_role("link", name="Volgende week").click()  # what partners see
    expect(page.locator(".week-day").nth(1).locator("li.cancelled")).to_contain_text(
        "De consulent is die dag op cursus.")


@pytest.mark.extended
def test_the_demo_programme_reads_well_on_a_laptop_and_a_phone(visitor, demo_data):
    """A busy week (warnings, a cancelled date, a closing day), the lists and a page
    with dates: axe-clean, and on a phone nothing sticks out."""
    v = visitor("programma-demo")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/programma/")
    page.get_by_role("link", name="Volgende week").click()  # the cancelled Geldspreekuur
    expect(page.locator(".occurrences li.cancelled")).to_contain_text(
        "De budgetcoach is die dag op cursus.")
    v.check("week-1280")
    page.get_by_role("link", name="Volgende week").click()  # the study day
    expect(page.locator(".closed")).to_contain_text("Studiedag van het team")
    page.set_viewport_size(PHONE)
    assert_fits(v)
    v.check("week-390")
    for label, path in {"aanbod": "/programma/aanbod?per=thema",
                        "inrichting": "/programma/inrichting",
                        "sluitingsdagen": "/programma/sluitingsdagen"}.items():
        v.goto(f"/p/{demo_data}{path}")
        assert_fits(v)
        v.check(label)
    page.get_by_role("navigation", name="Programma").get_by_role("link", name="Aanbod").click()
    page.get_by_role("link", name="Geldspreekuur").click()
    expect(page.get_by_role("heading", name="Geldspreekuur", level=1)).to_be_visible()
    assert_fits(v)
    v.check("activiteit-390")
    # an activity the lead hid: the reason, and the way back
    v.goto(f"/p/{demo_data}/programma/aanbod")
    page.get_by_role("link", name="Werkspreekuur").click()
    expect(page.locator(".hidden-notice")).to_contain_text("Reden: Eerst samen afspreken")
    assert_fits(v)
    v.check("verborgen-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("button", name="Weer tonen")).to_be_visible()
    v.check("verborgen-1280")


@pytest.mark.extended
def test_the_demo_desk_rota_and_the_partners_hours(visitor, demo_data):
    """The lead reads the rota (with its gap) and who plans less than promised; the
    partner sees its own hours and puts itself on the rota; axe-clean, fits a phone."""
    v = visitor("baliedienst")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/programma/")
    expect(page.locator(".week-day").nth(1)).to_contain_text(
        "Balie: Lotte de Vries (Bibliotheek), Pieter Jansen (Welzijn Lindeburg)")
    page.get_by_role("navigation", name="Programma").get_by_role(
        "link", name="Baliedienst").click()
    expect(page.get_by_role("heading", name="Baliedienst", level=1)).to_be_visible()
    expect(page.locator(".desk-ahead .desk-empty").first).to_have_text("Niemand")
    v.check("rooster-1280")
    page.get_by_role("navigation", name="Programma").get_by_role(
        "link", name="Inzet partners").click()
    # Schuldhulp promises 4 hours a week; its spreekuur has one date cancelled
    expect(page.locator(".warnings")).to_contain_text(
        re.compile(r"Schuldhulp Lindeburg: \d+ van 16 uur gepland"))
    v.check("inzet-1280")
    page.set_viewport_size(PHONE)
    assert_fits(v)
    v.check("inzet-390")

    v.logout()
    partner = visitor("baliedienst-partner")
    partner.login("welzijn@lindeburg.example")
    expect(partner.page.get_by_role("heading", name="Jullie uren op het plein")).to_be_visible()
    expect(partner.page.locator("article", has_text="Jullie uren")).to_contain_text(
        "8 uur per week; dat is 32 uur in 4 weken")
    partner.check("home-390")
    partner.page.get_by_role("link", name="Baliedienst bekijken").click()
    form = partner.page.locator("form#nieuw")
    form.get_by_label("Dag", exact=True).select_option(label="woensdag")
    form.get_by_label("Dagdeel").select_option(label="middag")
    form.get_by_label("Wie").select_option(label="Ikzelf (Pieter Jansen)")
    form.get_by_role("button", name="Toevoegen").click()
    expect(partner.page.locator("#messages")).to_contain_text(
        "Woensdagmiddag: Pieter Jansen, Welzijn Lindeburg staat op het rooster.")
    assert_fits(partner)
    partner.check("rooster-390")
