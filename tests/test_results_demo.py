"""The demo plein's goals: measured by the app from the demo's tallies, referrals and
programme, and one measured by hand, each with a standing a person can read."""

from sqlalchemy import select

from plein import demo
from plein.accounts.models import Plein
from plein.extensions import db
from plein.results import goals, successes
from plein.results.progress import Standing
from tests.forms import Web, visible_text


def test_the_demo_goals_measure_themselves(app, demo_loaded):
    with app.app_context():
        plein = db.session.scalar(select(Plein).where(Plein.name == demo.PLEIN["name"]))
        rows = {row.goal.title: row for row in goals.overview(plein)}
        plein_id = plein.id
        contacts = rows["Inwoners vinden de weg naar het plein"]
        assert contacts.value > 500 and contacts.standing == Standing.ON_TRACK
        assert rows["Vragen over geld komen eerder op tafel"].standing == Standing.BEHIND
        assert rows["Elke week aanbod op het plein"].value > 0
        # the demo's three referrals a partner marked "geholpen"
        assert rows["Doorverwezen inwoners worden geholpen"].value == 3
        survey = rows["Bezoekers waarderen het plein"]
        assert survey.value == 7.6 and len(survey.goal.measurements) == 2
        assert rows["Partners voelen zich samen verantwoordelijk"].standing == (
            Standing.QUALITATIVE)
        goal_id = survey.goal.id
        # the success stories (one loading of the demo for both): three, two shareable,
        # one added by a partner user, and the team member collects them
        stories = successes.stories_of(plein)
        assert len(stories) == 3 and sum(s.shareable for s in stories) == 2
        assert any(s.written_by.email == "taalmaatjes@lindeburg.example" for s in stories)
        assert successes.collector(plein).email == "team@lindeburg.example"
    web = Web(app).login("lead@lindeburg.example", demo.PASSWORD)
    text = visible_text(web.get(f"/p/{plein_id}/resultaten/doelen/{goal_id}"))
    assert "Korte enquête aan de balie (38 reacties)" in text
    assert "Bezoekers waarderen het plein Op koers" in visible_text(web.get(f"/p/{plein_id}/"))
    # the voortgangsrapportage: version 1 with a text per section and the MT's thread,
    # on the dashboard; the next one as a draft
    report = visible_text(web.get(f"/p/{plein_id}/resultaten/rapportages/1"))
    assert "Voortgangsrapportage Ontwikkelplein Lindeburg, versie 1" in report
    assert "Geen toelichting geschreven." not in report  # every section has its text
    assert "Wat is er nodig om het aantal activiteiten" in report
    assert "Versie 1: kwartaal" in visible_text(web.get(f"/p/{plein_id}/"))
    assert "Er ligt een concept" in visible_text(web.get(f"/p/{plein_id}/resultaten/"
                                                         "rapportages"))
