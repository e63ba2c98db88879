"""Imports every model module, so the metadata (and Alembic) sees all tables."""

from plein.accounts.models import Invitation, Membership, Plein, User
from plein.audit import AuditEvent
from plein.partners.models import Partner

__all__ = ["AuditEvent", "Invitation", "Membership", "Partner", "Plein", "User"]
