"""The stappenplan: four phases with their checklist, the phase gate, export and print."""

from flask import Blueprint, abort, flash, redirect, request, url_for

from plein.accounts.access import can, guard, me
from plein.exports import download
from plein.extensions import db
from plein.forms import choices, error_text
from plein.htmx import redirect_after_post, render, wants_fragment
from plein.notes import service as notes
from plein.notes.forms import NoteForm
from plein.roadmap import answers, dependents, gates, progress, service
from plein.roadmap.export import roadmap_csv
from plein.roadmap.forms import (
    AddItemForm,
    DeleteItemForm,
    FilterForm,
    ItemForm,
    ItemStatusForm,
    MoveForm,
    PhaseBackForm,
)
from plein.roadmap.phases import Phase
from plein.saving import save, saved
from plein.timeutil import local_today
from plein.web import error_response

bp = Blueprint("roadmap", __name__, url_prefix="/p/<int:plein_id>/stappenplan")

INDEX, ITEM, GATE = "roadmap/index.html", "roadmap/item.html", "roadmap/gate.html"


def _owner_choices(plein, empty):
    return choices([(0, empty)] + [(u.id, u.name) for u in service.members_for_owner(plein)])


def _common(plein):
    """What every block of the roadmap page needs."""
    return {
        "plein": plein, "phase": Phase(plein.current_phase), "next_phase":
        gates.next_phase(plein), "progress": progress.progress_of(plein),
        "gate_missing": gates.gate_missing(plein), "today": local_today(),
    }


@bp.route("/")
@guard("plein.view")
def index(plein):
    """All four phases with progress; the items of the current phase are on the page,
    another phase's are loaded when it is opened (``?fase=``: htmx asks for just that
    list, without JavaScript it is a page with that phase open). Filters narrow the
    list over all phases (htmx swaps #items)."""
    return _list_page(plein)


def _requested_phase():
    try:
        return Phase(request.args.get("fase", ""))
    except ValueError:
        return None


FILTER_ARGS = ("mine", "overdue", "status", "owner_id")


def _list_page(plein, add_form=None, status=200):
    """The roadmap page. Without a filter only the open phases' items are loaded: the
    current one, the one asked for (``?fase=``) and the add form's phase (so a refused
    new item stays in view)."""
    requested = _requested_phase()
    if requested and wants_fragment() and not any(request.args.get(k) for k in FILTER_ARGS):
        # a phase opened on the page: just its list; not an action, so the message
        # area keeps what it says
        return _phase_list(plein, requested, messages=False)
    filters = FilterForm(request.args)
    filters.owner_id.choices = _owner_choices(plein, "iedereen")
    filters.validate()
    add_form = add_form or AddItemForm(formdata=None)
    # "iedereen" (owner 0) and empty choices filter nothing
    filtered = bool(filters.mine.data or filters.overdue.data or filters.status.data
                    or filters.owner_id.data)
    if filtered:
        shown = set(Phase)
    else:
        shown = {Phase(plein.current_phase), requested}
        if add_form.phase.data in {ph.value for ph in Phase}:
            shown.add(Phase(add_form.phase.data))
        shown.discard(None)
    items = service.items_of(plein, phases=shown)
    selection = service.select_items(
        items,
        status=filters.status.data or None,
        owner_id=me().id if filters.mine.data else (filters.owner_id.data or None),
        overdue=filters.overdue.data,
    )
    return render(INDEX, "items", status=status, **_common(plein),
                  grouped=service.by_phase(selection), shown=shown, filters=filters,
                  filtered=filtered, add_form=add_form,
                  answers=answers.answers_for(plein, selection))


def _phase_list(plein, phase, messages=True):
    """htmx: one phase's item list (a phase opened on the page, or after a move)."""
    rows = service.items_of(plein, phase=phase)
    return render(INDEX, "phase_items", messages=messages, plein=plein, ph=phase,
                  rows=rows, filtered=False, today=local_today(),
                  answers=answers.answers_for(plein, rows))


@bp.route("/punten", methods=["POST"])
@guard("roadmap.edit")
def add_item(plein):
    """Add an own action item to a phase."""
    form = AddItemForm()
    return save(form, lambda: service.add_item(plein, form.phase.data, form.title.data, by=me()),
                done=lambda item: saved(f"Actiepunt '{item.title}' toegevoegd.", url_for(
                    "roadmap.item", plein_id=plein.id, item_id=item.id)),
                again=lambda status: _list_page(plein, add_form=form, status=status))


def _item_or_404(plein, item_id):
    return service.get_item(plein, item_id) or abort(404)


