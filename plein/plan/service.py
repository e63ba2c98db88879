"""The plan: editing, budget, submitting snapshots to the MT, reviews, questions, the gate.

Functions add to the session and record audit events; the caller commits.
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from plein import audit
from plein.accounts.models import Membership, User
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.numbers import euro, parse_amount
from plein.partners import service as partners
from plein.plan.models import (
    COST_KINDS,
    DECISIONS,
    FORMS,
    FUNDING_KINDS,
    FUNDING_STATUSES,
    BudgetLine,
    Plan,
    PlanMessage,
    PlanPartner,
    PlanSection,
    PlanSnapshot,
    ReviewCondition,
    SupportReview,
)
from plein.roadmap import gates
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase
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
COMMENT_MAX = 5_000
CONDITIONS_MAX = 10
LINE_LIMIT = 60  # budget lines per plan


class StalePlan(StaleError):
    def __init__(self, current=None):
        super().__init__("Iemand anders heeft het plan intussen gewijzigd. Hieronder staat "
                         "jouw tekst naast wat nu is opgeslagen; neem over wat je wilt "
                         "houden en sla opnieuw op.", current)


class NewerSnapshot(ServiceError):
    def __init__(self, latest):
        super().__init__(f"Er is intussen een nieuwere versie van het plan ingediend. Je "
                         f"beoordeling gaat over versie {latest.number}; je tekst staat "
                         "hieronder klaar.")
        self.latest = latest


class StaleLine(StaleError):
    def __init__(self, current=None):
        super().__init__("Iemand anders heeft deze begrotingsregel intussen gewijzigd. Jouw "
                         "invoer staat nog in het formulier; daaronder zie je wat nu is "
                         "opgeslagen.", current)


def _path(endpoint, **values):
    """A URL path without needing a request (services also run from the CLI)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


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


