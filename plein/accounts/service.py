"""Accounts, memberships and invitations: plain functions the views and tests call.

Functions add to the session and write the audit event; the caller commits.
A ``ServiceError`` carries a Dutch message meant for the user.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager, joinedload, lazyload, selectinload

from plein import audit
from plein.accounts import separation, sessions
from plein.accounts.inviters import INVITER_GONE, MT_BY_ADMIN, may_invite, revoke_invitations_by
from plein.accounts.models import (
    MEMBER_ROLES,
    Invitation,
    Membership,
    Plein,
    Role,
    User,
    check_dummy_password,
    new_token,
    normalise_email,
    token_hash,
)
from plein.accounts.role_change import refuse_existing_member
from plein.errors import ServiceError
from plein.extensions import db
from plein.forms import EMAIL_RE
from plein.text import clean_line
from plein.timeutil import utcnow

__all__ = ["ServiceError"]

PASSWORD_MIN, PASSWORD_MAX = 10, 128


def user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email, password):
    """The active user with this email and password, or None; same cost either way."""
    user = user_by_email(email)
    if user is None:
        check_dummy_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def check_password_policy(password):
    if not PASSWORD_MIN <= len(password or "") <= PASSWORD_MAX:
        raise ServiceError(
            f"Een wachtwoord heeft {PASSWORD_MIN} tot {PASSWORD_MAX} tekens.", field="password"
        )


def _clean_name(name):
    name = clean_line(name or "")
    if not name:
        raise ServiceError("Vul een naam in.", field="name")
    if len(name) > 120:
        raise ServiceError("Een naam heeft hoogstens 120 tekens.", field="name")
    return name


def create_user(email, name, password, *, is_admin=False):
    email = normalise_email(email)
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise ServiceError("Vul een geldig e-mailadres in, bijvoorbeeld naam@bibliotheek.nl.",
                           field="email")
    name = _clean_name(name)
    if user_by_email(email) is not None:
        raise ServiceError("Er bestaat al een account met dit e-mailadres.", field="email")
    check_password_policy(password)
    user = User(email=email, name=name, is_admin=is_admin, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", f"Account {email} aangemaakt", obj=user)
    return user


class WrongPassword(ServiceError):
    """The current password given to change it was not right."""


def change_password(user, current, new):
    """A new password; every session of the user ends (the view starts a fresh one for
    the browser that made the change). The view throttles the check of ``current``."""
    if not user.check_password(current):
        raise WrongPassword("Het huidige wachtwoord klopt niet.")
    check_password_policy(new)
    user.set_password(new)
    sessions.end_all(user)
    audit.record("user.password", f"{user.email} wijzigde het wachtwoord", obj=user, user=user)


def reset_password(user, new, *, by):
    """An admin sets a new password; the user's sessions end."""
    if user.id == by.id:
        raise ServiceError("Je eigen wachtwoord wijzig je via 'Wachtwoord wijzigen'.",
                           field="password")
    check_password_policy(new)
    user.set_password(new)
    sessions.end_all(user)
    audit.record("user.password_reset", f"Nieuw wachtwoord ingesteld voor {user.email}",
                 obj=user)


def set_active(user, active, *, by):
    """Block or unblock an account; blocking ends its sessions and withdraws the
    invitations it made. Returns those invitations."""
    if user.id == by.id and not active:
        raise ServiceError("Je kunt je eigen account niet blokkeren.")
    user.active = active
    revoked = []
    if not active:
        sessions.end_all(user)
        revoked = revoke_invitations_by(user, reason="het account is geblokkeerd")
    word = "geactiveerd" if active else "geblokkeerd"
    audit.record("user.active" if active else "user.deactivate",
                 f"Account {user.email} {word}", obj=user)
    return revoked


def create_plein(name, organisation, location="", *, lead=None):
    plein = Plein(name=clean_line(name), organisation=clean_line(organisation),
                  location=clean_line(location or ""))
    db.session.add(plein)
    db.session.flush()
    audit.record("plein.create", f"Plein {plein.name} aangemaakt", plein=plein, obj=plein)
    if lead is not None:
        add_membership(plein, lead, Role.LEAD)
    return plein


def list_users():
    """Every account with its memberships (one query for all of them)."""
    return db.session.scalars(select(User).options(selectinload(User.memberships))
                              .order_by(func.lower(User.name))).all()


def memberships_of(plein):
    """The plein's memberships by member name, each with its user and partner (one
    query; the plein is known already, a partner's own relations are not needed)."""
    return db.session.scalars(
        select(Membership)
        .join(User)
        .options(contains_eager(Membership.user), lazyload(Membership.plein),
                 joinedload(Membership.partner).lazyload("*"))
        .where(Membership.plein_id == plein.id)
        .order_by(func.lower(User.name))
    ).all()


def add_membership(plein, user, role, partner=None):
    if role not in MEMBER_ROLES:
        raise ServiceError("Kies een geldige rol.")
    if (role == Role.PARTNER) != (partner is not None):
        raise ServiceError("Een partnerlid hoort bij precies één partnerorganisatie.")
    if partner is not None and partner.plein_id != plein.id:
        raise ServiceError("Deze partnerorganisatie hoort niet bij dit plein.")
    existing = db.session.scalar(select(Membership).where(
        Membership.plein_id == plein.id, Membership.user_id == user.id,
        Membership.role == role))
    if existing is not None:
        raise ServiceError(f"{user.name} is al lid met de rol {Role(role).label}.")
    if reason := separation.conflict(plein, user, role):
        raise ServiceError(reason)
    membership = Membership(plein_id=plein.id, user=user, role=role, partner=partner)
    db.session.add(membership)
    db.session.flush()
    org = f" ({partner.name})" if partner else ""
    audit.record("member.add", f"{user.name} toegevoegd als {Role(role).label}{org}",
                 plein=plein, obj=membership)
    return membership


