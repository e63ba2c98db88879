"""Whether the maker of an invitation may still invite, and withdrawing what they made.

An invitation is only as good as its maker's right to invite: blocking the maker's
account, or removing the role through which they managed members, withdraws their open
invitations, and accepting one checks the maker again.
"""

from sqlalchemy import select

from plein import audit
from plein.accounts.access import PERMISSIONS
from plein.accounts.models import Invitation, Membership, Role
from plein.extensions import db
from plein.timeutil import utcnow

INVITER_GONE = ("Deze uitnodiging geldt niet meer: wie hem maakte mag geen mensen meer "
                "uitnodigen. Vraag de projectleider om een nieuwe link.")


MT_BY_ADMIN = ("Alleen de beheerder van de installatie nodigt iemand uit voor het MT: het "
               "MT beoordeelt het plan van de projectleider.")


def may_invite(user, plein, role=None):
    """True while ``user`` may invite people into ``plein``: an active account with a
    role that manages members (counted from the database, not from loaded objects).
    A seat in the MT (``Role.MT``) only an admin gives (separation of duties)."""
    if not user.active:
        return False
    if role == Role.MT:
        return user.is_admin
    roles = set(db.session.scalars(select(Membership.role).where(
        Membership.user_id == user.id, Membership.plein_id == plein.id)))
    if user.is_admin:
        roles.add(Role.ADMIN)
    return bool(PERMISSIONS["members.manage"] & roles)


def revoke_invitations_by(user, plein=None, *, reason):
    """Withdraw every open invitation ``user`` made (in ``plein``, or everywhere), each
    logged: an invitation is only as good as its maker's right to invite."""
    query = select(Invitation).where(Invitation.created_by_id == user.id,
                                     Invitation.used_at.is_(None),
                                     Invitation.revoked_at.is_(None))
    if plein is not None:
        query = query.where(Invitation.plein_id == plein.id)
    revoked = db.session.scalars(query).all()
    for invitation in revoked:
        invitation.revoked_at = utcnow()
        audit.record("invitation.revoke",
                     f"Uitnodiging voor {invitation.email} ingetrokken: {reason}",
                     plein=invitation.plein, obj=invitation)
    return revoked
