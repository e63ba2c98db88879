"""The programme: week view, the offer per theme and per organisation, activities and
their dates. (Themes, rooms, the grid and closing days: ``setup_views``.)"""

from datetime import date, timedelta

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import can, guard, me, partner_membership
from plein.forms import EmptyForm, VersionForm, choices
from plein.htmx import render
from plein.programme import activities as offer
from plein.programme import extras, service, visibility, week
from plein.programme.forms import (
    ActivityEditForm,
    ActivityForm,
    ChangeForm,
    HideForm,
    ScheduleForm,
    UndoForm,
)
from plein.programme.recurrence import occurrences
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("programme", __name__, url_prefix="/p/<int:plein_id>/programma")
UPCOMING_WEEKS = 8


def _day(text):
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return local_today()
    return day if date(2000, 1, 1) <= day <= date(2100, 1, 1) else local_today()


def _organisation(plein):
    """Whose activities the current user may change: None for library staff (every
    organisation's), else the partner organisation it speaks for."""
    if can("programme.edit"):
        return None
    membership = partner_membership(me(), plein)
    if membership is None or membership.partner is None:
        abort(404)
    return membership.partner


def _sees_all():
    """Library staff (MT too) see hidden activities; partners only public ones."""
    return can("plein.view")


@bp.route("/")
@guard("programme.view")
def index(plein):
    """The week view: day-parts × days, with the lead's warnings. Partners see what the
    public sees."""
    shown = week.week(plein, _day(request.args.get("week")), public_only=not _sees_all())
    return render("programme/week.html", plein=plein, week=shown, today=local_today(),
                  editor=can("programme.edit"), adder=can("programme.own"))


@bp.route("/aanbod")
@guard("programme.view")
def offer_list(plein):
    """Every activity, per organisation or (?per=thema) per theme."""
    per = "thema" if request.args.get("per") == "thema" else "organisatie"
    return render("programme/offer.html", plein=plein, per=per,
                  groups=week.grouped(plein, per, public_only=not _sees_all()),
                  adder=can("programme.own"))


@bp.route("/aanbod/ons")
@guard("partner.home")
def ours(plein):
    """A partner's own organisation's offer, hidden activities with the lead's reason."""
    organisation = _organisation(plein)
    return render("programme/ours.html", plein=plein, organisation=organisation,
                  activities=offer.activities_of(plein, organisation),
                  why_not_public=visibility.why_not_public)


def _choose(plein, form, activity=None):
    """The form's options. A partner's organisation is fixed to its own; an activity of
    a partner that stopped keeps it as an option (so saving it does not silently move
    it to the library)."""
    organisation = _organisation(plein)
    if organisation is not None:
        form.partner_id.choices = choices([(organisation.id, organisation.name)])
        form.partner_id.data = form.partner_id.data or organisation.id
    else:
        options = offer.organisations(plein)
        if activity is not None and activity.partner and activity.partner not in options:
            options.append(activity.partner)
        form.partner_id.choices = choices(
            [(0, "Bibliotheek")] + [(p.id, p.name) for p in options])
    form.theme_ids.choices = choices((t.id, t.name) for t in service.themes_of(plein))
    form.room_id.choices = choices(
        [(0, "(nog niet bekend)")] + [(r.id, r.name) for r in service.rooms_of(plein)])
    return form


def _form_page(plein, form, activity=None, status=200):
    return render("programme/edit.html", status=status, plein=plein,
                  form=_choose(plein, form, activity), activity=activity,
                  fixed=_organisation(plein))


@bp.route("/aanbod/nieuw")
@guard("programme.own")
def new(plein):
    return _form_page(plein, ActivityForm(formdata=None))


def _to_activity(plein, message):
    return lambda activity: saved(message(activity), url_for(
        "programme.activity", plein_id=plein.id, activity_id=activity.id))


@bp.route("/aanbod", methods=["POST"])
@guard("programme.own")
def create(plein):
    form = _choose(plein, ActivityForm())
    return save(form, lambda: offer.create_activity(
                    plein, by=me(), organisation=_organisation(plein), **form.for_service()),
                done=_to_activity(plein, lambda a: f"'{a.title}' staat in het aanbod. "
                                                   "Zet er nu de tijden bij."),
                again=lambda status: _form_page(plein, form, status=status))


def _activity_or_404(plein, activity_id):
    """An activity the current user may change: any of the plein for library staff,
    only its own organisation's for a partner (another's: 404)."""
    return offer.get_activity(plein, activity_id, _organisation(plein)) or abort(404)


@bp.route("/aanbod/<int:activity_id>")
@guard("programme.view")
def activity(plein, activity_id):
    """One activity: what it is, its schedules and its coming dates. A partner reads
    another organisation's only while it is public."""
    activity = offer.get_activity(plein, activity_id) or abort(404)
    if not (_sees_all() or visibility.is_public(activity) or _editor(plein, activity)):
        abort(404)
    return _detail_page(plein, activity)


def _editor(plein, activity):
    """True when the current user may change ``activity``."""
    if not can("programme.own"):
        return False
    organisation = _organisation(plein)
    return organisation is None or activity.partner_id == organisation.id