def _item_page(plein, item, *, form=None, status=200, block=None, delete_form=None,
               note_form=None):
    form = form or ItemForm(formdata=None, obj=item, version=item.version_id)
    form.owner_id.choices = _owner_choices(plein, "nog niemand")
    headers = None
    if form.conflict is not None:
        headers = {"HX-Retarget": f"#item-{item.id}", "HX-Reswap": "outerHTML"}
    return render(ITEM, block, status=status, headers=headers, plein=plein, item=item,
                  phase=Phase(item.phase), form=form, today=local_today(),
                  answer=answers.answers_for(plein, [item]).get(item.id),
                  protection=dependents.protection(plein, item) if item.is_custom else None,
                  delete_form=delete_form or DeleteItemForm(formdata=None,
                                                            version=item.version_id),
                  notes=notes.notes_of(item), note_form=note_form or NoteForm(formdata=None))


@bp.route("/punt/<int:item_id>/notities", methods=["POST"])
@guard("roadmap.edit")
def add_note(plein, item_id):
    """A new note at the end of the item's thread (htmx: the thread is swapped)."""
    item = _item_or_404(plein, item_id)
    form = NoteForm()
    return save(form, lambda: notes.add_note(plein, item, form.body.data, by=me()),
                done=lambda _note: saved("Je notitie staat erbij.", url_for(
                    "roadmap.item", plein_id=plein.id, item_id=item.id, _anchor="notities"),
                    fragment=lambda: _item_page(plein, item, block="notes")),
                again=lambda status: _item_page(plein, item, note_form=form, status=status,
                                                block="notes"))


@bp.route("/punt/<int:item_id>")
@guard("plein.view")
def item(plein, item_id):
    """One action item: guidance, status, owner, deadline, notes, history.
    For htmx: its edit form, to replace the item's row in the list."""
    item = _item_or_404(plein, item_id)
    block = "edit_form" if can("roadmap.edit") else None
    return _item_page(plein, item, block=block)


@bp.route("/punt/<int:item_id>/rij")
@guard("plein.view")
def row(plein, item_id):
    """The item's row in the list (htmx: cancel an inline edit)."""
    item = _item_or_404(plein, item_id)
    return _row_or_list(plein, item)


ROW_BLOCKS = ["item", "progress", "phase_counts"]


def _item_in_list(plein, item):
    """The item in the roadmap list, its phase open."""
    return url_for("roadmap.index", plein_id=plein.id, fase=item.phase,
                   _anchor=f"item-{item.id}")


def _row_or_list(plein, item, status=200, headers=None):
    """htmx: the item's row, the progress bars and the phase counts; otherwise back to
    the list."""
    if wants_fragment():
        return render(INDEX, ROW_BLOCKS, status=status, headers=headers, **_common(plein),
                      item=item, answers=answers.answers_for(plein, [item]))
    return redirect(_item_in_list(plein, item), 303)


def _what_happened(item, completion):
    """The message after a save: a recurring item marked done says so, and when it is
    due again."""
    if completion is not None:
        return (f"'{item.title}' is gereed gemeld. Het punt staat weer open; de volgende "
                f"keer is {item.due_date:%d-%m-%Y}.")
    return None


@bp.route("/punt/<int:item_id>", methods=["POST"])
@guard("roadmap.edit")
def update_item(plein, item_id):
    """Save everything on the item's form with one button: status (and n.v.t. reason),
    owner, deadline and links (and title and recurrence of own items); notes are a
    thread of their own (``add_note``)."""
    item = _item_or_404(plein, item_id)
    form = ItemForm()
    form.owner_id.choices = _owner_choices(plein, "nog niemand")

    def work():
        service.update_item(
            plein, item, by=me(), expected_version=form.version.data, title=form.title.data,
            evidence=form.evidence.data, owner_id=form.owner_id.data,
            due_date=form.due_date.data, recurrence=form.recurrence.data)
        if form.status.data and service.status_changes(item, form.status.data,
                                                       form.na_reason.data):
            return service.set_status(plein, item, form.status.data, by=me(),
                                      reason=form.na_reason.data)
        return None

    return save(form, work,
                done=lambda completion: saved(
                    _what_happened(item, completion) or
                    f"'{item.title}' is opgeslagen (status: {item.status_label.lower()}).",
                    url_for("roadmap.item", plein_id=plein.id, item_id=item.id),
                    fragment=lambda: _row_or_list(plein, item)),
                again=lambda status: _item_page(plein, item, form=form, status=status,
                                                block="edit_form"))


