"""The plan: editing, budget, and submitting snapshots to the MT (reviews: plan/reviews.py).

Functions add to the session and record audit events; the caller commits.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.numbers import euro, parse_amount
from plein.partners import service as partners
from plein.plan.models import (
    BudgetLine,
    CostKind,
    FundingKind,
    FundingStatus,
    Plan,
    PlanPartner,
    PlanSection,
    PlanSnapshot,
    PleinShape,
    SupportReview,
)
from plein.seal import canonical as _canonical
from plein.seal import fingerprint
from plein.text import clean_line
from plein.timeutil import utcnow

# (key, title, what to write) — the questions of "op papier zetten" and the feasibility
# aspects, in the order an MT member reads them.
SECTIONS = (
    ("why", "Waarom een Ontwikkelplein?",
     "Welke vragen en problemen zie je bij inwoners, en waarom kan de bibliotheek hier "
     "samen met partners iets aan doen?"),
    ("result", "Beoogd resultaat",
     "Wat is er over een jaar anders? Maak het zo concreet mogelijk."),
    ("target_groups", "Doelgroepen",
     "Begin klein: kies één of twee groepen om je eerst op te richten."),
    ("preconditions", "Randvoorwaarden",
     "Wat moet geregeld zijn voordat je start (openingstijden, privacy, kwaliteit)?"),
    ("partners", "Partners",
     "Met wie wil je beginnen en wat voegen zij toe? Kies hieronder ook de partners uit "
     "het register."),
    ("location", "Haalbaarheid: locatie",
     "In of buiten de bibliotheek? Hoeveel ruimte is er nodig en is die er?"),
    ("finance", "Haalbaarheid: financiën",
     "Hoe betaal je inrichting, personeel en marketing? De bedragen staan in de begroting."),
    ("staff", "Haalbaarheid: personeel",
     "Werk je met vrijwilligers, betaalde krachten of allebei, en wie doet wat?"),
    ("support", "Haalbaarheid: intern draagvlak",
     "Wat vinden directie en MT ervan, en wat is er al besproken?"),
    ("responsibility", "Haalbaarheid: verantwoordelijkheid",
     "Wie trekt het project, komt er een projectteam en is er extra formatie nodig?"),
    ("form_explained", "Gekozen vorm",
     "Waarom past deze vorm bij jullie bibliotheek en jullie partners?"),
)
SECTION_TITLES = {key: title for key, title, _hint in SECTIONS}
HINTS = {key: hint for key, _title, hint in SECTIONS}
# Without these an MT member has nothing to judge.
REQUIRED_SECTIONS = ("why", "result", "target_groups")

BODY_MAX = 10_000
NAME_MAX = 120
LINE_MAX = 200
AMOUNT_MAX = Decimal("10000000")
AMOUNT_TEXT_MAX = 20  # characters of a typed amount ("1.250.000,00")
COMMENT_MAX = 5_000
# Upper bounds of one plan (each with a Dutch refusal where it is reached)
LINE_LIMIT = 60  # budget lines per plan
CONDITIONS_MAX = 10  # conditions in one review (each becomes a checklist item)
REVIEWS_MAX = 20  # reviews of one plan version by one MT member (a changed mind, again)


class StalePlan(StaleError):
    def __init__(self, current=None):
        super().__init__("Iemand anders heeft het plan intussen gewijzigd. Hieronder staat "
                         "jouw tekst naast wat nu is opgeslagen; neem over wat je wilt "
                         "houden en sla opnieuw op.", current)


class StaleLine(StaleError):
    def __init__(self, current=None, *, deleting=False):
        super().__init__("Iemand anders heeft deze begrotingsregel intussen gewijzigd. " + (
            "Hij is niet verwijderd; bekijk wat nu is opgeslagen en verwijder hem opnieuw "
            "als dat nodig is." if deleting else "Jouw invoer staat nog in het formulier; "
            "daaronder zie je wat nu is opgeslagen."), current)


# -- the draft -----------------------------------------------------------------------

def plan_of(plein):
    return db.session.scalar(select(Plan).where(Plan.plein_id == plein.id))


def start(plein, *, by):
    """The plan with its empty sections (the existing one when there is one)."""
    plan = plan_of(plein)
    if plan is not None:
        return plan
    plan = Plan(plein_id=plein.id, sections=[
        PlanSection(key=key, title=title, position=position)
        for position, (key, title, _hint) in enumerate(SECTIONS)])
    db.session.add(plan)
    db.session.flush()
    audit.record("plan.start", "Plan begonnen", plein=plein, obj=plan, user=by)
    return plan


def checked_text(text, label, maximum, field=None):
    """``text`` without surrounding space; refused (never cut short) when too long or
    holding a NUL (``plein.text`` then tidies it further where a line is wanted)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise ServiceError(f"{label} bevat een ongeldig teken.", field)
    if len(text) > maximum:
        raise ServiceError(f"{label}: gebruik hoogstens {maximum} tekens.", field)
    return text


