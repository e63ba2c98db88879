"""Partner register: create, edit, search, move through the pipeline, quick start.

Functions add to the session and record an audit event; the caller commits.
"""

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import EMAIL_RE, length_of
from plein.notes.models import Note
from plein.notes.service import add_note
from plein.partners.defaults import SUGGESTIONS, THEMES
from plein.partners.models import (
    STATUS_FLOW,
    Partner,
    PartnerKind,
    PartnerRole,
    PartnerStatus,
    PartnerStatusChange,
    PartnerTheme,
)
from plein.text import clean_line
from plein.urls import is_web_url

NAME_MAX, TEXT_MAX = length_of(Partner.name), 10_000
SORTS = {"naam": "name", "status": "status", "soort": "kind"}
MAX_PARTNERS = 500  # a municipality's whole social map, with room to spare
PAGE_SIZE = 50  # partners per page of the register


class StalePartner(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft deze partner intussen gewijzigd. Hieronder staan "
                         "jouw invoer en de opgeslagen gegevens; neem over wat je wilt bewaren.",
                         current)


def _register_query(plein, *, query="", status=None, kind=None, theme=None, sort="naam"):
    """The register, searched (name, category, contact, notes), filtered and sorted
    (``sort`` "status": in pipeline order) as one statement."""
    stmt = (select(Partner).where(Partner.plein_id == plein.id)
            .options(selectinload(Partner.themes)))
    query = clean_line(query or "")[:100]
    if query:
        escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(or_(*(func.lower(column).like(f"%{escaped}%", escape="\\")
                                for column in (Partner.name, Partner.category,
                                               Partner.contact_name)),
                             Partner.id.in_(select(Note.partner_id).where(
                                 func.lower(Note.body).like(f"%{escaped}%", escape="\\")))))
    if status in PartnerStatus.values():
        stmt = stmt.where(Partner.status == status)
    if kind in PartnerKind.values():
        stmt = stmt.where(Partner.kind == kind)
    if theme in THEMES:
        stmt = stmt.where(Partner.id.in_(
            select(PartnerTheme.partner_id).where(PartnerTheme.theme == theme)))
    pipeline = case({key: i for i, key in enumerate(PartnerStatus.values())}, value=Partner.status,
                    else_=99)
    order = {"status": [pipeline], "soort": [Partner.kind]}.get(sort, [])
    return stmt.order_by(*order, func.lower(Partner.name), Partner.id)


def list_partners(plein, *, query="", status=None, kind=None, theme=None, sort="naam"):
    """The register, searched (name, category, contact, notes) and filtered."""
    return db.session.scalars(_register_query(
        plein, query=query, status=status, kind=kind, theme=theme, sort=sort)).all()


