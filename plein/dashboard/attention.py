"""What needs someone's attention, read from every feature (the dashboard owns no
tables): the lead's list, a member's own items, and the contract's warnings that the
gate to realisatie shows."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from plein.accounts.models import Role
from plein.agreements import addenda, terms
from plein.agreements import service as agreements
from plein.agreements.models import SignatureStatus
from plein.plan import reviews
from plein.plan import service as plans
from plein.plan.models import ReviewDecision
from plein.programme import pledges
from plein.roadmap import gates
from plein.roadmap import progress as roadmap_progress
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase
from plein.timeutil import utcnow

NEW_DAYS = 14  # a review this recent is "new" on the lead's dashboard


@dataclass(frozen=True)
class Attention:
    """One line of the lead's list, with where to go to act on it."""

    text: str
    endpoint: str
    values: dict = field(default_factory=dict)
    anchor: str | None = None
    at: datetime | None = None
    urgent: bool = False


def contract_state(plein):
    """(current version or None, its PartyStatus rows, names of parties that nobody in
    this plein can sign for)."""
    agreement = agreements.agreement_of(plein)
    version = agreements.current_version(agreement) if agreement else None
    if version is None:
        return None, [], []
    rows = agreements.overview(version)
    signers = agreements.signers(plein)
    nobody = [row.name for row in rows
              if row.status == SignatureStatus.PENDING and not signers.get(row.partner_id)]
    return version, rows, nobody


@gates.gate_note
def contract_warnings(plein, phase):
    """Before realisatie, the gate page warns about declines and parties that nobody
    can sign for (warnings: the contract does not block the gate)."""
    if phase != Phase.PREPARATION:
        return []
    version, rows, nobody = contract_state(plein)
    group = "Samenwerkingscontract"
    if version is None:
        return [gates.Note("Er is nog geen gepubliceerde versie van het contract.", group,
                           warning=True, endpoint="agreements.index",
                           values={"plein_id": plein.id})]
    at = {"plein_id": plein.id, "number": version.number}
    notes = [gates.Note(f"{row.name} heeft versie {version.number} geweigerd", group,
                        warning=True, at=row.since, endpoint="agreements.version",
                        values=at)
             for row in rows if row.status == SignatureStatus.DECLINED]
    notes += [gates.Note(f"Niemand kan tekenen namens {name}: nodig iemand van die "
                         "organisatie uit", group, warning=True, endpoint="agreements.version",
                         values=at) for name in nobody]
    signed = sum(row.status == SignatureStatus.SIGNED for row in rows)
    notes.append(gates.Note(f"Versie {version.number}: {signed} van de {len(rows)} partijen "
                            "hebben getekend", group, endpoint="agreements.version",
                            values=at))
    return notes


