"""Imports every model module, so the metadata (and Alembic) sees all tables."""

from plein.accounts.models import Invitation, Membership, Plein, User
from plein.audit import AuditEvent
from plein.partners.models import Partner
from plein.roadmap.models import ChecklistItem, ItemCompletion

__all__ = ["AuditEvent", "ChecklistItem", "Invitation", "ItemCompletion", "Membership",
           "Partner", "Plein", "User"]