STATUS_RACE = ("Iemand anders heeft de status van dit punt net gewijzigd. Hieronder staat de "
               "nieuwe stand; kies opnieuw als je iets anders wilt.")


@bp.route("/punt/<int:item_id>/status", methods=["POST"])
@guard("roadmap.edit")
def set_status(plein, item_id):
    """One-click status from the list (open, bezig, gereed)."""
    item = _item_or_404(plein, item_id)
    form = ItemStatusForm()

    def done(completion):
        flash(_what_happened(item, completion)
              or f"Status van '{item.title}' is nu {item.status_label.lower()}.", "success")
        return _row_or_list(plein, item)

    def again(status):
        if status == 409:  # the row shows the new state; say what happened there
            form.form_errors[:] = [STATUS_RACE]
            if wants_fragment():
                return _row_or_list(plein, item, status=409, headers={
                    "HX-Retarget": f"#item-{item.id}", "HX-Reswap": "outerHTML"})
        elif wants_fragment():  # only a tampered one-click form gets here
            return error_response(422, error_text(form))
        return _item_page(plein, item, status=status)

    return save(form, lambda: service.set_status(
                    plein, item, form.status.data, by=me(), reason=form.na_reason.data,
                    expected_version=form.version.data),
                done=done, again=again)


@bp.route("/punt/<int:item_id>/verplaatsen", methods=["POST"])
@guard("roadmap.edit")
def move_item(plein, item_id):
    """Move an item one place up or down within its phase."""
    item = _item_or_404(plein, item_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return error_response(422, error_text(form))
    service.move_item(plein, item, form.direction.data, by=me())
    db.session.commit()
    if wants_fragment():  # only this phase's list changed; other open phases stay open
        return _phase_list(plein, Phase(item.phase))
    return redirect(_item_in_list(plein, item), 303)


@bp.route("/punt/<int:item_id>/verwijderen", methods=["POST"])
@guard("roadmap.edit")
def delete_item(plein, item_id):
    """Delete an own item (the method's items can only be set to n.v.t.); an MT
    condition only by the lead, with a reason."""
    item = _item_or_404(plein, item_id)
    title, form = item.title, DeleteItemForm()
    return save(form, lambda: service.delete_item(plein, item, by=me(),
                                                  expected_version=form.version.data,
                                                  reason=form.reason.data),
                done=lambda _: saved(f"Actiepunt '{title}' is verwijderd.",
                                     url_for("roadmap.index", plein_id=plein.id)),
                again=lambda status: _item_page(plein, item, status=status,
                                                delete_form=form))


@bp.route("/fase")
@guard("plein.view")
def gate(plein):
    """The phase gate: what still blocks the next phase, and the way back."""
    return _gate_page(plein)


def _gate_page(plein, back_form=None, status=200):
    return render(GATE, status=status, **_common(plein), back_form=back_form or PhaseBackForm(
        formdata=None), previous_phase=gates.previous_phase(plein),
        gate_notes=gates.gate_notes(plein))


@bp.route("/fase/volgende", methods=["POST"])
@guard("phase.move")
def advance(plein):
    """Move to the next phase, if the gate is open."""
    try:
        target = gates.advance(plein, by=me())
    except gates.GateClosed as closed:
        db.session.rollback()
        flash(str(closed), "error")
        return redirect_after_post(url_for("roadmap.gate", plein_id=plein.id))
    db.session.commit()
    flash(f"{plein.name} is nu in de fase {target.label}.", "success")
    return redirect_after_post(url_for("roadmap.index", plein_id=plein.id))


@bp.route("/fase/terug", methods=["POST"])
@guard("phase.move")
def go_back(plein):
    """Go back one phase, with a reason (logged)."""
    form = PhaseBackForm()
    return save(form, lambda: gates.go_back(plein, form.reason.data, by=me()),
                done=lambda target: saved(f"{plein.name} is terug in de fase {target.label}.",
                                          url_for("roadmap.index", plein_id=plein.id)),
                again=lambda status: _gate_page(plein, back_form=form, status=status))


@bp.route("/export.csv")
@guard("plein.view")
def export_csv(plein):
    """The whole roadmap as CSV (semicolons, UTF-8 with BOM for Excel)."""
    return download(roadmap_csv(plein), "stappenplan", plein, "csv")


@bp.route("/afdrukken")
@guard("plein.view")
def print_view(plein):
    """All phases and items on paper (or PDF from the browser's print dialog)."""
    items = service.items_of(plein)
    return render("roadmap/print.html", plein=plein, grouped=service.by_phase(items),
                  progress=progress.progress(items), phase=Phase(plein.current_phase),
                  today=local_today(), threads=notes.threads(items))
