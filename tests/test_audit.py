"""The logboek: written with the change, never altered, readable by lead and admin."""

import pytest
from sqlalchemy import select

from plein.audit import AuditEvent, AuditImmutable
from plein.extensions import db
from tests.conftest import login, text_of


def test_change_and_audit_event_commit_together(client, world, app):
    login(client, "lead")
    client.post(f"/p/{world.plein}/leden/uitnodigen",
                data={"email": "audit@test.example", "role": "team"})
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "invitation.create",
            AuditEvent.summary.contains("audit@test.example")))
        assert event.plein_id == world.plein
        assert event.user_id == world.lead_id
        assert event.object_type == "Invitation" and event.object_id is not None


def test_failed_change_leaves_no_audit_event(client, world, app):
    login(client, "admin")
    client.post(f"/p/{world.plein}/leden/99999/verwijderen")
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "member.remove")) is None


def test_audit_rows_cannot_be_changed_or_deleted(ctx, world):
    event = db.session.scalars(select(AuditEvent)).first()
    event.summary = "rewritten history"
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()
    event = db.session.scalars(select(AuditEvent)).first()
    db.session.delete(event)
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()


def test_log_page_shows_events_in_amsterdam_time(client, world, app):
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/logboek")
    assert page.status_code == 200
    assert "Plein Plein Alfa aangemaakt" in text_of(page)
    assert "Team toegevoegd als Projectteam" in text_of(page)
    with app.app_context():
        created = db.session.scalar(select(AuditEvent.created_at).where(
            AuditEvent.plein_id == world.plein))
    from zoneinfo import ZoneInfo

    local = created.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%H:%M")
    assert local in text_of(page)
    assert "Plein Beta" not in text_of(page)  # only this plein's events


def test_log_page_pages_through_old_events(client, world, app):
    from plein.accounts.models import Plein
    from plein.audit import record

    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        for i in range(60):
            record("test.event", f"gebeurtenis {i}", plein=plein)
        db.session.commit()
    login(client, "lead")
    first = text_of(client.get(f"/p/{world.plein}/logboek"))
    assert "gebeurtenis 59" in first and "Oudere" in first
    second = text_of(client.get(f"/p/{world.plein}/logboek?pagina=2"))
    assert "Nieuwere" in second and "gebeurtenis 59" not in second
    assert client.get(f"/p/{world.plein}/logboek?pagina=x").status_code == 200
