"""The desk rota (baliedienst) and the partners' promised against planned hours.

Library staff edit every shift; a partner user adds itself or a volunteer of its own
organisation, and removes or swaps only its own organisation's shifts (another
organisation's shift id: 404)."""

from datetime import timedelta

from flask import Blueprint, abort, url_for

from plein.accounts.access import can, guard, me, partner_membership
from plein.forms import EmptyForm, choices
from plein.htmx import render
from plein.programme import activities as offer
from plein.programme import pledges, rota, service, week
from plein.programme.forms import ShiftForm, SwapForm, UndoForm
from plein.programme.models import WEEKDAYS, Part
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("programme_desk", __name__, url_prefix="/p/<int:plein_id>/programma")
AHEAD_DAYS = 14
VOLUNTEER = "(een vrijwilliger: vul de voornaam in)"


def _organisation(plein):
    """None for library staff (every shift); a partner user's own organisation."""
    if can("programme.edit"):
        return None
    membership = partner_membership(me(), plein)
    return membership.partner if membership is not None else abort(403)


def _may_touch(organisation, shift):
    return organisation is None or shift.partner_id == organisation.id


def _people(plein, organisation, *, nobody=False):
    first = (0, "(niemand, of een vrijwilliger: vul de voornaam in)" if nobody else VOLUNTEER)
    if organisation is not None:
        return choices([first, (me().id, f"Ikzelf ({me().name})")])
    return choices([first] + [(u.id, f"{u.name} ({p.name if p else rota.LIBRARY})")
                              for u, p in rota.people(plein)])


def _shift_form(plein, organisation, form=None):
    form = form or ShiftForm(formdata=None, weekday=1, part=Part.AFTERNOON.value,
                             person_id=me().id if organisation is not None else 0)
    form.person_id.choices = _people(plein, organisation)
    form.partner_id.choices = choices(
        [(organisation.id, organisation.name)] if organisation is not None else
        [(0, rota.LIBRARY)] + [(p.id, p.name) for p in offer.organisations(plein)])
    return form


def _swap_forms(plein, organisation, shifts, failed=None):
    forms = {}
    for shift in shifts:
        if _may_touch(organisation, shift):
            form = SwapForm(formdata=None, prefix=f"swap-{shift.id}")
            if failed is not None and failed[0] == shift.id:
                form = failed[1]
            form.person_id.choices = _people(plein, organisation, nobody=True)
            forms[shift.id] = form
    return forms


def _rota_page(plein, *, shift_form=None, swap=None, status=200):
    organisation = _organisation(plein) if can("programme.desk") else None
    today = local_today()
    shifts = rota.shifts_of(plein)
    return render("programme/rota.html", status=status, plein=plein, shifts=shifts,
                  today=today, desk=rota.desk_for_range(plein, today,
                                                        today + timedelta(AHEAD_DAYS - 1)),
                  one_desk=week.is_one_desk(plein), weekdays=WEEKDAYS,
                  part_labels=dict(Part.choices()), grid=service.grid(plein),
                  label_of=rota.label_of,
                  editor=can("programme.desk"), organisation=organisation,
                  may_touch=lambda s: can("programme.desk") and _may_touch(organisation, s),
                  shift_form=_shift_form(plein, organisation, shift_form),
                  swap_forms=_swap_forms(plein, organisation, shifts, swap))


def _to_rota(plein, message, anchor="rooster"):
    return lambda result: saved(message(result), url_for(
        "programme_desk.rota_page", plein_id=plein.id, _anchor=anchor))


@bp.route("/balie")
@guard("programme.view")
def rota_page(plein):
    """Who is at the desk in the coming two weeks, and the weekly rota."""
    return _rota_page(plein)


@bp.route("/balie", methods=["POST"])
@guard("programme.desk")
def add_shift(plein):
    organisation = _organisation(plein)
    form = _shift_form(plein, organisation, ShiftForm())
    return save(form, lambda: rota.add_shift(plein, by=me(), organisation=organisation,
                                             **form.for_service()),
                done=_to_rota(plein, lambda s: f"{s.weekday_label.capitalize()}"
                              f"{s.part_label}: {rota.label_of(s)} staat op het rooster."),
                again=lambda status: _rota_page(plein, shift_form=form, status=status))


def _shift_or_404(plein, shift_id):
    return rota.get_shift(plein, shift_id, _organisation(plein)) or abort(404)


@bp.route("/balie/<int:shift_id>/weg", methods=["POST"])
@guard("programme.desk")
def remove_shift(plein, shift_id):
    shift = _shift_or_404(plein, shift_id)
    label = f"{shift.weekday_label}{shift.part_label}: {rota.label_of(shift)}"
    form = EmptyForm()
    return save(form, lambda: rota.remove_shift(plein, shift, by=me()),
                done=_to_rota(plein, lambda _r: f"De baliedienst ({label}) is weggehaald."),
                again=lambda status: _rota_page(plein, status=status))


@bp.route("/balie/<int:shift_id>/ruil", methods=["POST"])
@guard("programme.desk")
def swap(plein, shift_id):
    """One date of a shift: someone else stands in, or nobody."""
    shift = _shift_or_404(plein, shift_id)
    organisation = _organisation(plein)
    form = SwapForm(prefix=f"swap-{shift.id}")
    form.person_id.choices = _people(plein, organisation, nobody=True)
    return save(form, lambda: rota.swap(plein, shift, by=me(), organisation=organisation,
                                        **form.for_service()),
                done=_to_rota(plein, lambda r: f"{r.on:%d-%m-%Y}: "
                              + ("niemand aan de balie voor deze dienst." if r.nobody else
                                 f"{r.user.name if r.user else r.first_name} neemt de "
                                 "dienst over.")),
                again=lambda status: _rota_page(plein, swap=(shift.id, form), status=status))


@bp.route("/balie/<int:shift_id>/herstel", methods=["POST"])
@guard("programme.desk")
def undo_swap(plein, shift_id):
    """Take back the swap of one date: the shift's own person stands there again."""
    shift = _shift_or_404(plein, shift_id)
    form = UndoForm()
    return save(form, lambda: rota.undo_swap(plein, shift, form.on.data, by=me()),
                done=_to_rota(plein, lambda _r: "De dienst is weer zoals op het rooster."),
                again=lambda status: _rota_page(plein, status=status))


@bp.route("/inzet")
@guard("plein.view")
def pledges_page(plein):
    """Per partner: the hours promised in the contract and planned in four weeks."""
    today = local_today()
    figures = pledges.figures(plein, today)
    return render("programme/pledges.html", plein=plein, figures=figures, today=today,
                  end=today + timedelta(days=pledges.DAYS - 1), days=pledges.DAYS,
                  below=[f for f in figures if f.below])
