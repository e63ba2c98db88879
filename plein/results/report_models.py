"""The voortgangsrapportage (issue 19, point 5): a report the lead composes for a period
and publishes as a numbered version that never changes, and the MT's comments on it.

``Report`` is the draft: the period and the lead's short text per section. Publishing
it renders every section (``plein.results.report_sections``) into plain data, stores
that as canonical JSON with its SHA-256 in a ``ReportVersion`` (numbered per plein) and
leaves the draft frozen beside it: the next report is a new draft. Versions and
comments are append-only (a flush that changes or deletes them raises), like the plan's
snapshots and their thread.
"""

import json
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

TEXT_MAX = 3_000  # the lead's text per section
COMMENT_MAX = 2_000
MAX_VERSIONS = 200  # per plein; fifty years of quarters


class Period(Vocabulary):
    """How long a report's period is (it starts on the first of a month)."""

    QUARTER = "quarter", "Kwartaal"
    HALF = "half", "Halfjaar"
    YEAR = "year", "Jaar"


MONTHS = {Period.QUARTER: 3, Period.HALF: 6, Period.YEAR: 12}


class Report(db.Model):
    """A report being composed (or, once ``published`` is set, the draft it came from)."""

    __tablename__ = "results_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date] = mapped_column(Date)
    texts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {section key: text}
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    published = relationship("ReportVersion", uselist=False, back_populates="report",
                             lazy="joined")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def text_of(self):
        return json.loads(self.texts or "{}")

    @property
    def period_label(self):
        return Period.label_of(self.period)


class ReportVersion(db.Model):
    """A published report: every section's data as canonical JSON, never changed."""

    __tablename__ = "results_report_versions"
    __table_args__ = (UniqueConstraint("plein_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("results_reports.id"), unique=True)
    number: Mapped[int]
    period: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    report = relationship("Report", back_populates="published")
    published_by = relationship("User", lazy="joined")
    comments = relationship("ReportComment", order_by="ReportComment.id",
                            back_populates="version")

    @property
    def data(self):
        return json.loads(self.content)

    @property
    def period_label(self):
        return Period.label_of(self.period)


class ReportComment(db.Model):
    """A message in the thread on a published version (the MT asks, the lead answers)."""

    __tablename__ = "results_report_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_version_id: Mapped[int] = mapped_column(
        ForeignKey("results_report_versions.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version = relationship("ReportVersion", back_populates="comments")
    author = relationship("User", lazy="joined")


class Immutable(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _published_reports_do_not_change(session, _context, _instances):
    """A published version and its comments are never changed or deleted, and neither is
    the draft a version was published from."""
    frozen = (ReportVersion, ReportComment)
    for obj in session.deleted:
        if isinstance(obj, frozen) or isinstance(obj, Report) and obj.published:
            raise Immutable(f"a published {type(obj).__name__} is never deleted")
    for obj in session.dirty:
        if not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, frozen) or isinstance(obj, Report) and obj.published and (
                db.inspect(obj.published).persistent):
            raise Immutable(f"a published {type(obj).__name__} never changes")
