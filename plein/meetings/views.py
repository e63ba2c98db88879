"""Meetings: the list, preparing a new one (its agenda made from what changed since the
last one of its kind), one meeting with its actions, editing; and for a partner user
the meetings its organisation attended and its actions (another's: 404)."""

from datetime import datetime

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import guard, me
from plein.desk.tally import own_organisation
from plein.forms import DATE_FORMATS, choices
from plein.htmx import render
from plein.meetings import agenda, service
from plein.meetings.forms import ActionForm, MeetingEditForm, MeetingForm
from plein.meetings.models import MeetingKind
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("meetings", __name__, url_prefix="/p/<int:plein_id>/overleg")


def _kind(text):
    return text if text in MeetingKind.values() else None


@bp.route("")
@guard("meetings.view")
def index(plein):
    """Every meeting, the latest first (one kind with ?soort=)."""
    kind = _kind(request.args.get("soort"))
    return render("meetings/index.html", plein=plein, kind=kind, Kind=MeetingKind,
                  meetings=service.meetings_of(plein, kind))


def _choose(plein, form, meeting=None):
    people = {u.id: u.name for u in service.people_of(plein)}
    partners = {p.id: p.name for p in service.partners_of(plein)}
    if meeting is not None:  # who was listed stays listed, also after leaving
        people.update({u.id: u.name for u in meeting.users})
        partners.update({p.id: p.name for p in meeting.partners})
    form.user_ids.choices = choices(sorted(people.items(), key=lambda p: p[1].lower()))
    form.partner_ids.choices = choices(sorted(partners.items(), key=lambda p: p[1].lower()))
    return form


def _day(text):
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(text or "", layout).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    return None


def _form_page(plein, form, meeting=None, prepared=None, status=200):
    return render("meetings/form.html", status=status, plein=plein, form=form,
                  meeting=meeting, prepared=prepared, Kind=MeetingKind)


@bp.route("/nieuw")
@guard("meetings.edit")
def new(plein):
    """A new meeting of ?soort= on ?datum=, its agenda prepared (editable)."""
    today = local_today()
    kind = _kind(request.args.get("soort")) or MeetingKind.PARTNERS.value
    on = _day(request.args.get("datum")) or today
    prepared = agenda.prepare(plein, kind, on, today)
    form = MeetingForm(formdata=None, kind=kind, on=on, agenda=prepared.text,
                       user_ids=[me().id] if me().id in {u.id for u in
                                                         service.people_of(plein)} else [])
    return _form_page(plein, _choose(plein, form), prepared=prepared)


def _to_meeting(plein, message):
    return lambda meeting: saved(message(meeting), url_for(
        "meetings.meeting", plein_id=plein.id, meeting_id=meeting.id))


@bp.route("/nieuw", methods=["POST"])
@guard("meetings.edit")
def create(plein):
    form = _choose(plein, MeetingForm())
    return save(form, lambda: service.create_meeting(plein, by=me(), **form.for_service()),
                done=_to_meeting(plein, lambda m: f"{m.the_kind.capitalize()} van "
                                                  f"{m.on:%d-%m-%Y} is opgeslagen."),
                again=lambda status: _form_page(plein, form, status=status))


def _meeting_or_404(plein, meeting_id, organisation=None):
    return service.get_meeting(plein, meeting_id, organisation) or abort(404)


def _action_form(plein, form=None):
    form = form or ActionForm(formdata=None)
    form.owner_id.choices = choices([(0, "Kies iemand"),
                                     *((u.id, u.name) for u in service.owners_of(plein))])
    form.partner_id.choices = choices([(0, "Geen: alleen de bibliotheek"),
                                       *((p.id, p.name) for p in service.partners_of(plein))])
    return form


def _meeting_page(plein, meeting, *, action_form=None, status=200, block=None):
    return render("meetings/meeting.html", block, status=status, plein=plein,
                  meeting=meeting, actions=meeting.actions, staff=True, today=local_today(),
                  action_form=_action_form(plein, action_form))


@bp.route("/<int:meeting_id>")
@guard("meetings.view")
def meeting(plein, meeting_id):
    """One meeting: who was there, agenda, notes, decisions, and its actions with the
    live status of their checklist items."""
    return _meeting_page(plein, _meeting_or_404(plein, meeting_id))


@bp.route("/<int:meeting_id>/bewerken")
@guard("meetings.edit")
def edit(plein, meeting_id):
    meeting = _meeting_or_404(plein, meeting_id)
    form = MeetingEditForm(formdata=None, obj=meeting, version=meeting.version_id,
                           user_ids=[u.id for u in meeting.users],
                           partner_ids=[p.id for p in meeting.partners])
    return _form_page(plein, _choose(plein, form, meeting), meeting)


@bp.route("/<int:meeting_id>/bewerken", methods=["POST"])
@guard("meetings.edit")
def update(plein, meeting_id):
    meeting = _meeting_or_404(plein, meeting_id)
    form = _choose(plein, MeetingEditForm(), meeting)
    return save(form, lambda: service.update_meeting(plein, meeting, by=me(),
                                                     expected_version=form.version.data,
                                                     **form.for_service()),
                done=_to_meeting(plein, lambda m: f"{m.the_kind.capitalize()} van "
                                                  f"{m.on:%d-%m-%Y} is opgeslagen."),
                again=lambda status: _form_page(plein, form, meeting, status=status))


@bp.route("/<int:meeting_id>/acties", methods=["POST"])
@guard("meetings.edit")
def add_action(plein, meeting_id):
    """An action: a checklist item with an owner and a deadline."""
    meeting = _meeting_or_404(plein, meeting_id)
    form = _action_form(plein, ActionForm())
    here = url_for("meetings.meeting", plein_id=plein.id, meeting_id=meeting.id)
    return save(form, lambda: service.add_action(plein, meeting, by=me(),
                                                 origin_url=here, **form.for_service()),
                done=lambda action: saved(
                    f"'{action.title}' staat nu in het stappenplan.", here,
                    lambda: _meeting_page(plein, meeting, block="actions")),
                again=lambda status: _meeting_page(plein, meeting, action_form=form,
                                                   status=status, block="actions"))


# -- a partner organisation's view -----------------------------------------------------

def _organisation(plein):
    return own_organisation(plein, me()) or abort(404)


@bp.route("/bijgewoond")
@guard("meetings.attended")
def attended(plein):
    """The meetings the user's organisation attended, and its actions."""
    organisation = _organisation(plein)
    return render("meetings/attended.html", plein=plein, organisation=organisation,
                  meetings=service.attended_by(plein, organisation),
                  actions=service.actions_for(plein, organisation))


@bp.route("/bijgewoond/<int:meeting_id>")
@guard("meetings.attended")
def attended_meeting(plein, meeting_id):
    """A meeting the organisation attended, with its own actions only."""
    organisation = _organisation(plein)
    meeting = _meeting_or_404(plein, meeting_id, organisation)
    return render("meetings/meeting.html", plein=plein, meeting=meeting, staff=False,
                  today=local_today(),
                  actions=[a for a in meeting.actions if a.partner_id == organisation.id],
                  organisation=organisation)