def for_lead(plein, today):
    """What the lead should look at now: the MT's questions and 'geen steun', new
    reviews, overdue items, declines, a version waiting for signatures, and partners
    that plan fewer hours than they promised."""
    result = []
    latest = plans.latest_snapshot(plein)
    if latest is not None:
        at = {"plein_id": plein.id, "number": latest.number}
        recent = utcnow() - timedelta(days=NEW_DAYS)
        for s in reviews.standings(plein, latest):
            r = s.review
            anchor = f"beoordeling-{r.id}"
            if s.blocks and r.decision == ReviewDecision.QUESTIONS:
                result.append(Attention(f"{r.user.name} heeft een vraag over planversie "
                                        f"{latest.number}", "plan.snapshot", at, anchor,
                                        r.created_at, urgent=True))
            elif s.blocks:
                result.append(Attention(f"{r.user.name} steunt planversie {latest.number} "
                                        "niet", "plan.snapshot", at, anchor, r.created_at,
                                        urgent=True))
            elif s.counts and r.created_at >= recent:
                result.append(Attention(f"Nieuwe beoordeling van {r.user.name}: "
                                        f"{r.decision_label.lower()}", "plan.snapshot", at,
                                        anchor, r.created_at))
    late = roadmap_progress.overdue(plein, today)
    if late:
        what = "actiepunt is" if len(late) == 1 else "actiepunten zijn"
        result.append(Attention(f"{len(late)} {what} te laat",
                                "dashboard.index", {"plein_id": plein.id}, "overdue-title",
                                urgent=True))
    version, rows, nobody = contract_state(plein)
    if version is not None:
        at = {"plein_id": plein.id, "number": version.number}
        for row in rows:
            if row.status == SignatureStatus.DECLINED:
                result.append(Attention(f"{row.name} heeft contractversie {version.number} "
                                        "geweigerd", "agreements.version", at, None,
                                        row.since, urgent=True))
        waiting = [row for row in rows if row.status == SignatureStatus.PENDING]
        if waiting:
            result.append(Attention(
                f"Contractversie {version.number} wacht op {len(waiting)} "
                f"{'handtekening' if len(waiting) == 1 else 'handtekeningen'}"
                + (f"; niemand kan tekenen namens {', '.join(nobody)}" if nobody else ""),
                "agreements.version", at, None, version.published_at))
        agreement = agreements.agreement_of(plein)
        for accession in addenda.accessions_of(agreement, version):
            if accession.answer is None:
                result.append(Attention(
                    f"Toetreding van {accession.partner.name} wacht op handtekening",
                    "agreements.accession", {"plein_id": plein.id,
                                             "accession_number": accession.number},
                    None, accession.published_at))
        for reminder in terms.upcoming(agreement, today):
            result.append(Attention(reminder.text, "agreements.terms_page",
                                    {"plein_id": plein.id}, urgent=reminder.days_before <= 14))
        for figure in pledges.figures(plein, today):
            if figure.below:
                result.append(Attention(
                    f"{figure.partner.name} plant {figure.text['planned']} van de "
                    f"{figure.text['promised']} beloofde uren in de komende "
                    f"{pledges.DAYS // 7} weken", "programme_desk.pledges_page",
                    {"plein_id": plein.id}))
    return result


CLOSED_SHOWN = 3  # finished items a member's dashboard still lists


def my_items(plein, user):
    """The items ``user`` owns: (open and busy ones, soonest deadline first; the most
    recently finished ones; how many finished ones there are in all)."""
    mine = roadmap.select_items(roadmap.items_of(plein), owner_id=user.id)
    active = sorted((item for item in mine if not item.is_closed),
                    key=lambda item: (item.due_date is None, item.due_date or date.min))
    closed = sorted((item for item in mine if item.is_closed),
                    key=lambda item: item.status_changed_at or datetime.min.replace(
                        tzinfo=UTC), reverse=True)
    return active, closed[:CLOSED_SHOWN], len(closed)


@dataclass(frozen=True)
class Step:
    text: str
    done: bool
    endpoint: str
    anchor: str | None = None


def start_here(plein, progress, members):
    """"Begin hier" for a new plein's lead: the plan, the first phase's items, the team;
    None once all three have begun. ``progress`` and ``members``: what the dashboard
    already loaded."""
    from plein.accounts import service as accounts

    plan = plans.plan_of(plein)
    wrote = plan is not None and any(s.body.strip() for s in plan.sections)
    progress = progress[Phase.ORIENTATION]
    team = any(m.role == Role.TEAM for m in members) or any(
        i.role == Role.TEAM for i in accounts.open_invitations(plein))
    steps = [
        Step("Zet het plan op papier: waarom een Ontwikkelplein, voor wie en met wie",
             wrote, "plan.index"),
        Step(f"Werk de punten van Oriëntatie af ({progress.done} van {progress.total} klaar)",
             progress.done > 0, "roadmap.index"),
        Step("Nodig je projectteam uit", team, "members.index", "invite-title"),
    ]
    return None if all(step.done for step in steps) else steps
