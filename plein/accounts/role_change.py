"""Changing a member's role in a plein, instead of a second membership by re-inviting.

Within the separation of duties (DESIGN.md): only an installation admin grants or takes
away the MT role (the MT judges the lead's plan), a plein keeps at least one
projectleider, and a partner organisation's contact stays a partner member (a person
on the library side holds no partner membership): those roles are not changed here.
"""

from sqlalchemy import func, select

from plein import audit
from plein.accounts.inviters import may_invite, revoke_invitations_by
from plein.accounts.models import LIBRARY_ROLES, Membership, Role, User, normalise_email
from plein.errors import ServiceError
from plein.extensions import db


def membership_by_email(plein, email):
    """The membership in ``plein`` of the account with this e-mail address, if any (the
    library-side one first)."""
    return db.session.scalars(
        select(Membership).join(User)
        .where(Membership.plein_id == plein.id, User.email == normalise_email(email))
        .order_by(Membership.role == Role.PARTNER, Membership.id)).first()


class AlreadyMember(ServiceError):
    """An invitation for someone who is a member already: change their role instead."""

    def __init__(self, membership):
        super().__init__(f"{membership.user.name} ({membership.user.email}) is al lid met "
                         f"de rol {membership.role_label}. Een tweede uitnodiging maakt "
                         "geen tweede lidmaatschap; verander zo nodig de rol.", field="email")
        self.membership = membership


def refuse_existing_member(plein, email):
    """Invitations are for people who are no member of ``plein`` yet."""
    membership = membership_by_email(plein, email)
    if membership is not None:
        raise AlreadyMember(membership)


def change_role(membership, role, *, by):
    """Give ``membership`` another library-side role; logged. The caller commits."""
    old = membership.role
    if role not in LIBRARY_ROLES:
        raise ServiceError("Kies projectleider, projectteam of directie / MT.", field="role")
    if old == Role.PARTNER:
        raise ServiceError("Een contactpersoon van een partnerorganisatie houdt die rol. "
                           "Haal de rol weg en nodig de persoon opnieuw uit als het "
                           "echt anders moet.", field="role")
    if role == old:
        raise ServiceError(f"{membership.user.name} heeft die rol al.", field="role")
    if Role.MT in (old, role) and not by.is_admin:
        raise ServiceError("Alleen de beheerder van de installatie geeft of neemt de rol "
                           "Directie / MT (het MT beoordeelt het plan van de "
                           "projectleider). Vraag het de beheerder.", field="role")
    if old == Role.LEAD and _lead_count(membership.plein_id) <= 1:
        raise ServiceError("Dit is de enige projectleider. Wijs eerst een andere "
                           "projectleider aan.", field="role")
    taken = db.session.scalar(select(Membership.id).where(
        Membership.plein_id == membership.plein_id, Membership.user_id == membership.user_id,
        Membership.role == role))
    if taken is not None:
        raise ServiceError(f"{membership.user.name} heeft die rol al, naast deze. Haal "
                           "deze rol dan weg.", field="role")
    membership.role = role
    db.session.flush()
    audit.record("member.role", f"Rol van {membership.user.name}: {Role(old).label} → "
                 f"{Role(role).label}", plein=membership.plein, obj=membership, user=by)
    if not may_invite(membership.user, membership.plein):
        revoke_invitations_by(membership.user, membership.plein,
                              reason=f"{membership.user.name} is geen "
                                     f"{Role(old).label.lower()} meer")
    return membership


def _lead_count(plein_id):
    return db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.plein_id == plein_id, Membership.role == Role.LEAD))
