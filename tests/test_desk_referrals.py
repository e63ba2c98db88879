"""A warm referral after the desk: the partner's follow-up, who sees the personal fields
(and that each showing is logged), and the figures the MT gets instead."""

import pytest
from sqlalchemy import func, select

from plein.audit import AuditEvent
from plein.extensions import db
from tests.forms import Web, assert_errors_visible, form_for, visible_text
from tests.test_desk_refer import _referrals

pytestmark = pytest.mark.shared_world


def test_the_partner_follows_up_and_closing_erases_the_personal_fields(
        web, referral_world, app):
    world = referral_world
    web.login("partner")  # Welzijn, the referred organisation
    listing = web.get(f"/p/{world.plein}/balie/doorverwijzingen")
    assert "Doorverwijzingen naar Welzijn Alfa" in visible_text(listing)
    assert "Fatima" not in listing.text  # no personal field in the list
    page = listing.click(href=f"/doorverwijzingen/{world.referral}$")
    text = visible_text(page)
    assert "Fatima" in text and "06 12345678" in text
    with app.app_context():
        viewed = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "desk.referral_view")).all()
        assert [e.user_id for e in viewed] == [world.partner_id]
        assert "Fatima" not in viewed[0].summary
    form = form_for(page, "/stand")
    form["status"], form["note"] = "contacted", "mail me: a@b.nl"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "geen e-mailadres" in visible_text(refused)
    with app.app_context():  # the refused form showed the contact again: logged too
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "desk.referral_view")) == 2
    form = form_for(refused, "/stand")
    form["status"], form["note"] = "helped", "afspraak gemaakt"
    done = form.submit(status=303).follow()
    text = visible_text(done)
    assert "Stand bijgewerkt: geholpen. De contactgegevens zijn gewist." in text
    assert "Fatima" not in text and "De contactgegevens zijn gewist op" in text
    [referral] = _referrals(app, world.plein)
    assert (referral.first_name, referral.phone, referral.status) == ("", "", "helped")
    # the desk (the team member who referred) sees the status
    desk = Web(app).login("team")
    assert "Geholpen" in visible_text(desk.get(f"/p/{world.plein}/balie/doorverwijzen"))


def test_another_partner_does_not_find_the_referral(web, referral_world, app):
    world = referral_world
    web.login("partner2@test.example")  # Schuldhulp
    assert "Fatima" not in web.get(f"/p/{world.plein}/balie/doorverwijzingen").text
    web.get(f"/p/{world.plein}/balie/doorverwijzingen/{world.referral}", status=404)
    web.post(f"/p/{world.plein}/balie/doorverwijzingen/{world.referral}/stand",
             {"status": "helped", "version": "1"}, status=400)  # no CSRF token: refused
    with app.app_context():
        assert not db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "desk.referral_view"))


def test_the_mt_sees_figures_and_no_personal_field_anywhere(web, referral_world, app):
    world = referral_world
    web.login("mt")
    web.get(f"/p/{world.plein}/balie/doorverwijzingen", status=403)
    web.get(f"/p/{world.plein}/balie/doorverwijzingen/{world.referral}", status=403)
    figures = web.get(f"/p/{world.plein}/balie/cijfers")
    text = visible_text(figures)
    assert "Warm doorverwezen in" in text and "Welzijn Alfa" in text
    from plein.timeutil import local_today

    csv = web.get(f"/p/{world.plein}/balie/cijfers/{local_today():%Y-%m}.csv")
    for page in (figures, csv):
        assert "Fatima" not in page.text and "12345678" not in page.text
    assert "Doorverwezen" in csv.text


def test_the_lead_sees_every_referral_and_each_showing_is_logged(web, referral_world, app):
    world = referral_world
    web.login("lead")
    listing = web.get(f"/p/{world.plein}/balie/doorverwijzingen")
    assert "Welzijn Alfa" in visible_text(listing) and "Fatima" not in listing.text
    for _ in range(2):
        assert "Fatima" in web.get(
            f"/p/{world.plein}/balie/doorverwijzingen/{world.referral}").text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "desk.referral_view",
            AuditEvent.user_id == world.lead_id)) == 2


def test_a_stale_follow_up_is_refused_and_shows_the_status_now(web, referral_world, app):
    world = referral_world
    web.login("lead")
    url = f"/p/{world.plein}/balie/doorverwijzingen/{world.referral}"
    first, second = (form_for(web.get(url), "/stand") for _ in range(2))
    first["status"] = "contacted"
    first.submit(status=303)
    second["status"], second["note"] = "unreachable", "niet opgenomen"
    refused = second.submit(status=409)
    assert_errors_visible(web, refused)
    text = visible_text(refused)
    assert "Iemand anders heeft de stand" in text and "Contact opgenomen" in text
    [referral] = _referrals(app, world.plein)
    assert (referral.status, referral.first_name) == ("contacted", "Fatima")


def test_an_activity_page_shows_its_organisations_referral_agreement(app, referral_world):
    """Issue 18 point 6: those who refer visitors (lead, team, partner users) read the
    agreement on the activity's page; who keeps it (library staff, the organisation
    itself) gets the link to change it; the MT refers no one and sees none."""
    world = referral_world
    url = f"/p/{world.plein}/programma/aanbod/{world.activity}"
    seen = {}
    for role in ("team", "partner", "partner2", "mt"):
        page = Web(app).login(role).get(url)
        seen[role] = (visible_text(page), page.text)
    team_text, team_html = seen["team"]
    assert "Doorverwijzen naar Welzijn Alfa" in team_text
    assert "Balie Welzijn, 0123-456789" in team_text and "ma-vr 9-12" in team_text
    assert f"/balie/afspraken/{world.welzijn}" in team_html
    partner_text, partner_html = seen["partner"]  # Welzijn's own agreement
    assert "Balie Welzijn, 0123-456789" in partner_text
    assert f"/balie/afspraken/{world.welzijn}" in partner_html
    other_text, other_html = seen["partner2"]  # Schuldhulp reads it, does not change it
    assert "Balie Welzijn, 0123-456789" in other_text
    assert f"/balie/afspraken/{world.welzijn}" not in other_html
    assert "Doorverwijzen naar" not in seen["mt"][0]
