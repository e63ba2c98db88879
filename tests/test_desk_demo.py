"""The demo plein's tallies: three months with a weekly pattern and a recurring topic."""

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from plein import demo
from plein.accounts.models import Plein
from plein.desk.models import Tally
from plein.extensions import db
from plein.timeutil import local_today
from tests.forms import Web, visible_text


def test_the_demo_has_three_months_of_tallies_with_a_weekly_pattern(app, demo_loaded):
    with app.app_context():
        plein = db.session.scalar(select(Plein).where(Plein.name == demo.PLEIN["name"]))
        tallies = db.session.scalars(select(Tally).where(Tally.plein_id == plein.id)).all()
        today = local_today()
        assert min(t.on for t in tallies) <= today - timedelta(weeks=12)
        assert max(t.on for t in tallies) < today
        per_slot = Counter((t.on.weekday(), t.part) for t in tallies)
        busiest = {slot for slot, _n in per_slot.most_common(2)}
        assert busiest == {(1, "afternoon"), (3, "afternoon")}
        recent = Counter(t.topic for t in tallies if (today - t.on).days < 28)
        assert recent["donorregistratie"] >= 5
        plein_id = plein.id
    web = Web(app).login("lead@lindeburg.example", demo.PASSWORD)
    text = visible_text(web.get(f"/p/{plein_id}/balie/cijfers"))
    assert "Contacten per week" in text and "Bibliotheek" in text
    page = web.get(f"/p/{plein_id}/balie/")
    assert '<option value="donorregistratie">' in page.text


def test_the_demo_has_referral_agreements_and_referrals_in_every_status(app, demo_loaded):
    from plein.desk.models import Referral, ReferralAgreement, ReferralStatus
    from plein.timeutil import utcnow

    with app.app_context():
        plein = db.session.scalar(select(Plein).where(Plein.name == demo.PLEIN["name"]))
        agreements = db.session.scalars(select(ReferralAgreement).where(
            ReferralAgreement.plein_id == plein.id)).all()
        assert {"Welzijn Lindeburg", "Schuldhulp Lindeburg", "Taalmaatjes"} <= {
            a.partner.name for a in agreements}
        referrals = db.session.scalars(select(Referral).where(
            Referral.plein_id == plein.id)).all()
        assert {r.status for r in referrals} == set(ReferralStatus.values())
        days = app.config["REFERRAL_RETENTION_DAYS"]
        with_contact = [r for r in referrals if r.has_personal]
        assert with_contact, "an open referral with a visitor's contact to look at"
        assert all(utcnow() - r.created_at < timedelta(days=days) and not r.is_closed
                   for r in with_contact)


def test_the_demo_lead_sees_the_recurring_topic_as_a_signal(app, demo_loaded):
    with app.app_context():
        plein_id = db.session.scalar(select(Plein.id).where(Plein.name == demo.PLEIN["name"]))
    web = Web(app).login("lead@lindeburg.example", demo.PASSWORD)
    text = visible_text(web.get(f"/p/{plein_id}/"))
    assert "Signalen van de balie" in text and "donorregistratie" in text
