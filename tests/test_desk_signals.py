"""Signals: a topic word counted at least 5 times in 4 weeks shows on the lead's
dashboard, and the lead turns it into a checklist item with an owner."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from plein.desk import signals, tally
from plein.extensions import db
from plein.mail.models import OutboxMessage as Outbox
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem
from plein.timeutil import local_today, utcnow
from tests.forms import form_for, visible_text

pytestmark = pytest.mark.shared_world


def _count(world, word, times, days_ago=0):
    for _ in range(times):
        tally.record(world.model("plein"), theme_ids=[world.theme], help="information",
                     partner_id=0, topic=word, by=world.user("team"),
                     now=utcnow() - timedelta(days=days_ago))


def test_the_thresholds(app, world):
    with app.app_context():
        plein, today = world.model("plein"), local_today()
        _count(world, "donorregistratie", 4)
        _count(world, "digid", 5, days_ago=27)
        _count(world, "toeslagen", 5, days_ago=28)  # just outside four weeks
        db.session.commit()
        assert signals.signals(plein, today) == [("digid", 5)]
        _count(world, "donorregistratie", 1, days_ago=3)
        db.session.commit()
        assert signals.signals(plein, today) == [("digid", 5), ("donorregistratie", 5)]
        assert signals.signals(plein, today, minimum=6, weeks=4) == []
        assert ("toeslagen", 5) in signals.signals(plein, today, minimum=5, weeks=5)


def test_the_lead_turns_a_signal_into_an_item_with_an_owner(web, world, app):
    with app.app_context():
        _count(world, "donorregistratie", 5)
        db.session.commit()
    web.login("lead")
    page = web.get(f"/p/{world.plein}/")
    assert "Signalen van de balie" in visible_text(page)
    assert "donorregistratie : 5 keer" in visible_text(page)
    form = form_for(page, "/balie/signalen")
    form["owner_id"] = str(world.team_id)
    done = form.submit(status=303).follow()
    text = visible_text(done)
    assert "'Nieuw aanbod ontwikkelen: donorregistratie' staat nu in het stappenplan." in text
    assert "Signalen van de balie" not in text  # no longer a signal
    with app.app_context():
        item = db.session.scalar(select(ChecklistItem).where(
            ChecklistItem.title == "Nieuw aanbod ontwikkelen: donorregistratie"))
        assert item.owner_id == world.team_id and "5 keer" in item.guidance
    # the same signal again (a second tab): refused with a message, nothing added
    again = form.submit(status=303).follow()
    assert "staat niet (meer) in de lijst" in visible_text(again)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ChecklistItem).where(
            ChecklistItem.title == "Nieuw aanbod ontwikkelen: donorregistratie")) == 1


def test_a_signal_stays_handled_when_its_item_is_renamed(app, world):
    """The item is found by its origin key, not its title: people may rename it."""
    with app.app_context():
        plein, today, lead = world.model("plein"), local_today(), world.user("lead")
        _count(world, "digid", 5)
        item = signals.to_item(plein, "digid", owner_id=world.team_id, by=lead, today=today)
        assert item.origin_key == "signal:digid" and item.owner_id == world.team_id
        roadmap.update_item(plein, item, by=lead, expected_version=item.version_id,
                            title="Spreekuur DigiD met de gemeente", evidence="",
                            owner_id=world.team_id, due_date=None)
        db.session.commit()
        assert signals.signals(plein, today) == []
        assert roadmap.items_from(plein, "signal:digid") == [item]
        # the new owner was told by mail, as when a person assigns an item
        assert db.session.scalar(select(db.func.count()).select_from(Outbox).where(
            Outbox.key.startswith(f"assigned:{item.id}:"))) == 1


def test_the_team_and_mt_see_no_signals(web, world, app):
    with app.app_context():
        _count(world, "donorregistratie", 5)
        db.session.commit()
    web.login("team")
    assert "Signalen van de balie" not in visible_text(web.get(f"/p/{world.plein}/"))