def update(plein, plan, *, by, expected_version, name, shape, bodies, partner_ids):
    """Save the plan's texts, name, shape and partners. ``name`` or ``shape`` None, a
    section missing from ``bodies`` or ``partner_ids`` None: left as it is. Returns what
    changed (labels)."""
    check_version(plan, expected_version, StalePlan(plan))
    changed = []
    if name is not None:
        name = clean_line(checked_text(name, "De naam", NAME_MAX, "name"))
        if name != plan.name:
            plan.name = name
            changed.append("naam")
    if shape is not None:
        if shape and shape not in PleinShape.values():
            raise ServiceError("Kies een van de vormen uit de lijst.", "shape")
        if shape != plan.shape:
            plan.shape = shape
            changed.append("vorm")
    for section in plan.sections:
        if section.key not in bodies:
            continue
        body = checked_text(bodies[section.key], section.title, BODY_MAX,
                          f"section-{section.key}")
        if body != section.body:
            section.body = body
            changed.append(section.title)
    if partner_ids is not None:
        known = {p.id for p in partners.list_partners(plein)}
        wanted = {int(i) for i in partner_ids if str(i).isdigit() and int(i) in known}
        present = {link.partner_id for link in plan.partner_links}
        if wanted != present:
            plan.partner_links = [link for link in plan.partner_links
                                  if link.partner_id in wanted]
            plan.partner_links += [PlanPartner(partner_id=i) for i in sorted(wanted - present)]
            changed.append("partners")
    if changed:
        plan.updated_at = utcnow()  # also raises the plan's version: open forms go stale
        audit.record("plan.edit", "Plan gewijzigd: " + ", ".join(changed), plein=plein,
                     obj=plan, user=by)
    return changed


# -- budget --------------------------------------------------------------------------

def get_line(plan, line_id):
    return next((line for line in plan.budget_lines if line.id == line_id), None)


def _line_values(kind, description, amount, status):
    if kind not in CostKind.values() and kind not in FundingKind.values():
        raise ServiceError("Kies een soort kosten of financiering.", "kind")
    description = clean_line(checked_text(description, "De omschrijving", LINE_MAX,
                                          "description"))
    if not description:
        raise ServiceError("Vul een omschrijving in, bijvoorbeeld ‘Twee pc’s en een printer’.",
                           "description")
    value = parse_amount(amount, "Het bedrag", AMOUNT_MAX)  # shown above the line's fields
    if kind in FundingKind.values():
        if status not in FundingStatus.values():
            raise ServiceError("Kies of de financiering is aangevraagd, toegezegd of "
                               "afgewezen.", "status")
    else:
        status = None
    return {"kind": kind, "description": description, "amount": value, "status": status}


def add_line(plein, plan, *, by, kind, description, amount, status=None):
    if len(plan.budget_lines) >= LINE_LIMIT:
        raise ServiceError(f"Een begroting heeft hoogstens {LINE_LIMIT} regels.")
    line = BudgetLine(**_line_values(kind, description, amount, status))
    plan.budget_lines.append(line)
    db.session.flush()
    audit.record("plan.budget_add", f"Begroting: {line.kind_label} ‘{line.description}’ "
                 f"{euro(line.amount)} toegevoegd", plein=plein, obj=plan, user=by)
    return line


def update_line(plein, plan, line, *, by, expected_version, kind, description, amount,
                status=None):
    check_version(line, expected_version, StaleLine(line))
    values = _line_values(kind, description, amount, status)
    if all(getattr(line, key) == value for key, value in values.items()):
        return False
    for key, value in values.items():
        setattr(line, key, value)
    audit.record("plan.budget_edit", f"Begroting: ‘{line.description}’ gewijzigd naar "
                 f"{euro(line.amount)}", plein=plein, obj=plan, user=by)
    return True


def delete_line(plein, plan, line, *, by, expected_version=None):
    """Take a line out of the budget as the person saw it (``expected_version``)."""
    if expected_version is not None:
        check_version(line, expected_version, StaleLine(line, deleting=True))
    plan.budget_lines.remove(line)
    audit.record("plan.budget_delete", f"Begroting: ‘{line.description}’ "
                 f"({euro(line.amount)}) verwijderd", plein=plein, obj=plan, user=by)


@dataclass(frozen=True)
class Budget:
    setup: Decimal  # one-off
    yearly: Decimal  # staff + marketing, per year
    costs: Decimal  # the first year: setup + yearly
    pledged: Decimal
    requested: Decimal
    rejected: Decimal
    gap: Decimal  # costs not covered by pledged funding (negative: a surplus)
    gap_if_granted: Decimal  # ... when every request is granted too


