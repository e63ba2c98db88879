"""The admin appoints a projectleider by e-mail invitation: no password to hand over."""

import pytest
from sqlalchemy import select

from plein.accounts.models import Membership, Plein, User
from plein.extensions import db
from tests.forms import Web, assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def test_admin_invites_the_lead_of_a_new_plein(web, world, app):
    page = web.login("admin").get("/beheer/")
    form = form_for(page, "/beheer/pleinen")
    form["name"], form["organisation"] = "Plein Gamma", "Bibliotheek Gamma"
    form["lead_email"] = "projectleider@gamma.example"
    shown = form.submit(status=200)
    text = visible_text(shown)
    assert "Plein Plein Gamma is aangemaakt." in text and "Uitnodigingslink" in text
    link = shown.html.find(id="invite-link")["value"]
    assert "/uitnodiging/" in link
    assert link.split("/uitnodiging/")[1] not in (web.cookies.get("session") or "")

    newcomer = Web(app)
    accept = form_for(newcomer.get("/uitnodiging/" + link.split("/uitnodiging/")[1]),
                      "/uitnodiging/")
    accept["name"], accept["password"], accept["confirm"] = (
        "Gea de Groot", "een-lang-wachtwoord", "een-lang-wachtwoord")
    accept.submit(status=303)
    with app.app_context():
        plein = db.session.scalar(select(Plein).where(Plein.name == "Plein Gamma"))
        user = db.session.scalar(select(User).where(User.email == "projectleider@gamma.example"))
        role = db.session.scalar(select(Membership.role).where(
            Membership.user_id == user.id, Membership.plein_id == plein.id))
        assert role == "lead"


def test_an_account_and_an_invitation_at_once_is_refused(web, world):
    page = web.login("admin").get("/beheer/")
    form = form_for(page, "/beheer/pleinen")
    form["name"], form["organisation"] = "Plein Delta", "Bibliotheek Delta"
    form["lead_id"] = str(world.lead_id)
    form["lead_email"] = "iemand@delta.example"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "niet allebei" in visible_text(refused)


def test_a_new_pleins_lead_is_shown_where_to_begin(web, world, app):
    from plein.plan import service as plans

    web.login("lead")
    text = visible_text(web.get(f"/p/{world.plein}/"))
    assert "Begin hier" in text
    assert "Zet het plan op papier" in text and "Werk de punten van Oriëntatie af (0 van" in text
    assert "Nodig je projectteam uit begonnen" in text  # the world has a team member
    assert "Begin hier" not in visible_text(Web(app).login("team").get(f"/p/{world.plein}/"))
    with app.app_context():
        plein, lead = db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)
        plan = plans.start(plein, by=lead)
        plans.update(plein, plan, by=lead, expected_version=plan.version_id, name="",
                     shape="", partner_ids=None, bodies={"why": "Omdat het kan."})
        from plein.roadmap import service as roadmap

        roadmap.set_status(plein, roadmap.items_of(plein, phase="orientation")[0], "done",
                           by=lead)
        db.session.commit()
    assert "Begin hier" not in visible_text(web.get(f"/p/{world.plein}/"))