def get_membership(plein, membership_id):
    return db.session.scalar(select(Membership).where(
        Membership.id == membership_id, Membership.plein_id == plein.id))


def remove_membership(membership):
    plein = membership.plein
    if membership.role == Role.LEAD:
        leads = db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.plein_id == plein.id, Membership.role == Role.LEAD))
        if leads <= 1:
            raise ServiceError(
                "Dit is de enige projectleider. Wijs eerst een andere projectleider aan."
            )
    audit.record(
        "member.remove",
        f"{membership.user.name} verwijderd als {membership.role_label}",
        plein=plein, obj=membership,
    )
    db.session.delete(membership)
    db.session.flush()
    if not may_invite(membership.user, plein):
        revoke_invitations_by(membership.user, plein,
                              reason=f"{membership.user.name} is geen "
                                     f"{membership.role_label.lower()} meer")


def create_invitation(plein, email, role, *, by, partner=None):
    """A new invitation and its token; the token is shown once and stored hashed."""
    email = normalise_email(email)
    if role not in MEMBER_ROLES:
        raise ServiceError("Kies een geldige rol.")
    if role == Role.PARTNER and partner is None:
        raise ServiceError("Kies de partnerorganisatie waarvoor deze persoon tekent.")
    if role != Role.PARTNER:
        partner = None
    if role == Role.MT and not by.is_admin:
        raise ServiceError(MT_BY_ADMIN, "role")
    refuse_existing_member(plein, email)
    if reason := separation.conflict(plein, user_by_email(email), role):
        raise ServiceError(reason)  # e.g. an installation admin as a partner's contact
    # A new link for the same person and role replaces the one sent before.
    for older in db.session.scalars(select(Invitation).where(
            Invitation.plein_id == plein.id, Invitation.email == email,
            Invitation.role == role, Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None))):
        older.revoked_at = utcnow()
    token = new_token()
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(
        plein_id=plein.id, email=email, role=role, partner=partner,
        token_hash=token_hash(token), created_by_id=by.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record("invitation.create",
                 f"Uitnodiging voor {email} als {Role(role).label}",
                 plein=plein, obj=invitation)
    return invitation, token


def open_invitations(plein):
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.plein_id == plein.id, Invitation.used_at.is_(None),
               Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc())
    ).all()


def get_invitation(plein, invitation_id):
    return db.session.scalar(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.plein_id == plein.id))


def revoke_invitation(invitation):
    if invitation.used_at is not None:
        raise ServiceError("Deze uitnodiging is al gebruikt.")
    invitation.revoked_at = utcnow()
    audit.record("invitation.revoke", f"Uitnodiging voor {invitation.email} ingetrokken",
                 plein=invitation.plein, obj=invitation)


class InvitationUnusable(ServiceError):
    """An invitation that cannot be used; ``title`` heads the page that says why."""

    def __init__(self, message, title="Niet meer geldig"):
        super().__init__(message)
        self.title = title


def invitation_by_token(token):
    """The open invitation for ``token``.

    Returns None for an unknown token; raises InvitationUnusable (with a Dutch reason)
    for one that was used, revoked or has expired.
    """
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None:
        return None
    if invitation.used_at is not None:
        raise InvitationUnusable("Deze uitnodiging is al gebruikt. Log in met je account.",
                                 "Al gebruikt")
    if invitation.revoked_at is not None:
        raise InvitationUnusable("Deze uitnodiging is ingetrokken.", "Ingetrokken")
    if invitation.expires_at <= utcnow():
        raise InvitationUnusable(
            "Deze uitnodiging is verlopen. Vraag de projectleider om een nieuwe link.",
            "Verlopen")
    if not may_invite(invitation.created_by, invitation.plein, invitation.role):
        raise InvitationUnusable(INVITER_GONE)
    return invitation


def accept_invitation(invitation, *, user=None, name=None, password=None):
    """Use the invitation: for ``user`` (logged in, same email) or a new account.

    The invitation is claimed first with one conditional UPDATE, so of two people
    using the same link at once exactly one succeeds.
    """
    if user is None:
        if user_by_email(invitation.email) is not None:
            raise ServiceError("Er bestaat al een account met dit e-mailadres. Log eerst in.")
    elif user.email != invitation.email:
        raise ServiceError(
            f"Je bent ingelogd als {user.email}, maar deze uitnodiging is voor "
            f"{invitation.email}. Log eerst uit en open de link dan opnieuw."
        )
    if not may_invite(invitation.created_by, invitation.plein, invitation.role):
        raise InvitationUnusable(INVITER_GONE)
    now = utcnow()
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
               Invitation.revoked_at.is_(None), Invitation.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise InvitationUnusable("Deze uitnodiging is al gebruikt of niet meer geldig.")
    db.session.refresh(invitation)
    if user is None:
        user = create_user(invitation.email, name, password)
    add_membership(invitation.plein, user, invitation.role, invitation.partner)
    invitation.used_by_id = user.id
    audit.record("invitation.accept", f"{user.name} nam de uitnodiging aan",
                 plein=invitation.plein, obj=invitation, user=user)
    return user
