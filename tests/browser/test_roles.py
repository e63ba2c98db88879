"""Each demo role logs in, sees its own navigation, visits its pages, logs out."""

import re

import pytest
from playwright.sync_api import expect

from plein import demo

# role: (email, nav links shown, nav links not shown, pages to visit)
ROLES = {
    "admin": ("admin@lindeburg.example", ["Dashboard", "Leden", "Logboek", "Beheer"],
              ["Mijn organisatie"],
              {"dashboard": "/p/{id}/", "leden": "/p/{id}/leden/", "logboek": "/p/{id}/logboek",
               "beheer-pleinen": "/beheer/", "beheer-accounts": "/beheer/gebruikers",
               "kies-plein": "/"}),
    "lead": ("lead@lindeburg.example", ["Dashboard", "Leden", "Logboek"],
             ["Beheer", "Mijn organisatie"],
             {"dashboard": "/p/{id}/", "leden": "/p/{id}/leden/", "logboek": "/p/{id}/logboek",
              "wachtwoord": "/account/wachtwoord"}),
    "team": ("team@lindeburg.example", ["Dashboard"], ["Leden", "Logboek", "Beheer"],
             {"dashboard": "/p/{id}/"}),
    "mt": ("mt@lindeburg.example", ["Dashboard"], ["Leden", "Logboek", "Beheer"],
           {"dashboard": "/p/{id}/"}),
    "partner": ("welzijn@lindeburg.example", ["Mijn organisatie"],
                ["Dashboard", "Leden", "Logboek", "Beheer"],
                {"partner": "/p/{id}/partner"}),
}


def test_login_page_is_accessible(visitor):
    v = visitor("anoniem")
    v.goto("/inloggen")
    expect(v.page.get_by_role("heading", name="Inloggen")).to_be_visible()
    v.check("inloggen")
    # a wrong password: the htmx form comes back with the error, input kept
    v.page.get_by_label("E-mailadres").fill("lead@lindeburg.example")
    v.page.get_by_label("Wachtwoord").fill("helemaal-fout-123")
    v.page.get_by_role("button", name="Inloggen").click()
    wrong = "Dit e-mailadres en wachtwoord horen niet bij elkaar."
    # next to the field, and in the summary of errors at the top
    expect(v.page.locator("#password-error")).to_have_text(wrong)
    expect(v.page.locator(".error-summary")).to_contain_text(wrong)
    expect(v.page.get_by_label("E-mailadres")).to_have_value("lead@lindeburg.example")
    v.check("inloggen-fout")


# make test: the lead's and a partner's menus; .ci/run: every role's
@pytest.mark.parametrize("role", [role if role in ("lead", "partner")
                                  else pytest.param(role, marks=pytest.mark.extended)
                                  for role in ROLES])
