"""Signals: a topic word counted at least 5 times in 4 weeks shows on the lead's
dashboard, and the lead turns it into a checklist item with an owner or a draft
activity in the programme; a refused signal form answers 422 with its message."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from plein.desk import signals, tally
from plein.extensions import db
from plein.mail.models import OutboxMessage as Outbox
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem
from plein.timeutil import local_today, utcnow
from tests.forms import Web, assert_errors_visible, form_for, visible_text

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
    # the same signal again (a second tab): refused (422) with its message, nothing added
    again = form.submit(status=422)
    assert_errors_visible(web, again)
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


def test_the_lead_turns_a_signal_into_a_hidden_draft_activity(web, world, app):
    from plein.programme.models import Activity
    from plein.programme.visibility import is_public

    with app.app_context():
        _count(world, "donorregistratie", 5)
        db.session.commit()
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/"), "/balie/signalen")
    form["make"] = "activity"
    page = form.submit(status=303).follow()
    text = visible_text(page)
    assert "'Nieuw aanbod: donorregistratie' staat als concept in het programma" in text
    assert "Verborgen door de projectleider" in text
    assert "Concept uit een signaal van de balie" in text
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(
            Activity.origin_key == "signal:donorregistratie"))
        assert activity.partner_id is None and not is_public(activity)
        assert "5 keer" in activity.description
        assert signals.signals(world.model("plein"), local_today()) == []
        activity_id = activity.id
    assert "Signalen van de balie" not in visible_text(web.get(f"/p/{world.plein}/"))
    # the partner does not see the draft (hidden, so 404 for another organisation's)
    Web(app).login("partner").get(f"/p/{world.plein}/programma/aanbod/{activity_id}",
                                  status=404)


def test_a_refused_signal_form_shows_its_message_with_422(web, world, app):
    with app.app_context():
        _count(world, "digid", 5)
        db.session.commit()
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/"), "/balie/signalen")
    form["owner_id"].force_value(str(world.mt_id))  # not someone who owns items
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Kies wie het oppakt" in visible_text(refused)
    # the page offers the form again, and it goes through from there
    again = form_for(refused, "/balie/signalen")
    again["owner_id"] = str(world.team_id)
    done = again.submit(status=303).follow()
    assert "'Nieuw aanbod ontwikkelen: digid' staat nu in het stappenplan." in visible_text(done)
