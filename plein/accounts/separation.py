"""Separation of duties between the library and its partners: a person who holds a
library-side role in a plein (lead, team, mt; or who is an installation admin) holds no
partner membership there, and the reverse. Otherwise a library account could sign the
samenwerkingscontract in a partner organisation's name."""

from sqlalchemy import select
from sqlalchemy.orm import aliased

from plein.accounts.models import LIBRARY_ROLES, Membership, Plein, Role, User
from plein.extensions import db


def conflict(plein, user, role):
    """A Dutch reason why ``user`` may not get ``role`` in ``plein``, or None."""
    if user is None:
        return None
    held = {m.role for m in user.memberships if m.plein_id == plein.id}
    if role == Role.PARTNER and (held & set(LIBRARY_ROLES) or user.is_admin):
        return (f"{user.email} werkt in dit plein voor de bibliotheek (of is beheerder) en "
                "kan daarom niet ook namens een partnerorganisatie meedoen of tekenen. "
                "Nodig iemand van die organisatie zelf uit.")
    if role in LIBRARY_ROLES and Role.PARTNER in held:
        return (f"{user.email} doet in dit plein mee namens een partnerorganisatie en kan "
                "daarom geen rol voor de bibliotheek krijgen. Gebruik een ander account.")
    return None


def violations():
    """(user, plein) for every partner membership held by someone who also has a
    library-side role in that plein or is an admin (data from before this rule)."""
    other = aliased(Membership)
    library = select(other.id).where(other.user_id == Membership.user_id,
                                     other.plein_id == Membership.plein_id,
                                     other.role.in_(LIBRARY_ROLES)).exists()
    return db.session.execute(
        select(User, Plein).select_from(Membership).join(User).join(Plein)
        .where(Membership.role == Role.PARTNER, User.is_admin.is_(True) | library)
        .order_by(Plein.id, User.email)).all()