def budget(lines):
    """Totals of budget lines (models or the dicts of a snapshot)."""
    def total(pick):
        return sum((Decimal(str(_get(line, "amount"))) for line in lines if pick(line)),
                   Decimal("0"))

    setup = total(lambda line: _get(line, "kind") == CostKind.SETUP)
    yearly = total(lambda line: _get(line, "kind") in (CostKind.STAFF, CostKind.MARKETING))
    pledged, requested, rejected = (
        total(lambda line, status=status: _get(line, "kind") in FundingKind.values()
              and _get(line, "status") == status)
        for status in (FundingStatus.PLEDGED, FundingStatus.REQUESTED, FundingStatus.REJECTED))
    costs = setup + yearly
    return Budget(setup=setup, yearly=yearly, costs=costs, pledged=pledged,
                  requested=requested, rejected=rejected, gap=costs - pledged,
                  gap_if_granted=costs - pledged - requested)


def _get(line, key):
    return line[key] if isinstance(line, dict) else getattr(line, key)


# -- submitting ------------------------------------------------------------------------

def content(plan):
    """What an MT member reviews: everything of the plan, as plain data."""
    return {
        "name": plan.name,
        "form": plan.shape,  # the snapshot's key since 0005: snapshots never change
        "sections": [{"key": s.key, "title": s.title, "body": s.body}
                     for s in plan.sections],
        "partners": sorted(({"id": link.partner_id, "name": link.partner.name}
                            for link in plan.partner_links), key=lambda p: p["name"].lower()),
        "budget": [{"kind": line.kind, "description": line.description,
                    "amount": str(line.amount), "status": line.status}
                   for line in plan.budget_lines],
    }


def snapshots(plan):
    """Every snapshot, newest first."""
    return db.session.scalars(select(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id)
                              .order_by(PlanSnapshot.number.desc())).all()


def latest_snapshot(plein):
    """The plein's newest snapshot, if any (its text is loaded when first read: the gate
    asks for this on every dashboard and roadmap page)."""
    return db.session.scalar(
        select(PlanSnapshot).join(Plan).where(Plan.plein_id == plein.id)
        .order_by(PlanSnapshot.number.desc()).limit(1).options(defer(PlanSnapshot.content)))


def get_snapshot(plan, number):
    """The snapshot with its reviews, their conditions and the thread loaded."""
    return db.session.scalar(
        select(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id,
                                   PlanSnapshot.number == number)
        .options(selectinload(PlanSnapshot.reviews).selectinload(SupportReview.conditions),
                 selectinload(PlanSnapshot.messages)))


def _comparable(data):
    """The plan's own content: a partner renamed in the register is no plan change."""
    return _canonical({**data, "partners": sorted(p["id"] for p in data["partners"])})


def seen_hash(plan):
    """A short fingerprint of the plan as shown, so a submit of text someone has not seen
    (a budget line changed in another tab, say) is refused."""
    return fingerprint(_comparable(content(plan)))[:16]


def has_unsubmitted_changes(plan, latest):
    """True when the plan differs from ``latest`` (its newest snapshot, or None)."""
    return latest is None or _comparable(content(plan)) != _comparable(latest.data)


class ChangedBeforeSubmit(StaleError):
    def __init__(self, current=None):
        super().__init__("Het plan is gewijzigd sinds je deze pagina opende. Lees het na en "
                         "dien het daarna opnieuw in.", current)


def submit(plein, plan, *, by, expected_version, note="", seen=None):
    """Freeze the plan as snapshot n+1 and ask the MT to review it. ``seen`` is the
    seen_hash() of the page the lead submitted from."""
    check_version(plan, expected_version, ChangedBeforeSubmit(plan))
    if seen is not None and seen != seen_hash(plan):
        raise ChangedBeforeSubmit(plan)
    empty = [SECTION_TITLES[s.key] for s in plan.sections
             if s.key in REQUIRED_SECTIONS and not s.body.strip()]
    if empty:
        raise ServiceError("Vul eerst in: " + ", ".join(empty) + ". Zonder die onderdelen "
                           "heeft het MT niets om te beoordelen.")
    latest = latest_snapshot(plein)
    if not has_unsubmitted_changes(plan, latest):
        raise ServiceError(f"Het plan is niet gewijzigd sinds versie {latest.number}; die "
                           "ligt al bij het MT.")
    note = checked_text(note, "Je toelichting", COMMENT_MAX, "note")
    number = (latest.number if latest else 0) + 1
    snapshot = PlanSnapshot(plan_id=plan.id, number=number, content=_canonical(content(plan)),
                            note=note, submitted_by_id=by.id)
    db.session.add(snapshot)
    db.session.flush()  # a second submit racing this one hits the unique number: 409
    audit.record("plan.submit", f"Plan versie {number} ingediend bij het MT", plein=plein,
                 obj=snapshot, user=by)
    from plein.plan import notices  # it reads this module's models only

    notices.review_requested(plein, snapshot, by=by)
    return snapshot
