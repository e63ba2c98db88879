"""Users, pleinen, memberships (a role in a plein) and invitations."""

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary


class Role(Vocabulary):
    """A role in a plein (``Membership.role``, ``Invitation.role``), in the order the
    dashboard lists them. ``ADMIN`` is no membership: it is the ``User.is_admin`` flag,
    which the permission table treats as one more role."""

    LEAD = "lead", "Projectleider"
    TEAM = "team", "Projectteam"
    MT = "mt", "Directie / MT"
    PARTNER = "partner", "Partnerorganisatie"
    ADMIN = "admin", "Beheerder"


# The roles a membership can hold, and those of them on the library's side.
MEMBER_ROLES = (Role.LEAD, Role.TEAM, Role.MT, Role.PARTNER)
LIBRARY_ROLES = (Role.LEAD, Role.TEAM, Role.MT)

# A hash of a random password: checked when an unknown email logs in, so a failed
# login takes as long whether or not the account exists.
_DUMMY_HASH = None


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 of a token: what the database keeps instead of the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}

    @validates("email")
    def _normalise(self, _key, value):
        return normalise_email(value)

    @property
    def is_active(self):
        return self.active

    # The token of the login session this object was loaded for (set by
    # plein.accounts.sessions); Flask-Login keeps "<user id>:<token>" in the cookie.
    session_key = None

    def get_id(self):
        return f"{self.id}:{self.session_key}"

    def set_password(self, password: str):
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __str__(self):
        return self.name


def check_dummy_password(password: str) -> None:
    """Spend the time of a real check when no account matched."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = generate_password_hash(
            secrets.token_hex(16), method=current_app.config["PASSWORD_HASH_METHOD"]
        )
    check_password_hash(_DUMMY_HASH, password)


class Plein(db.Model):
    __tablename__ = "pleinen"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(160))
    location: Mapped[str] = mapped_column(String(200), default="")
    # One of plein.roadmap.phases.Phase; a new plein starts in oriëntatie.
    current_phase: Mapped[str] = mapped_column(String(20), default="orientation")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    memberships = relationship(
        "Membership", back_populates="plein", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.name


class Membership(db.Model):
    """A user's role in a plein. A user may hold several roles in one plein."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "plein_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # Only for Role.PARTNER: the organisation this user speaks for.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", back_populates="memberships")
    plein = relationship("Plein", back_populates="memberships", lazy="joined")
    partner = relationship("Partner", lazy="joined")

    @property
    def role_label(self):
        return Role(self.role).label

    @property
    def role_order(self):
        return MEMBER_ROLES.index(self.role)


class Invitation(db.Model):
    """A single-use link to join a plein; only the SHA-256 of the token is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    plein = relationship("Plein", lazy="joined")
    partner = relationship("Partner", lazy="joined")
    created_by = relationship("User", foreign_keys=[created_by_id])

    @validates("email")
    def _normalise(self, _key, value):
        return normalise_email(value)

    @property
    def role_label(self):
        return Role(self.role).label

    @property
    def is_open(self):
        return self.used_at is None and self.revoked_at is None and self.expires_at > utcnow()


class LoginSession(db.Model):
    """One logged-in browser. The cookie holds the token, the table only its hash:
    deleting the row ends that session on its very next request."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LoginAttempt(db.Model):
    """A login that got past the throttle and checked a password. Rows of failed
    attempts are what the throttle counts; a successful login removes its account's
    rows, and rows older than the window are pruned on every new attempt."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_created_at", "email", "created_at"),
        Index("ix_login_attempts_ip_created_at", "ip", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))  # normalised, whether or not it exists
    ip: Mapped[str] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