def test_role_sees_its_navigation_and_pages(visitor, demo_data, role):
    email, shown, hidden, pages = ROLES[role]
    v = visitor(role)
    v.login(email)
    v.goto(next(iter(pages.values())).format(id=demo_data))
    nav = v.page.get_by_role("navigation", name="Hoofdmenu")
    for label in shown:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in hidden:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    for label, path in pages.items():
        response = v.goto(path.format(id=demo_data))
        assert response.status == 200, (path, response.status)
        v.check(label)
    v.logout()
    expect(v.page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    assert v.goto(f"/p/{demo_data}/").url.endswith(f"/inloggen?next=/p/{demo_data}/")


def test_lead_invites_with_htmx_and_revokes_with_confirmation(visitor, demo_data):
    v = visitor("lead-uitnodigen")
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/leden/")
    page = v.page
    page.get_by_label("E-mailadres").fill("nieuw@lindeburg.example")
    page.get_by_label("Rol", exact=True).select_option("team")
    url_before = page.url
    page.get_by_role("button", name="Uitnodiging maken").click()
    link = page.get_by_role("textbox", name="Uitnodigingslink")
    expect(link).to_have_value(re.compile(r"/uitnodiging/[\w-]{40,}$"))
    assert page.url == url_before  # swapped in place by htmx, no reload
    expect(page.locator("#messages")).to_contain_text("Uitnodiging voor nieuw@lindeburg.example")
    v.check("uitnodiging-gemaakt")

    # a bad email comes back inline, with what was typed still there
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Uitnodiging maken").click()
    # next to the field, and in the summary of errors at the top
    expect(page.locator("#email-error")).to_contain_text("Vul een geldig e-mailadres in")
    expect(page.locator(".error-summary")).to_contain_text("Vul een geldig e-mailadres in")
    expect(page.get_by_label("E-mailadres")).to_have_value("geen-adres")
    v.check("uitnodiging-fout")

    row = page.locator("tr", has_text="nieuw@lindeburg.example")
    row.get_by_role("button", name="Intrekken…").click()
    v.check("intrekken-bevestigen")
    row.get_by_role("button", name="Ja, intrekken").click()
    expect(page.locator("#messages")).to_contain_text("ingetrokken")
    expect(page.locator("tr", has_text="nieuw@lindeburg.example")).to_have_count(0)


@pytest.mark.extended
def test_lead_changes_a_role_instead_of_inviting_again(visitor, demo_data):
    v = visitor("rol-wijzigen")
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/leden/")
    page = v.page
    # inviting someone who is a member already: the page says so and offers the change
    page.get_by_label("E-mailadres").fill("team@lindeburg.example")
    page.get_by_label("Rol", exact=True).select_option("lead")
    page.get_by_role("button", name="Uitnodiging maken").click()
    offer = page.locator("article.offer")
    expect(offer).to_contain_text("Tarik El Amrani is al lid")
    expect(offer.get_by_label("Nieuwe rol voor Tarik El Amrani")).to_have_value("lead")
    v.check("al-lid")
    offer.get_by_role("button", name="Rol wijzigen", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Tarik El Amrani is nu projectleider.")
    row = page.locator("tr", has_text="team@lindeburg.example")
    expect(row).to_contain_text("Projectleider")
    expect(page.locator("article.offer")).to_have_count(0)


def test_keyboard_reaches_login_form_and_skip_link(visitor):
    v = visitor("toetsenbord")
    v.goto("/inloggen")
    page = v.page
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Tab")  # brand link
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    page.keyboard.type("lead@lindeburg.example")
    page.keyboard.press("Tab")
    page.keyboard.type(demo.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/p/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ontwikkelplein Lindeburg")


@pytest.mark.extended
def test_invited_person_creates_account_and_lands_in_the_plein(visitor, demo_data, live_app):
    from plein.accounts import service
    from plein.accounts.models import Plein, User
    from plein.extensions import db

    with live_app.app_context():
        lead = service.user_by_email("lead@lindeburg.example")
        _, token = service.create_invitation(db.session.get(Plein, demo_data),
                                             "vrijwilliger@lindeburg.example", "team", by=lead)
        db.session.commit()
    v = visitor("uitnodiging")
    v.goto(f"/uitnodiging/{token}")
    expect(v.page.get_by_role("heading", level=1)).to_have_text(
        "Uitnodiging voor Ontwikkelplein Lindeburg")
    v.check("aannemen")
    v.page.get_by_label("Je naam").fill("Vera Vrijwilliger")
    v.page.get_by_label("Kies een wachtwoord").fill("mijn-eigen-wachtwoord")
    v.page.get_by_label("Herhaal wachtwoord").fill("mijn-eigen-wachtwoord")
    v.page.get_by_role("button", name="Account aanmaken").click()
    v.page.wait_for_url(f"**/p/{demo_data}/")
    expect(v.page.locator("#messages")).to_contain_text("Welkom bij Ontwikkelplein Lindeburg")
    expect(v.page.get_by_text("Vera Vrijwilliger").first).to_be_visible()
    v.check("welkom")
    with live_app.app_context():
        user = service.user_by_email("vrijwilliger@lindeburg.example")
        assert [m.role for m in db.session.get(User, user.id).memberships] == ["team"]
