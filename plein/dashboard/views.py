"""The plein's start pages: dashboard, partner welcome page, logboek."""

from flask import Blueprint, g
from flask_login import current_user

from plein.accounts import service as accounts
from plein.accounts.access import can, guard, me, partner_membership
from plein.accounts.models import Role
from plein.agreements import addenda
from plein.agreements import service as agreements
from plein.agreements.models import SignatureStatus
from plein.communication import calendar as communication
from plein.dashboard import attention
from plein.desk import signals as desk_signals
from plein.htmx import render
from plein.logbook import log_page
from plein.partners import service as partners
from plein.partners.models import PartnerStatus
from plein.plan import conditions, reviews
from plein.plan import service as plan_service
from plein.plan.models import ReviewDecision
from plein.programme import pledges
from plein.results import goals as results
from plein.results import questionnaire, reports
from plein.results.evaluation_models import Survey
from plein.roadmap import gates as roadmap_gates
from plein.roadmap import progress as roadmap_progress
from plein.roadmap import service as roadmap_service
from plein.roadmap.phases import Phase
from plein.timeutil import local_today

bp = Blueprint("dashboard", __name__, url_prefix="/p/<int:plein_id>")


@bp.route("/")
@guard("plein.view")
def index(plein):
    """Overview: phase, what needs the lead's attention, my items, members."""
    today = local_today()
    members = accounts.memberships_of(plein)
    progress = roadmap_progress.progress_of(plein, today)
    return render(
        "dashboard/index.html", plein=plein, phase=Phase(plein.current_phase),
        members=members, progress=progress,
        overdue=roadmap_progress.overdue(plein, today),
        upcoming=roadmap_progress.upcoming(plein, 5, today),
        next_phase=roadmap_gates.next_phase(plein), gate_missing=roadmap_gates.gate_missing(plein),
        attention=attention.for_lead(plein, today) if can("plan.edit") else None,
        signals=desk_signals.signals(plein, today) if can("desk.signals") else [],
        signal_owners=roadmap_service.members_for_owner(plein) if can("desk.signals")
        else [], signal_choices=desk_signals.NewOffer.choices(),
        start_here=(attention.start_here(plein, progress, members)
                    if can("members.manage") else None),
        my_items=attention.my_items(plein, me()) if can("roadmap.edit") else None,
        goals=results.overview(plein, today) if can("results.view") else None,
        latest_report=reports.latest_version(plein),
        late_messages=communication.late_for(plein, today, user=me())
        if can("communication.view") else [],
        today=today)


@bp.route("/mt")
@guard("plan.view")
def mt(plein):
    """Read-only overview for the MT: the plan and its budget, who reviewed it and when,
    the conditions the MT set and their status, progress, partners, signatures, and the
    reviews waiting for this member."""
    plan = plan_service.plan_of(plein)
    latest = plan_service.latest_snapshot(plein)
    data = latest.data if latest else None
    agreement = agreements.agreement_of(plein)
    version = agreements.current_version(agreement) if agreement else None
    return render(
        "dashboard/mt.html", plein=plein, phase=Phase(plein.current_phase), plan=plan,
        latest=latest, data=data,
        budget=plan_service.budget(data["budget"] if data else plan.budget_lines)
        if plan else None,
        counts=reviews.decision_counts(plein, latest) if latest else {},
        open_questions=reviews.open_questions(plein, latest) if latest else [],
        standing=reviews.standings(plein, latest) if latest else [],
        conditions=conditions.conditions_of(plein),
        awaiting=reviews.awaiting_review(latest, me())
        if can("plan.review") and Role.LEAD not in g.roles else None,
        progress=roadmap_progress.progress_of(plein),
        gate_missing=roadmap_gates.gate_missing(plein), next_phase=roadmap_gates.next_phase(plein),
        pipeline=partners.pipeline_counts(plein), statuses=dict(PartnerStatus.choices()),
        version=version, signing=agreements.overview(version) if version else [],
        signature_statuses=dict(SignatureStatus.choices()),
        goals=results.overview(plein), latest_report=reports.latest_version(plein),
        decisions=dict(ReviewDecision.choices()))


@bp.route("/partner")
@guard("partner.home")
def partner_home(plein):
    """What a partner organisation's contact sees when it opens the plein."""
    membership = partner_membership(current_user, plein)
    version, mine = agreements.standing(plein, membership.partner_id)
    agreement = agreements.agreement_of(plein) if version is None else None
    current = agreements.current_version(agreement) if agreement else None
    joining = next((a for a in addenda.accessions_of(agreement, current)
                    if a.partner_id == membership.partner_id), None) if current else None
    today = local_today()
    return render("dashboard/partner_home.html", plein=plein, membership=membership,
                  phase=Phase(plein.current_phase), version=version, mine=mine,
                  joining=joining, days=pledges.DAYS, figure=next(iter(pledges.figures(
                      plein, today, organisation=membership.partner)), None),
                  latest_report=reports.latest_version(plein),
                  late_messages=communication.late_for(plein, today,
                                                       partner_id=membership.partner_id),
                  surveys=questionnaire.shown_to_partners(plein), Survey=Survey, today=today)


@bp.route("/logboek")
@guard("audit.view")
def audit_log(plein):
    """Read-only log of every change in this plein, newest first."""
    return log_page(plein)
