"""The logboek: written with the change, never altered, readable by lead and admin."""

import pytest
from sqlalchemy import select

from plein.audit import AuditEvent, AuditImmutable
from plein.extensions import db
from tests.conftest import login, text_of
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


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


def _log_filter(web, url):
    return form_for(web.get(url), url.split("?")[0])


def test_log_filters_by_person_kind_and_period(web, world, app):
    from datetime import UTC, datetime

    from plein.accounts.models import Plein, User
    from plein.audit import record

    with app.app_context():
        plein, team = db.session.get(Plein, world.plein), db.session.get(User, world.team_id)
        old = record("item.update", "Actiepunt 'Oud werk' bijgewerkt", plein=plein, user=team)
        old.created_at = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # 16 jan in Amsterdam
        record("partner.update", "Gegevens van Welzijn Alfa bijgewerkt", plein=plein,
               user=team)
        record("item.update", "Actiepunt 'Nieuw werk' bijgewerkt", plein=plein, user=team)
        db.session.commit()
    url = f"/p/{world.plein}/logboek"
    web.login("lead")
    form = _log_filter(web, url)
    form["wie"] = str(world.team_id)
    form["soort"] = "stappenplan"
    page = visible_text(form.submit())
    assert "Nieuw werk" in page and "Oud werk" in page
    assert "Welzijn Alfa bijgewerkt" not in page  # another kind
    assert "Team toegevoegd als Projectteam" not in page  # written by someone else
    form = _log_filter(web, url)
    form["van"], form["tot"] = "16-01-2026", "16-01-2026"
    page = visible_text(form.submit())
    assert "Oud werk" in page and "Nieuw werk" not in page  # one day, Amsterdam time


def test_a_bad_period_is_explained_and_paging_keeps_the_filter(web, world, app):
    from plein.accounts.models import Plein
    from plein.audit import record

    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        for i in range(60):
            record("note.add", f"Notitie {i}", plein=plein)
        db.session.commit()
    url = f"/p/{world.plein}/logboek"
    web.login("lead")
    form = _log_filter(web, url)
    form["van"], form["tot"] = "31-02-2026", "01-01-2026"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Ongeldige datum." in visible_text(refused)
    form = _log_filter(web, url)
    form["soort"] = "notities"
    first = form.submit()
    older = first.click(description="Oudere")
    assert "soort=notities" in older.request.url
    assert "Notitie 0" in visible_text(older) and "Plein Alfa aangemaakt" not in visible_text(
        older)


def test_the_installation_log_filters_too(web, world):
    web.login("admin")
    form = _log_filter(web, "/beheer/logboek")
    form["soort"] = "pleinen"
    page = visible_text(form.submit())
    assert "Plein Plein Alfa aangemaakt" in page and "ingelogd" not in page.lower()