def _clean_text(text, label, maximum):
    text = (text or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise ServiceError(f"{label} bevat een ongeldig teken.")
    if len(text) > maximum:
        raise ServiceError(f"{label}: gebruik hoogstens {maximum} tekens.")
    return text


def update(plein, plan, *, by, expected_version, name, form, bodies, partner_ids):
    """Save the plan's texts, name, form and partners. Returns what changed (labels)."""
    check_version(plan, expected_version, StalePlan(plan))
    changed = []
    name = " ".join(_clean_text(name, "De naam", NAME_MAX).split())
    if name != plan.name:
        plan.name = name
        changed.append("naam")
    form = form or ""
    if form and form not in FORMS:
        raise ServiceError("Kies een van de vormen uit de lijst.")
    if form != plan.form:
        plan.form = form
        changed.append("vorm")
    for section in plan.sections:
        if section.key not in bodies:
            continue
        body = _clean_text(bodies[section.key], section.title, BODY_MAX)
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
        plan.updated_at = utcnow()
        audit.record("plan.edit", "Plan gewijzigd: " + ", ".join(changed), plein=plein,
                     obj=plan, user=by)
    return changed


# -- budget --------------------------------------------------------------------------

def get_line(plan, line_id):
    return next((line for line in plan.budget_lines if line.id == line_id), None)


def _line_values(kind, description, amount, status):
    if kind not in COST_KINDS and kind not in FUNDING_KINDS:
        raise ServiceError("Kies een soort kosten of financiering.")
    description = " ".join(_clean_text(description, "De omschrijving", LINE_MAX).split())
    if not description:
        raise ServiceError("Vul een omschrijving in, bijvoorbeeld ‘Twee pc’s en een printer’.")
    value = parse_amount(amount, "Het bedrag", AMOUNT_MAX)
    if kind in FUNDING_KINDS:
        if status not in FUNDING_STATUSES:
            raise ServiceError("Kies of de financiering is aangevraagd, toegezegd of "
                               "afgewezen.")
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


def delete_line(plein, plan, line, *, by):
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

    setup = total(lambda line: _get(line, "kind") == "setup")
    yearly = total(lambda line: _get(line, "kind") in ("staff", "marketing"))
    funding = {status: total(lambda line, status=status: _get(line, "kind") in FUNDING_KINDS
                             and _get(line, "status") == status)
               for status in FUNDING_STATUSES}
    costs = setup + yearly
    return Budget(setup=setup, yearly=yearly, costs=costs, pledged=funding["pledged"],
                  requested=funding["requested"], rejected=funding["rejected"],
                  gap=costs - funding["pledged"],
                  gap_if_granted=costs - funding["pledged"] - funding["requested"])


def _get(line, key):
    return line[key] if isinstance(line, dict) else getattr(line, key)


# -- submitting ------------------------------------------------------------------------

def content(plan):
    """What an MT member reviews: everything of the plan, as plain data."""
    return {
        "name": plan.name,
        "form": plan.form,
        "sections": [{"key": s.key, "title": s.title, "body": s.body}
                     for s in plan.sections],
        "partners": sorted(({"id": link.partner_id, "name": link.partner.name}
                            for link in plan.partner_links), key=lambda p: p["name"].lower()),
        "budget": [{"kind": line.kind, "description": line.description,
                    "amount": str(line.amount), "status": line.status}
                   for line in plan.budget_lines],
    }


def _canonical(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshots(plan):
    """Every snapshot, newest first."""
    return db.session.scalars(select(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id)
                              .order_by(PlanSnapshot.number.desc())).all()


def latest_snapshot(plan):
    if plan is None:
        return None
    return db.session.scalar(select(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id)
                             .order_by(PlanSnapshot.number.desc()).limit(1))


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
    return hashlib.sha256(_comparable(content(plan)).encode()).hexdigest()[:16]


def has_unsubmitted_changes(plan, latest=None):
    latest = latest or latest_snapshot(plan)
    return latest is None or _comparable(content(plan)) != _comparable(latest.data)


class ChangedBeforeSubmit(ServiceError):
    def __init__(self):
        super().__init__("Het plan is gewijzigd sinds je deze pagina opende. Lees het na en "
                         "dien het daarna opnieuw in.")


def submit(plein, plan, *, by, expected_version, note="", seen=None):
    """Freeze the plan as snapshot n+1 and ask the MT to review it. ``seen`` is the
    seen_hash() of the page the lead submitted from."""
    check_version(plan, expected_version, ChangedBeforeSubmit())
    if seen is not None and seen != seen_hash(plan):
        raise ChangedBeforeSubmit()
    empty = [SECTION_TITLES[s.key] for s in plan.sections
             if s.key in REQUIRED_SECTIONS and not s.body.strip()]
    if empty:
        raise ServiceError("Vul eerst in: " + ", ".join(empty) + ". Zonder die onderdelen "
                           "heeft het MT niets om te beoordelen.")
    latest = latest_snapshot(plan)
    if not has_unsubmitted_changes(plan, latest):
        raise ServiceError(f"Het plan is niet gewijzigd sinds versie {latest.number}; die "
                           "ligt al bij het MT.")
    note = _clean_text(note, "Je toelichting", COMMENT_MAX)
    number = (latest.number if latest else 0) + 1
    snapshot = PlanSnapshot(plan_id=plan.id, number=number, content=_canonical(content(plan)),
                            note=note, submitted_by_id=by.id)
    db.session.add(snapshot)
    db.session.flush()  # a second submit racing this one hits the unique number: 409
    audit.record("plan.submit", f"Plan versie {number} ingediend bij het MT", plein=plein,
                 obj=snapshot, user=by)
    return snapshot


# -- reviews and questions ---------------------------------------------------------------

def mt_member_ids(plein):
    return set(db.session.scalars(select(Membership.user_id).where(
        Membership.plein_id == plein.id, Membership.role == "mt")))


def current_reviews(plein, snapshot):
    """Each current MT member's latest review of this snapshot, in the order given. (A
    review by someone who has left the MT stays readable but no longer counts.)"""
    members = mt_member_ids(plein)
    latest = {}
    for review in snapshot.reviews:
        if review.user_id in members:
            latest.pop(review.user_id, None)
            latest[review.user_id] = review
    return list(latest.values())


def answered(snapshot):
    """Ids of question reviews on this snapshot that have an answer."""
    return {m.answers_id for m in snapshot.messages if m.answers_id}


def open_questions(plein, snapshot):
    done = answered(snapshot)
    return [r for r in current_reviews(plein, snapshot)
            if r.decision == "questions" and r.id not in done]


def condition_phase(plein):
    """Conditions are met while preparing, or now when the plein is further along."""
    current = Phase(plein.current_phase)
    return Phase.PREPARATION if current.number <= Phase.PREPARATION.number else current


def _conditions(text):
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line.lstrip("-•* ").strip() for line in lines]
    lines = [line for line in lines if line]
    if len(lines) > CONDITIONS_MAX:
        raise ServiceError(f"Geef hoogstens {CONDITIONS_MAX} voorwaarden, één per regel.")
    too_long = [line for line in lines if len(line) > LINE_MAX]
    if too_long:
        raise ServiceError(f"Een voorwaarde heeft hoogstens {LINE_MAX} tekens; maak "
                           f"‘{too_long[0][:40]}…’ korter of verdeel haar over twee regels.")
    return lines


def review(plein, plan, snapshot, *, by, decision, comment="", conditions=""):
    """Record ``by``'s judgement of ``snapshot``; conditions become required checklist
    items in the phase where they must be met, linked back to this review."""
    if decision not in DECISIONS:
        raise ServiceError("Kies je oordeel: steun, steun onder voorwaarden, geen steun of "
                           "vragen.")
    latest = latest_snapshot(plan)
    if snapshot.id != latest.id:
        raise NewerSnapshot(latest)
    comment = _clean_text(comment, "Je toelichting", COMMENT_MAX)
    lines = _conditions(conditions) if decision == "conditional" else []
    if decision == "conditional" and not lines:
        raise ServiceError("Schrijf bij ‘steun onder voorwaarden’ minstens één voorwaarde, "
                           "één per regel.")
    if decision == "questions" and not comment:
        raise ServiceError("Schrijf je vraag of vragen in de toelichting.")
    if decision == "no_support" and not comment:
        raise ServiceError("Licht toe waarom je het plan niet steunt, zodat de "
                           "projectleider er iets mee kan.")
    previous = next((r for r in reversed(snapshot.reviews) if r.user_id == by.id), None)
    if previous is not None and (previous.decision, previous.comment,
                                 [c.text for c in previous.conditions]) == (
                                     decision, comment, lines):
        return previous  # the same review twice (a double click): nothing new
    entry = SupportReview(snapshot=snapshot, user_id=by.id, decision=decision,
                          comment=comment)
    db.session.add(entry)
    db.session.flush()
    # a condition this member gave before on this version keeps its checklist item
    earlier = {c.text: c.item for c in (previous.conditions if previous else []) if c.item}
    phase = condition_phase(plein)
    for line in lines:
        item = earlier.pop(line, None) or roadmap.add_item(
            plein, phase, line, by=by, required=True,
            guidance=f"Voorwaarde van {by.name} (MT) bij de beoordeling van planversie "
                     f"{snapshot.number}.",
            origin_url=_path("plan.snapshot", plein_id=plein.id, number=snapshot.number)
            + f"#beoordeling-{entry.id}")
        db.session.add(ReviewCondition(review_id=entry.id, text=line, item_id=item.id))
    for item in earlier.values():  # conditions dropped by the new review
        if not item.is_closed:
            roadmap.set_status(plein, item, "na", by=by,
                               reason=f"Vervallen: {by.name} heeft de beoordeling van "
                                      f"planversie {snapshot.number} aangepast.")
    db.session.flush()
    extra = f" met {len(lines)} voorwaarde(n) in {phase.label}" if lines else ""
    audit.record("plan.review", f"{by.name}: {DECISIONS[decision].lower()} bij planversie "
                 f"{snapshot.number}{extra}", plein=plein, obj=entry, user=by)
    return entry


def post_message(plein, snapshot, *, by, body, answers_id=None):
    """A message in the snapshot's thread; ``answers_id`` marks a question answered."""
    body = _clean_text(body, "Je bericht", COMMENT_MAX)
    if not body:
        raise ServiceError("Schrijf eerst je bericht.")
    if answers_id:
        question = next((r for r in open_questions(plein, snapshot) if r.id == answers_id),
                        None)
        if question is None:
            raise ServiceError("Die vraag is al beantwoord of hoort niet bij deze versie.")
    message = PlanMessage(author_id=by.id, body=body, answers_id=answers_id or None)
    snapshot.messages.append(message)
    db.session.flush()
    what = "antwoord op een vraag" if answers_id else "bericht"
    audit.record("plan.message", f"{by.name} plaatste een {what} bij planversie "
                 f"{snapshot.number}", plein=plein, obj=message, user=by)
    return message


def awaiting_review(latest, user):
    """``latest`` when ``user`` (an MT member) has not reviewed it yet."""
    if latest is None or any(r.user_id == user.id for r in latest.reviews):
        return None
    return latest


def decision_counts(plein, snapshot):
    counts = dict.fromkeys(DECISIONS, 0)
    for entry in current_reviews(plein, snapshot):
        counts[entry.decision] += 1
    return counts


# -- the gate to voorbereiding -----------------------------------------------------------

@gates.gate_check
def mt_support(plein, phase):
    """Leaving oriëntatie needs a reviewed plan without 'geen steun' or open questions.
    (Runs on every dashboard and roadmap page: two narrow queries, no snapshot text.)"""
    if phase != Phase.ORIENTATION:
        return []
    values = {"plein_id": plein.id}
    latest = db.session.execute(
        select(PlanSnapshot.id, PlanSnapshot.number).join(Plan)
        .where(Plan.plein_id == plein.id).order_by(PlanSnapshot.number.desc()).limit(1)
    ).first()
    if latest is None:
        return [gates.Missing("Het plan is nog niet ingediend bij het MT", "plan.index",
                              values)]
    at = {**values, "number": latest.number}
    answered_ = select(PlanMessage.id).where(PlanMessage.answers_id == SupportReview.id)
    rows = db.session.execute(
        select(SupportReview.id, SupportReview.user_id, SupportReview.decision, User.name,
               answered_.exists())
        .join(User, User.id == SupportReview.user_id)
        .join(Membership, (Membership.user_id == SupportReview.user_id)
              & (Membership.plein_id == plein.id) & (Membership.role == "mt"))
        .where(SupportReview.snapshot_id == latest.id).order_by(SupportReview.id)).all()
    current = {row.user_id: row for row in rows}  # each member's latest review counts
    if not current:
        return [gates.Missing(f"Planversie {latest.number} is nog door geen enkel MT-lid "
                              "beoordeeld", "plan.snapshot", at, "beoordelingen")]
    reviews = sorted(current.values(), key=lambda row: row.id)
    missing = [gates.Missing(f"{r.name} steunt planversie {latest.number} niet",
                             "plan.snapshot", at, f"beoordeling-{r.id}")
               for r in reviews if r.decision == "no_support"]
    missing += [gates.Missing(f"De vraag van {r.name} over planversie {latest.number} "
                              "is nog niet beantwoord", "plan.snapshot", at,
                              f"beoordeling-{r.id}")
                for r in reviews if r.decision == "questions" and not r[4]]
    return missing


def review_count(plan):
    """Number of reviews per snapshot id (for the list of versions)."""
    return dict(db.session.execute(
        select(SupportReview.snapshot_id, func.count(func.distinct(SupportReview.user_id)))
        .join(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id)
        .group_by(SupportReview.snapshot_id)).all())