def _detail_page(plein, activity, *, schedule_form=None, change_form=None, hide_form=None,
                 status=200):
    today = local_today()
    end = today + timedelta(weeks=UPCOMING_WEEKS)
    closed = {d.on: d.reason for d in service.closing_days(plein, today, end)}
    return render("programme/activity.html", status=status, plein=plein, activity=activity,
                  upcoming=occurrences([activity], today, end, closed),
                  describe=offer.describe, editor=_editor(plein, activity),
                  hider=can("programme.hide"), panels=extras.activity_panels(plein, activity),
                  why_not_public=visibility.why_not_public(activity),
                  hide_form=hide_form or HideForm(formdata=None, version=activity.version_id),
                  schedule_form=schedule_form or ScheduleForm(formdata=None),
                  change_form=change_form or ChangeForm(
                      formdata=None, on=_picked(request.args.get("datum"))))


def _picked(text):
    """The date a "wijzigen" link chose (?datum=2026-12-08), or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@bp.route("/aanbod/<int:activity_id>/bewerken")
@guard("programme.own")
def edit(plein, activity_id):
    activity = _activity_or_404(plein, activity_id)
    form = ActivityEditForm(formdata=None, obj=activity, version=activity.version_id,
                            partner_id=activity.partner_id or 0,
                            room_id=activity.room_id or 0,
                            theme_ids=[t.id for t in activity.themes])
    return _form_page(plein, form, activity)


@bp.route("/aanbod/<int:activity_id>", methods=["POST"])
@guard("programme.own")
def update(plein, activity_id):
    activity = _activity_or_404(plein, activity_id)
    form = _choose(plein, ActivityEditForm(), activity)
    return save(form, lambda: offer.update_activity(
                    plein, activity, by=me(), expected_version=form.version.data,
                    organisation=_organisation(plein), **form.for_service()),
                done=_to_activity(plein, lambda a: f"'{a.title}' is opgeslagen."),
                again=lambda status: _form_page(plein, form, activity, status=status))


@bp.route("/aanbod/<int:activity_id>/tijden", methods=["POST"])
@guard("programme.own")
def add_schedule(plein, activity_id):
    activity = _activity_or_404(plein, activity_id)
    form = ScheduleForm()
    return save(form, lambda: offer.add_schedule(plein, activity, by=me(),
                                                 **form.for_service()),
                done=lambda s: saved(f"Tijden toegevoegd: {offer.describe(s)}.", url_for(
                    "programme.activity", plein_id=plein.id, activity_id=activity.id)),
                again=lambda status: _detail_page(plein, activity, schedule_form=form,
                                                  status=status))


def _schedule_or_404(activity, schedule_id):
    return offer.get_schedule(activity, schedule_id) or abort(404)


@bp.route("/aanbod/<int:activity_id>/tijden/<int:schedule_id>/weg", methods=["POST"])
@guard("programme.own")
def remove_schedule(plein, activity_id, schedule_id):
    activity = _activity_or_404(plein, activity_id)
    schedule = _schedule_or_404(activity, schedule_id)
    form = EmptyForm()
    return save(form, lambda: offer.remove_schedule(plein, activity, schedule, by=me()),
                done=lambda _r: saved("De tijden zijn weggehaald.", url_for(
                    "programme.activity", plein_id=plein.id, activity_id=activity.id)),
                again=lambda status: _detail_page(plein, activity, status=status))


@bp.route("/aanbod/<int:activity_id>/wijziging", methods=["POST"])
@guard("programme.own")
def change_date(plein, activity_id):
    """Cancel, move or re-staff one date of the activity."""
    activity = _activity_or_404(plein, activity_id)
    form = ChangeForm()
    return save(form, lambda: offer.change_date(plein, activity, by=me(), **form.for_service()),
                done=lambda c: saved(f"{c.on:%d-%m-%Y}: {c.change_label.lower()}.", url_for(
                    "programme.activity", plein_id=plein.id, activity_id=activity.id,
                    _anchor="data")),
                again=lambda status: _detail_page(plein, activity, change_form=form,
                                                  status=status))


@bp.route("/aanbod/<int:activity_id>/herstel", methods=["POST"])
@guard("programme.own")
def undo_change(plein, activity_id):
    """Take back the change to one date: it takes place as planned."""
    activity = _activity_or_404(plein, activity_id)
    form = UndoForm()
    return save(form, lambda: offer.undo_change(plein, activity, form.on.data, by=me()),
                done=lambda _r: saved("De datum gaat weer door zoals gepland.", url_for(
                    "programme.activity", plein_id=plein.id, activity_id=activity.id,
                    _anchor="data")),
                again=lambda status: _detail_page(plein, activity, status=status))


@bp.route("/aanbod/<int:activity_id>/verbergen", methods=["POST"])
@guard("programme.hide")
def hide(plein, activity_id):
    """Hide an activity from partners and the public, with a reason its organisation
    reads."""
    activity = _activity_or_404(plein, activity_id)
    form = HideForm()
    return save(form, lambda: visibility.hide(plein, activity, form.reason.data, by=me(),
                                              expected_version=form.version.data),
                done=lambda a: saved(f"'{a.title}' is verborgen.", url_for(
                    "programme.activity", plein_id=plein.id, activity_id=a.id)),
                again=lambda status: _detail_page(plein, activity, hide_form=form,
                                                  status=status))


@bp.route("/aanbod/<int:activity_id>/tonen", methods=["POST"])
@guard("programme.hide")
def unhide(plein, activity_id):
    """Show a hidden activity again."""
    activity = _activity_or_404(plein, activity_id)
    form = VersionForm()
    return save(form, lambda: visibility.unhide(plein, activity, by=me(),
                                                expected_version=form.version.data),
                done=lambda a: saved(f"'{a.title}' is weer zichtbaar.", url_for(
                    "programme.activity", plein_id=plein.id, activity_id=a.id)),
                again=lambda status: _detail_page(plein, activity, status=status))
