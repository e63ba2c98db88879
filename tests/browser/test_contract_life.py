"""The contract's life in the browser: a partner downloads the PDF of the version it
signed; the lead lets a new partner join by a toetreding and sets the dates."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set

PHONE = {"width": 390, "height": 844}


def test_partner_downloads_the_pdf_of_the_version_it_signed(visitor, demo_data):
    v = visitor("contract-life")
    page = v.page
    v.login("welzijn@lindeburg.example")
    v.goto(f"/p/{demo_data}/contract/versie/2")
    fingerprint = page.locator(".fingerprint code").inner_text().strip()
    expect(page.get_by_role("heading", name="Toetredingen en opzeggingen")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Toetreding 1: Taalmaatjes"))).to_be_visible()
    v.check("versie-partner")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF downloaden").click()
    download = info.value
    assert download.suggested_filename.endswith("-versie-2.pdf")
    with open(download.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    pages = ["".join(p.extract_text().split()) for p in reader.pages]
    assert all(fingerprint in text for text in pages)
    assert any("Ondertekening:WelzijnLindeburg" in text for text in pages)
    assert any("Ondertekening:Taalmaatjes" in text for text in pages)
    # the addendum: Welzijn sees it, and is not asked to sign it
    page.get_by_role("link", name=re.compile("Toetreding 1: Taalmaatjes")).click()
    expect(page.get_by_role("heading", name=re.compile("Toetreding 1: Taalmaatjes"))
           ).to_be_visible()
    expect(page.get_by_role("button", name="Toetreding tekenen")).to_have_count(0)
    v.check("toetreding-partner")


def test_lead_lets_a_new_partner_join_and_sets_the_dates(visitor, demo_data):
    v = visitor("contract-life")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/contract/")
    expect(page.get_by_role("heading", name="Looptijd")).to_be_visible()
    page.get_by_role("link", name="Toetreden en opzeggen").click()
    expect(page.get_by_role("heading", name="Toetreden en opzeggen")).to_be_visible()
    v.check("toetreden")
    form = page.get_by_role("form", name="Toetreding")
    option = form.locator("option", has_text="Juridisch Loket").get_attribute("value")
    form.get_by_label("Nieuwe partnerorganisatie").select_option(option)
    form.get_by_label("Uren").fill("2")
    form.get_by_label("Taken: wat doet deze partij?").fill("Spreekuur rechtshulp, maandag.")
    form.get_by_role("button", name="Toetreding vastleggen").click()
    # no 'ja' in the afwegingstabel yet: the box to tick is named next to it
    expect(page.locator(".field-error")).to_contain_text("geen ‘ja’ besloten")
    v.check("toetreden-bevestigen")
    form = page.get_by_role("form", name="Toetreding")
    form.get_by_label(re.compile("ook zonder ‘ja’")).check()
    form.get_by_role("button", name="Toetreding vastleggen").click()
    expect(page.get_by_role("heading", name=re.compile(r"Toetreding \d+: Juridisch Loket"))
           ).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("alleen Juridisch Loket hoeft te tekenen")
    v.check("toetreding-lead")
    page.set_viewport_size(PHONE)
    v.check("toetreding-lead-390")
    v.goto(f"/p/{demo_data}/contract/toetreden")
    v.check("toetreden-390")
    v.goto(f"/p/{demo_data}/contract/looptijd")
    v.check("looptijd-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Einddatum").fill("")
    page.get_by_label("Loopt voor onbepaalde tijd").check()
    page.get_by_role("button", name="Looptijd opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Looptijd opgeslagen")
    expect(page.get_by_text(re.compile("voor onbepaalde tijd"))).to_be_visible()
    v.check("looptijd-opgeslagen")
    v.goto(f"/p/{demo_data}/")
    expect(page.get_by_text(re.compile("Evaluatie van het samenwerkingscontract over"))
           ).to_be_visible()
    v.check("dashboard-herinnering")