def register_page(plein, page=1, *, per_page=None, **filters):
    """One page of the register as ``list_partners`` orders it: (partners, how many
    match, the page shown). A page past the end shows the last one."""
    per_page = per_page or PAGE_SIZE
    stmt = _register_query(plein, **filters)
    total = db.session.scalar(select(func.count()).select_from(
        stmt.with_only_columns(Partner.id).order_by(None).subquery()))
    page = max(1, min(page, -(-total // per_page) or 1))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total, page


def pipeline_counts(plein):
    """How many partners are in each status (every status present, zero or more)."""
    counts = dict.fromkeys(PartnerStatus.values(), 0)
    counts.update(db.session.execute(
        select(Partner.status, func.count()).where(Partner.plein_id == plein.id)
        .group_by(Partner.status)).all())
    return counts


def get_partner(plein, partner_id):
    """The partner with this id in this plein, or None (never one of another plein)."""
    return db.session.scalar(
        select(Partner).where(Partner.id == partner_id, Partner.plein_id == plein.id))


def _by_name(plein, name, *, exclude=None):
    """The partner of this plein with this name in any case (any alphabet: SQLite's
    lower() only folds ASCII, so the comparison happens here)."""
    wanted = clean_line(name or "").casefold()
    for partner_id, existing in db.session.execute(
            select(Partner.id, Partner.name).where(Partner.plein_id == plein.id)):
        if existing.casefold() == wanted and (exclude is None or partner_id != exclude.id):
            return db.session.get(Partner, partner_id)
    return None


def _clean_name(plein, name, *, exclude=None):
    name = clean_line(name or "")
    if not name:
        raise ServiceError("Vul de naam van de organisatie in.", "name")
    if len(name) > NAME_MAX:
        raise ServiceError(f"Een naam heeft hoogstens {NAME_MAX} tekens.", "name")
    clash = _by_name(plein, name, exclude=exclude)
    if clash is not None:
        raise ServiceError(f"'{clash.name}' staat al in het partnerregister.", "name")
    return name


# Features above the register may refuse a change of a partner's kind: the afwegingstabel
# refuses 'commercial' for a partner with a 'ja' whose four checks are not all yes. Such a
# feature registers a function (partner, new kind) that raises ServiceError; the register
# never imports it (imports point one way: DESIGN.md).
_KIND_GUARDS = []


def guard_kind_change(check):
    """Register ``check(partner, kind)``, called before an existing partner's kind
    changes; it refuses with a ServiceError. Usable as a decorator."""
    if check not in _KIND_GUARDS:
        _KIND_GUARDS.append(check)
    return check


def _one_line(fields, partner, name):
    """A one-line text field, whitespace tidied; too long is refused, never cut short."""
    value = clean_line(fields.get(name, getattr(partner, name)) or "")
    limit = length_of(getattr(Partner, name))
    if len(value) > limit:
        raise ServiceError(f"Gebruik hoogstens {limit} tekens.", name)
    return value


def _apply(partner, fields):
    """Check and copy the editable fields (not name, not status)."""
    kind, role = fields.get("kind", partner.kind), fields.get("role", partner.role)
    if kind not in PartnerKind.values():
        raise ServiceError("Kies een geldige soort organisatie.", "kind")
    if kind != partner.kind and partner.id is not None:
        for check in _KIND_GUARDS:
            check(partner, kind)
    if role not in PartnerRole.values():
        raise ServiceError("Kies een geldige rol op het plein.", "role")
    themes = list(dict.fromkeys(fields.get("themes", partner.theme_keys)))
    if any(theme not in THEMES for theme in themes):
        raise ServiceError("Kies thema's uit de lijst.", "themes")
    email = (fields.get("contact_email", partner.contact_email) or "").strip().lower()
    if email and not EMAIL_RE.match(email):
        raise ServiceError("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.",
                           "contact_email")
    website = (fields.get("website", partner.website) or "").strip()
    if website and not website.lower().startswith(("https://", "http://")):
        website = "https://" + website
    if website and not is_web_url(website) or len(website) > length_of(Partner.website):
        raise ServiceError("Vul een geldig webadres in, bijvoorbeeld https://organisatie.nl.",
                           "website")
    partner.category, partner.contact_name, partner.contact_phone = (
        _one_line(fields, partner, name) for name in ("category", "contact_name",
                                                      "contact_phone"))
    partner.kind, partner.role, partner.contact_email, partner.website = (
        kind, role, email, website)
    if sorted(themes) != sorted(partner.theme_keys):
        partner.themes = [PartnerTheme(theme=theme) for theme in themes]


def create_partner(plein, *, by, name, notes="", **fields):
    """A new candidate; ``notes``, when given, is the first note of its thread."""
    count = db.session.scalar(select(func.count()).select_from(Partner).where(
        Partner.plein_id == plein.id))
    if count >= MAX_PARTNERS:
        raise ServiceError(f"Het register heeft {MAX_PARTNERS} partners, het maximum. Haal "
                           "eerst kandidaten weg die niet meer in beeld zijn.", "name")
    partner = Partner(plein_id=plein.id, name=_clean_name(plein, name),
                      status=PartnerStatus.CANDIDATE, kind=PartnerKind.PROFESSIONAL,
                      role=PartnerRole.BOTH, category="", contact_name="", contact_email="",
                      contact_phone="", website="")
    _apply(partner, fields)
    db.session.add(partner)
    db.session.flush()
    db.session.add(PartnerStatusChange(partner_id=partner.id, to_status=PartnerStatus.CANDIDATE,
                                       user_id=by.id if by else None))
    audit.record("partner.create", f"Partner {partner.name} toegevoegd", plein=plein,
                 obj=partner, user=by)
    if (notes or "").strip():
        try:
            add_note(plein, partner, notes, by=by)
        except ServiceError as error:  # on the form, the field is still called "notes"
            raise ServiceError(str(error), "notes") from None
    return partner


def find_or_create(plein, name, *, by=None):
    """The partner with this name (any case), or a new candidate with it."""
    return _by_name(plein, name) or create_partner(plein, by=by, name=name)


def update_partner(plein, partner, *, by, expected_version, name, **fields):
    check_version(partner, expected_version, StalePartner(partner))
    partner.name = _clean_name(plein, name, exclude=partner)
    _apply(partner, fields)
    audit.record("partner.update", f"Gegevens van {partner.name} bijgewerkt", plein=plein,
                 obj=partner, user=by)


def next_statuses(partner):
    return STATUS_FLOW.get(partner.status, ())


def set_status(plein, partner, status, *, by, note="", force=False):
    """Move a partner along the pipeline; ``force`` skips the flow check (decisions)."""
    if status not in PartnerStatus.values():
        raise ServiceError("Kies een geldige status.", "status")
    if status == partner.status:
        return
    if not force and status not in next_statuses(partner):
        raise ServiceError(f"Van '{partner.status_label}' kan een partner niet direct naar "
                           f"'{PartnerStatus(status).label}'.", "status")
    note = clean_line(note or "")
    if len(note) > length_of(PartnerStatusChange.note):
        raise ServiceError(f"Gebruik hoogstens {length_of(PartnerStatusChange.note)} tekens.",
                           "note")
    db.session.add(PartnerStatusChange(partner_id=partner.id, from_status=partner.status,
                                       to_status=status, note=note, user_id=by.id))
    old = partner.status_label
    partner.status = status
    audit.record("partner.status", f"{partner.name}: {old} → {partner.status_label}"
                 + (f" ({note})" if note else ""), plein=plein, obj=partner, user=by)


def suggestions_for(plein):
    """The suggested partners, each with whether the register already has that name."""
    existing = {name.casefold() for name in db.session.scalars(
        select(Partner.name).where(Partner.plein_id == plein.id))}
    return [(s, s.name.casefold() in existing) for s in SUGGESTIONS]


def add_suggestions(plein, names, *, by):
    """Quick start: add the chosen suggestions as candidates; returns those added."""
    chosen = {s.name: s for s in SUGGESTIONS}
    added = []
    for name in dict.fromkeys(names):
        suggestion = chosen.get(name)
        if suggestion is None:
            raise ServiceError("Kies partners uit de lijst met suggesties.", "names")
        if _by_name(plein, name) is not None:
            continue
        added.append(create_partner(
            plein, by=by, name=suggestion.name, kind=suggestion.kind,
            category=suggestion.category, themes=list(suggestion.themes),
            role=suggestion.role, notes=suggestion.note))
    return added
