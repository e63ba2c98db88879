"""Erasing the personal fields of warm referrals: those closed, and those older than
the retention (``PLEIN_REFERRAL_RETENTION_DAYS``, or the period the consent stated,
whichever ends first). The anonymous record stays and counts.

Run by ``flask plein purge`` (cron) and on every start of the app. Idempotent: a
second run finds nothing left to erase and writes nothing. A shorter retention applies
to existing referrals at the next run, as the cut-off is computed from the setting then.
"""

import logging
import os
from datetime import timedelta

from sqlalchemy import and_, func, inspect, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from plein import audit
from plein.accounts.models import Plein
from plein.desk.models import CLOSED, Referral
from plein.extensions import db
from plein.timeutil import utcnow

log = logging.getLogger(__name__)


def due(now, days):
    """The SQL condition: personal fields still there and no longer to be kept."""
    return and_(Referral.erased_at.is_(None), Referral.consent_at.is_not(None),
                or_(Referral.status.in_(CLOSED), Referral.keep_until <= now,
                    Referral.created_at <= now - timedelta(days=days)))


def purge(days, now=None):
    """Erase what is due; returns how many referrals were erased. The caller commits."""
    now = now or utcnow()
    condition = due(now, days)
    per_plein = db.session.execute(select(Referral.plein_id, func.count()).where(condition)
                                   .group_by(Referral.plein_id)).all()
    if not per_plein:
        return 0
    db.session.execute(update(Referral).where(condition).values(
        first_name="", phone="", email="", erased_at=now,
        version_id=Referral.version_id + 1).execution_options(synchronize_session=False))
    for plein_id, count in per_plein:
        audit.record("desk.purge", f"Contactgegevens van {count} "
                     f"{'doorverwijzing' if count == 1 else 'doorverwijzingen'} gewist "
                     f"(gesloten, of ouder dan {days} dagen)",
                     plein=db.session.get(Plein, plein_id))
    db.session.expire_all()  # loaded referrals show the erased fields
    return sum(count for _plein, count in per_plein)


def at_startup(app):
    """Purge when the app starts: cheap (one SELECT when nothing is due) and harmless
    before the database exists or is migrated (then it does nothing)."""
    with app.app_context():
        try:
            url = db.engine.url
            if (url.get_backend_name() == "sqlite" and url.database not in (None, "",
                                                                          ":memory:")
                    and not os.path.exists(url.database)):
                return  # no database yet: do not create an empty file
            if not inspect(db.engine).has_table(Referral.__tablename__):
                return
            erased = purge(app.config["REFERRAL_RETENTION_DAYS"])
            db.session.commit()
            if erased:
                log.info("purge at startup: personal fields of %s referrals erased", erased)
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("purge at startup failed; run 'flask plein purge'", exc_info=True)
        finally:
            db.session.remove()
