"""Partner organisations of a plein (the register): Partner, its themes and its dated
status history. (The afwegingstabel's tables are in ``plein.assessment.models``.)
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from plein.extensions import db
from plein.notes.models import Note
from plein.partners.defaults import THEMES
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary


class PartnerKind(Vocabulary):
    """What sort of organisation a partner is (``Partner.kind``)."""

    PROFESSIONAL = "professional", "Professionele organisatie"
    VOLUNTEER = "volunteer", "Vrijwilligersinitiatief"
    COMMERCIAL = "commercial", "Commercieel"
    GOVERNMENT = "government", "Gemeente of overheid"


class PartnerRole(Vocabulary):
    """What a partner does on the plein (``Partner.role``; not a person's ``Role``)."""

    REFERRER = "referrer", "Doorverwijzer / vindplaats"
    PROVIDER = "provider", "Aanbieder / expertise"
    BOTH = "both", "Doorverwijzer én aanbieder"


class PartnerStatus(Vocabulary):
    """Where a partner is in the pipeline (``Partner.status``), in pipeline order."""

    CANDIDATE = "candidate", "Kandidaat"
    WEIGHING = "weighing", "In afweging"
    APPROACHED = "approached", "Benaderd"
    PARTICIPATING = "participating", "Doet mee"
    STOPPED = "stopped", "Gestopt"
    REJECTED = "rejected", "Afgewezen"


# Where a partner may go from each status. Deliberately a little permissive: a decision
# ``ja`` may move a candidate straight to "approached", a stopped partner may come back
# (directly or after a new weighing), and a rejected one may be reconsidered.
_S = PartnerStatus
STATUS_FLOW: dict[PartnerStatus, tuple[PartnerStatus, ...]] = {
    _S.CANDIDATE: (_S.WEIGHING, _S.APPROACHED, _S.REJECTED),
    _S.WEIGHING: (_S.APPROACHED, _S.REJECTED, _S.CANDIDATE),
    _S.APPROACHED: (_S.PARTICIPATING, _S.REJECTED, _S.WEIGHING),
    _S.PARTICIPATING: (_S.STOPPED,),
    _S.STOPPED: (_S.PARTICIPATING, _S.WEIGHING),
    _S.REJECTED: (_S.CANDIDATE, _S.WEIGHING),
}


class Partner(db.Model):
    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("plein_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=PartnerKind.PROFESSIONAL)
    category: Mapped[str] = mapped_column(String(80), default="")
    role: Mapped[str] = mapped_column(String(10), default=PartnerRole.BOTH)
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default=PartnerStatus.CANDIDATE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)
    # how many notes its thread has (the register shows "2 notities"), in the same query
    note_count = column_property(select(func.count(Note.id)).where(Note.partner_id == id)
                                 .correlate_except(Note).scalar_subquery())

    # loaded on use; the register list asks for them with selectinload (loading them
    # with every partner cost a query on each page that merely names partners)
    themes = relationship("PartnerTheme", cascade="all, delete-orphan",
                          order_by="PartnerTheme.theme")
    history = relationship("PartnerStatusChange", cascade="all, delete-orphan",
                           order_by="PartnerStatusChange.id.desc()")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.name

    @property
    def theme_keys(self):
        return [t.theme for t in self.themes]

    @property
    def theme_labels(self):
        return [THEMES.get(t.theme, t.theme) for t in self.themes]

    @property
    def kind_label(self):
        return PartnerKind.label_of(self.kind, self.kind)

    @property
    def role_label(self):
        return PartnerRole.label_of(self.role, self.role)

    @property
    def status_label(self):
        return PartnerStatus.label_of(self.status, self.status)

    @property
    def is_commercial(self):
        return self.kind == PartnerKind.COMMERCIAL


class PartnerTheme(db.Model):
    __tablename__ = "partner_themes"
    __table_args__ = (UniqueConstraint("partner_id", "theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(30), index=True)


class PartnerStatusChange(db.Model):
    """One step in a partner's pipeline, with who and when."""

    __tablename__ = "partner_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", lazy="joined")

    @property
    def to_label(self):
        return PartnerStatus.label_of(self.to_status, self.to_status)

    @property
    def from_label(self):
        return PartnerStatus.label_of(self.from_status, self.from_status or "")
