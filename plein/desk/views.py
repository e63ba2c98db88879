"""The desk page: count a contact in a few taps, take back a mis-tap within a minute.

Recording is one small POST; for htmx the answer is the "last" block only (what was
counted, the undo button, today's count), and the page's script resets the form.
"""

from flask import Blueprint, url_for

from plein.accounts.access import guard, me
from plein.desk import tally
from plein.desk.forms import TallyForm, UndoForm
from plein.desk.models import Help
from plein.forms import choices
from plein.htmx import render, wants_fragment
from plein.programme import service as programme
from plein.programme.models import WEEKDAYS
from plein.saving import save, saved

REFUSED_FORM = {"HX-Retarget": "#desk-form", "HX-Reswap": "outerHTML"}
bp = Blueprint("desk", __name__, url_prefix="/p/<int:plein_id>/balie")


def _choose(plein, form):
    form.theme_ids.choices = choices((t.id, t.name) for t in programme.themes_of(plein))
    form.partner_id.choices = choices(
        [(0, "Bibliotheek")] + [(p.id, p.name) for p in tally.helpers_of(plein)])
    return form


def _new_form(plein):
    own = tally.own_organisation(plein, me())
    return _choose(plein, TallyForm(formdata=None, partner_id=own.id if own else 0))


def _page(plein, *, form=None, last=None, status=200, block=None, headers=None):
    now, user = tally.local_now(), me()
    if last is None:
        last = tally.last_of(plein, user)
    # the form only when it is sent: the whole page, or the refused form for htmx
    page = {} if block == "last" and wants_fragment() else {
        "form": form or _new_form(plein), "helps": list(Help),
        "part_now": tally.part_at(plein, now), "weekday": WEEKDAYS[now.weekday()],
        "suggestions": tally.topic_suggestions(plein, now.date())}
    return render("desk/index.html", block, status=status, headers=headers, plein=plein,
                  now=now, last=last if tally.undoable(last) else None,
                  today_count=tally.count_on(plein, now.date()), **page)


@bp.route("/")
@guard("desk.record")
def index(plein):
    """The desk: what the question was about, who helped, what happened."""
    return _page(plein)


def _to_desk(plein):
    return url_for("desk.index", plein_id=plein.id)


@bp.route("/turven", methods=["POST"])
@guard("desk.record")
def record(plein):
    form = _choose(plein, TallyForm())
    return save(form, lambda: tally.record(plein, by=me(), **form.for_service()),
                done=lambda t: saved(
                    f"Geteld: {', '.join(th.name for th in t.themes)} · "
                    f"{t.help_label.lower()} · {t.helper}.", _to_desk(plein),
                    lambda: _page(plein, last=t, block="last")),
                # refused: htmx gets the form back with its messages, in place of the form
                again=lambda status: _page(plein, form=form, status=status, block="form",
                                           headers=REFUSED_FORM))


@bp.route("/ongedaan", methods=["POST"])
@guard("desk.record")
def undo(plein):
    """Take back one's own last tally, within a minute of counting it."""
    form = UndoForm()
    return save(form, lambda: tally.undo(plein, form.tally_id.data, by=me()),
                done=lambda _t: saved("De laatste turf is ongedaan gemaakt.", _to_desk(plein),
                                      lambda: _page(plein, block="last")),
                again=lambda status: _page(plein, status=status, block="last"))
