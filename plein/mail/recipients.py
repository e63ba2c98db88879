"""Who a message goes to: the active members of a plein by role or organisation."""

from sqlalchemy import select

from plein.accounts.models import Membership, Role, User
from plein.extensions import db


def with_role(plein, *roles):
    """Active users holding one of ``roles`` in ``plein`` now, each once, by id."""
    return db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.plein_id == plein.id, Membership.role.in_(roles),
               User.active.is_(True))
        .distinct().order_by(User.id)).all()


def of_partner(plein, partner_id):
    """Active users who speak for the partner organisation ``partner_id`` in ``plein``."""
    return db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.plein_id == plein.id, Membership.role == Role.PARTNER,
               Membership.partner_id == partner_id, User.active.is_(True))
        .distinct().order_by(User.id)).all()
