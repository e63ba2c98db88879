"""Retention and purge of warm referrals' personal fields: erased when closed or after
the retention (a shorter one applies at the next run), twice is the same as once, the
anonymous record and the figures stay, and the app purges when it starts."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from plein.audit import AuditEvent
from plein.desk import referrals
from plein.desk.models import Referral, Tally
from plein.desk.purge import purge
from plein.extensions import db
from plein.timeutil import utcnow
from tests.conftest import make_app


def _refer(world, *, days_ago, contact=True, **extra):
    return referrals.refer(
        world.model("plein"), partner_id=world.welzijn, theme_id=world.theme, question="",
        first_name="Fatima" if contact else "", phone="06 12345678" if contact else "",
        email="", consent=contact, by=world.user("team"),
        now=utcnow() - timedelta(days=days_ago, minutes=5), **extra)


def _state(plein_id):
    """(referrals with personal fields, referrals, referred tallies, per-status counts)."""
    rows = db.session.scalars(select(Referral).where(Referral.plein_id == plein_id)).all()
    tallies = db.session.scalar(select(func.count()).select_from(Tally).where(
        Tally.plein_id == plein_id, Tally.help == "referred"))
    return sum(r.has_personal for r in rows), len(rows), tallies


def test_purge_erases_what_is_due_and_keeps_the_count(ctx, world):
    plein = world.model("plein")
    fresh = _refer(world, days_ago=2)
    old = _refer(world, days_ago=31)
    closed = _refer(world, days_ago=1)
    anonymous = _refer(world, days_ago=40, contact=False)
    # closed by a bulk change (as if set elsewhere) keeps its fields until the purge
    closed.status = "helped"
    db.session.commit()
    year = utcnow().year
    counts_before = referrals.counts(plein, year)
    assert _state(plein.id) == (3, 4, 4)
    assert purge(30) == 2
    db.session.commit()
    assert _state(plein.id) == (1, 4, 4)  # only the fresh one keeps its fields
    assert referrals.counts(plein, year) == counts_before  # the figures did not change
    erased = db.session.get(Referral, old.id)
    assert (erased.first_name, erased.phone, erased.email) == ("", "", "")
    assert erased.erased_at is not None and erased.version_id == 2
    assert db.session.get(Referral, anonymous.id).erased_at is None  # nothing to erase
    assert db.session.get(Referral, fresh.id).first_name == "Fatima"
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "desk.purge")).all()
    assert event.summary.startswith("Contactgegevens van 2 doorverwijzingen gewist")
    assert event.plein_id == plein.id
    # twice is once: nothing more erased, nothing more in the logboek
    assert purge(30) == 0
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "desk.purge")) == 1
    # a shorter retention applies to the fresh one at the next run
    assert purge(1) == 1
    db.session.commit()
    assert _state(plein.id) == (0, 4, 4)


def test_the_retention_stated_in_the_consent_is_kept_when_the_setting_grows(ctx, world,
                                                                            app):
    referral = _refer(world, days_ago=0)  # consent for 30 days
    referral.keep_until = utcnow() - timedelta(seconds=1)  # that moment has come
    db.session.commit()
    assert purge(90) == 1  # a longer setting does not keep it longer than promised


def test_closing_erases_at_once(ctx, world):
    plein = world.model("plein")
    referral = _refer(world, days_ago=0)
    db.session.commit()
    referrals.set_status(plein, referral, status="contacted", note="", by=world.user("lead"),
                         expected_version=referral.version_id)
    assert referral.has_personal  # contact made: still open
    referrals.set_status(plein, referral, status="unreachable", note="twee keer gebeld",
                         by=world.user("lead"), expected_version=referral.version_id)
    assert not referral.has_personal and referral.erased_at is not None
    db.session.commit()
    assert purge(30) == 0


def test_the_app_purges_when_it_starts(app, world, db_url):
    with app.app_context():
        _refer(world, days_ago=45)
        db.session.commit()
    make_app(db_url)  # another worker starting
    with app.app_context():
        assert _state(world.plein)[0] == 0


def test_starting_without_a_database_creates_none_and_does_not_fail(tmp_path):
    path = tmp_path / "nog-niet.sqlite3"
    make_app(f"sqlite:///{path}")
    assert not path.exists()
    empty = tmp_path / "leeg.sqlite3"
    empty.touch()  # a database without tables (before 'flask db upgrade')
    make_app(f"sqlite:///{empty}")
    assert Path(make_url(f"sqlite:///{empty}").database).exists()


def test_the_purge_command(app, world):
    with app.app_context():
        _refer(world, days_ago=45)
        db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["plein", "purge"])
    assert first.exit_code == 0
    assert "Contactgegevens van 1 doorverwijzing(en) gewist (bewaartermijn 30 dagen)." in (
        first.output)
    again = runner.invoke(args=["plein", "purge"])
    assert again.exit_code == 0 and "Niets te wissen" in again.output
