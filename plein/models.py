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
    Accession,
    AccessionAnswer,
    Agreement,
    AgreementSection,
    AgreementVersion,
    Commitment,
    ContractReminder,
    Party,
    Signature,
    Withdrawal,
)
from plein.assessment.models import AssessmentSettings, CheckAnswer, Criterion, Decision, Score
from plein.audit import AuditEvent
from plein.communication.models import Audience, CalendarItem, ChannelFigure, CommunicationPlan
from plein.desk.models import Referral, ReferralAgreement, Tally
from plein.mail.models import MailPreference, OutboxMessage
from plein.meetings.models import Meeting, MeetingAction
from plein.notes.models import Note
from plein.partners.models import Partner, PartnerStatusChange, PartnerTheme
from plein.plan.models import (
    BudgetLine,
    Plan,
    PlanMessage,
    PlanPartner,
    PlanSection,
    PlanSnapshot,
    ReviewCondition,
    SupportReview,
)
from plein.programme.links import ProgrammeLink
from plein.programme.models import (
    Activity,
    ClosingDay,
    DayPart,
    OccurrenceChange,
    Room,
    Schedule,
    Theme,
)
from plein.results.evaluation_models import Evaluation, Improvement, PartnerAnswer
from plein.results.models import Goal, Measurement
from plein.results.report_models import Report, ReportComment, ReportVersion
from plein.results.success_models import SuccessStory
from plein.roadmap.models import ChecklistItem, ItemCompletion

__all__ = [
    "Accession", "AccessionAnswer", "ContractReminder", "Withdrawal",
    "Agreement", "AgreementSection", "AgreementVersion", "AssessmentSettings", "AuditEvent",
    "BudgetLine", "CheckAnswer", "ChecklistItem", "Commitment", "Criterion", "Decision",
    "Invitation", "ItemCompletion", "LoginAttempt", "LoginSession", "MailPreference",
    "Membership", "Note", "OutboxMessage", "Partner", "PartnerStatusChange", "PartnerTheme",
    "Party", "Plan", "PlanMessage", "PlanPartner",
    "PlanSection", "PlanSnapshot", "Plein", "ReviewCondition", "Score", "Signature",
    "SupportReview", "User",
    "Activity", "ClosingDay", "DayPart", "OccurrenceChange", "Room", "Schedule", "Theme",
    "Referral",
    "ReferralAgreement",
    "Tally",
    "ProgrammeLink",
    "Tally", "Goal", "Measurement",
    "Report", "ReportComment", "ReportVersion",
    "Audience", "CalendarItem", "ChannelFigure", "CommunicationPlan",
    "Meeting", "MeetingAction",
    "SuccessStory",
    "Evaluation", "Improvement", "PartnerAnswer",
]
