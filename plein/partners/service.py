"""Partner register operations."""

from sqlalchemy import func, select

from plein import audit
from plein.extensions import db
from plein.partners.models import Partner


def list_partners(plein):
    return db.session.scalars(
        select(Partner).where(Partner.plein_id == plein.id).order_by(func.lower(Partner.name))
    ).all()


def get_partner(plein, partner_id):
    """The partner with this id in this plein, or None (never one of another plein)."""
    return db.session.scalar(
        select(Partner).where(Partner.id == partner_id, Partner.plein_id == plein.id)
    )


def find_or_create(plein, name):
    name = " ".join(name.split())
    partner = db.session.scalar(
        select(Partner).where(
            Partner.plein_id == plein.id, func.lower(Partner.name) == name.lower()
        )
    )
    if partner is None:
        partner = Partner(plein_id=plein.id, name=name)
        db.session.add(partner)
        db.session.flush()
        audit.record("partner.create", f"Partner {name} toegevoegd", plein=plein, obj=partner)
    return partner
