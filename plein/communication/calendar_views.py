"""The content calendar: a month as a grid (a list on a phone) or everything coming up
as a list; adding and changing items; a partner user's own organisation's items and
their status."""

import re
from datetime import date, timedelta

from flask import abort, g, request, url_for

from plein.accounts.access import guard, me, partner_membership
from plein.communication import calendar as service
from plein.communication import plan as plans
from plein.communication.forms import ItemEditForm, ItemForm, StatusForm
from plein.communication.models import ItemStatus
from plein.communication.views import bp
from plein.forms import choices
from plein.htmx import render
from plein.results.goals import owners
from plein.saving import save, saved
from plein.timeutil import local_today

MONTH = re.compile(r"(20\d\d)-(0[1-9]|1[0-2])")


def _month(text, today):
    match = MONTH.fullmatch(text or "")
    return date(int(match[1]), int(match[2]), 1) if match else today.replace(day=1)


@bp.route("/kalender")
@guard("communication.view")
def calendar(plein):
    """A month of the content calendar (?maand=2026-12), or (?weergave=lijst) every
    item from today on."""
    today = local_today()
    first = _month(request.args.get("maand"), today)
    listing = request.args.get("weergave") == "lijst"
    return render("communication/calendar.html", plein=plein, today=today, first=first,
                  listing=listing, weeks=None if listing else service.month(plein, first),
                  items=service.upcoming(plein, today) if listing else None,
                  previous=(first.replace(day=1) - timedelta(days=1)).replace(day=1),
                  following=service.next_month(first), month_name=service.month_name,
                  weekdays=service.WEEKDAYS, ItemStatus=ItemStatus)


def _choose(plein, form):
    form.audience_id.choices = choices([(0, "Alle doelgroepen"), *(
        (a.id, a.name) for a in plans.audiences_of(plein))])
    form.owner_id.choices = choices([(0, "Kies iemand"), *(
        (u.id, u.name) for u in owners(plein))])
    form.partner_id.choices = choices([(0, "Geen: de bibliotheek verzorgt het"), *(
        (p.id, p.name) for p in service.partners_of(plein))])
    return form


def _form_page(plein, form, item=None, status=200):
    return render("communication/item_form.html", status=status, plein=plein, form=form,
                  item=item)


def _to_month(plein, message):
    return lambda item: saved(message(item), url_for(
        "communication.calendar", plein_id=plein.id, maand=f"{item.on:%Y-%m}",
        _anchor=f"dag-{item.on:%Y-%m-%d}"))


@bp.route("/kalender/nieuw")
@guard("communication.edit")
def new_item(plein):
    today = local_today()
    try:
        on = date.fromisoformat(request.args.get("datum", ""))
    except ValueError:
        on = today
    form = ItemForm(formdata=None, on=max(on, today), owner_id=me().id)
    return _form_page(plein, _choose(plein, form))


@bp.route("/kalender/nieuw", methods=["POST"])
@guard("communication.edit")
def create_item(plein):
    form = _choose(plein, ItemForm())
    return save(form, lambda: service.create_item(plein, by=me(), today=local_today(),
                                                  **form.for_service()),
                done=_to_month(plein, lambda i: f"Het item op {i.on:%d-%m-%Y} staat in de "
                                                "contentkalender."),
                again=lambda status: _form_page(plein, form, status=status))


def _item_or_404(plein, item_id):
    return service.get_item(plein, item_id) or abort(404)


@bp.route("/kalender/<int:calendar_item_id>/bewerken")
@guard("communication.edit")
def edit_item(plein, calendar_item_id):
    item = _item_or_404(plein, calendar_item_id)
    form = ItemEditForm(formdata=None, obj=item, version=item.version_id,
                        audience_id=item.audience_id or 0, owner_id=item.owner_id or 0,
                        partner_id=item.partner_id or 0)
    return _form_page(plein, _choose(plein, form), item)


@bp.route("/kalender/<int:calendar_item_id>/bewerken", methods=["POST"])
@guard("communication.edit")
def update_item(plein, calendar_item_id):
    item = _item_or_404(plein, calendar_item_id)
    form = _choose(plein, ItemEditForm())
    return save(form, lambda: service.update_item(
                    plein, item, by=me(), expected_version=form.version.data,
                    today=local_today(), **form.for_service()),
                done=_to_month(plein, lambda i: f"Het item op {i.on:%d-%m-%Y} is opgeslagen."),
                again=lambda status: _form_page(plein, form, item, status=status))


def _organisation():
    """The partner organisation the user speaks for in this plein (the guard has
    checked the role)."""
    membership = partner_membership(me(), g.plein)
    if membership is None or membership.partner_id is None:
        abort(404)  # a partner account not (yet) linked to an organisation owns no items
    return membership.partner_id


def _partner_page(plein, status=200, refused=None):
    partner_id = _organisation()
    today = local_today()
    items = service.upcoming(plein, today.replace(day=1), partner_id=partner_id)
    late = service.late_for(plein, today, partner_id=partner_id)
    shown = {i.id for i in items}
    items = [*(i for i in late if i.id not in shown), *items]
    return render("communication/partner_items.html", status=status, plein=plein,
                  items=items, today=today, refused=refused,
                  forms={i.id: (refused[1] if refused and refused[0] == i.id else
                                StatusForm(formdata=None, status=i.status,
                                           version=i.version_id)) for i in items})


@bp.route("/kalender/partner")
@guard("communication.own")
def partner_items(plein):
    """A partner user: the calendar items on its own organisation's channels."""
    return _partner_page(plein)


@bp.route("/kalender/<int:calendar_item_id>/status", methods=["POST"])
@guard("communication.own")
def item_status(plein, calendar_item_id):
    """A partner user moves its own organisation's item on; another's is not found."""
    partner_id = _organisation()
    item = _item_or_404(plein, calendar_item_id)
    if item.partner_id != partner_id:
        abort(404)
    form = StatusForm()
    return save(form, lambda: service.set_status(plein, item, form.status.data, by=me(),
                                                 expected_version=form.version.data,
                                                 partner_id=partner_id),
                done=lambda i: saved(f"Het item op {i.on:%d-%m-%Y} is nu "
                                     f"'{i.status_label.lower()}'.",
                                     url_for("communication.partner_items",
                                             plein_id=plein.id, _anchor=f"item-{i.id}")),
                again=lambda status: _partner_page(plein, status, (item.id, form)))

