"""The demo plein's programme: what the issue asks the demo to show."""

from datetime import timedelta

from sqlalchemy import select

from plein import demo
from plein.accounts.models import Plein
from plein.extensions import db
from plein.programme import activities as offer
from plein.programme import service, week
from plein.programme.recurrence import occurrences
from plein.timeutil import local_today
from tests.forms import Web, visible_text


def test_the_demo_has_a_lively_programme(app, demo_loaded):
    with app.app_context():
        plein = db.session.scalar(select(Plein).where(Plein.name == demo.PLEIN["name"]))
        activities = offer.activities_of(plein)
        assert len(activities) >= 12
        assert len({a.organisation for a in activities}) >= 5
        rules = {s.rule for a in activities for s in a.schedules}
        assert {"weekly", "biweekly", "monthly", "once"} <= rules
        themed = [c for c in service.grid(plein).values() if c.theme is not None]
        assert {(c.weekday, c.part, c.theme.name) for c in themed} >= {(1, "afternoon", "Werk")}
        today = local_today()
        found = occurrences(activities, today, today + timedelta(weeks=4),
                            {d.on: d.reason for d in service.closing_days(plein)})
        assert any(o.cancelled and o.changed for o in found)  # a cancelled date
        assert any(o.cancelled and not o.changed for o in found)  # a closing day
        # partners keep their own offer: Welzijn's contact cancelled a date; the lead
        # hid one activity, with a reason
        from plein.audit import AuditEvent

        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.plein_id == plein.id, AuditEvent.action == "programme.date",
            AuditEvent.summary.contains("Teamuitje"))).user.email == "welzijn@lindeburg.example"
        assert [a.title for a in activities if a.is_hidden] == ["Werkspreekuur"]
        plein_id = plein.id
        shown = week.week(plein, today)
        assert sum(len(c.items) for c in shown.cells.values()) >= 10
    web = Web(app).login("lead@lindeburg.example", demo.PASSWORD)
    text = visible_text(web.get(f"/p/{plein_id}/programma/"))
    assert "Thema: Werk" in text and "Vrijwilligerspunt" in text
