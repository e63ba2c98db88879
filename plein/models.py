"""Imports every model module, so the metadata (and Alembic) sees all tables."""

from plein.accounts.models import Invitation, Membership, Plein, User
from plein.audit import AuditEvent
from plein.partners.models import (
    AssessmentSettings,
    CheckAnswer,
    Criterion,
    Decision,
    Partner,
    PartnerStatusChange,
    PartnerTheme,
    Score,
)
from plein.roadmap.models import ChecklistItem, ItemCompletion

__all__ = ["AssessmentSettings", "AuditEvent", "CheckAnswer", "ChecklistItem", "Criterion",
           "Decision", "Invitation", "ItemCompletion", "Membership", "Partner",
           "PartnerStatusChange", "PartnerTheme", "Plein", "Score", "User"]
