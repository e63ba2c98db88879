"""Imports every model module, so the metadata (and Alembic) sees all tables."""

from plein.accounts.models import (
    Invitation,
    LoginAttempt,
    LoginSession,
    Membership,
    Plein,
    User,
)
from plein.agreements.models import (
    Agreement,
    AgreementSection,
    AgreementVersion,
    Commitment,
    Party,
    Signature,
)
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

__all__ = [
    "Agreement", "AgreementSection", "AgreementVersion", "AssessmentSettings", "AuditEvent",
    "CheckAnswer", "ChecklistItem", "Commitment", "Criterion", "Decision", "Invitation",
    "ItemCompletion", "LoginAttempt", "LoginSession", "Membership", "Partner",
    "PartnerStatusChange", "PartnerTheme", "Party", "Plein", "Score", "Signature", "User",
]
