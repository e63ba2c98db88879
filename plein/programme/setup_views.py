"""Setting up the programme: the themes and the weekly grid of day-parts, the rooms,
and the library's closing days."""

from flask import Blueprint, abort, url_for

from plein.accounts.access import guard, me
from plein.forms import EmptyForm, choices
from plein.htmx import render
from plein.programme import service
from plein.programme.forms import ClosingDayForm, DayPartForm, NameForm
from plein.programme.models import WEEKDAYS, Part, Room, Theme
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("programme_setup", __name__, url_prefix="/p/<int:plein_id>/programma")
KINDS = {"themas": (Theme, "theme"), "ruimtes": (Room, "room")}


def _setup_page(plein, *, day_part_form=None, theme_form=None, room_form=None, renamed=None,
                status=200):
    form = day_part_form or DayPartForm(formdata=None, weekday=1, part=Part.AFTERNOON.value,
                                        starts=None, ends=None)
    form.theme_id.choices = choices(
        [(0, "(geen thema)")] + [(t.id, t.name) for t in service.themes_of(plein)])
    theme_form = theme_form or NameForm(formdata=None, prefix="theme")
    room_form = room_form or NameForm(formdata=None, prefix="room")
    theme_form.name.label.text, room_form.name.label.text = "Nieuw thema", "Nieuwe ruimte"
    themes, rooms = service.themes_of(plein), service.rooms_of(plein)
    # one rename form per row; a refused one comes back with what was typed
    rename_forms = {(kind, r.id): NameForm(formdata=None, prefix=f"{KINDS[kind][1]}-{r.id}",
                                           name=r.name)
                    for kind, records in (("themas", themes), ("ruimtes", rooms))
                    for r in records}
    if renamed is not None:
        rename_forms[renamed[:2]] = renamed[2]
    return render("programme/setup.html", status=status, plein=plein, grid=service.grid(plein),
                  weekdays=WEEKDAYS, parts=list(Part), themes=themes, rooms=rooms,
                  day_part_form=form, rename_forms=rename_forms,
                  theme_form=theme_form, room_form=room_form)


def _to_setup(plein, message, anchor=None):
    return lambda result: saved(message(result), url_for(
        "programme_setup.setup", plein_id=plein.id, _anchor=anchor))


@bp.route("/inrichting")
@guard("programme.view")
def setup(plein):
    """The weekly grid with its themes, and the lists of themes and rooms."""
    return _setup_page(plein)


@bp.route("/dagdelen", methods=["POST"])
@guard("programme.edit")
def set_day_part(plein):
    form = DayPartForm()
    form.theme_id.choices = []
    return save(form, lambda: service.set_day_part(
                    plein, weekday=form.weekday.data, part=form.part.data,
                    is_open=form.is_open.data, starts=form.starts.data, ends=form.ends.data,
                    theme_id=form.theme_id.data, by=me()),
                done=_to_setup(plein, lambda cell: f"{cell.weekday_label.capitalize()}"
                               f"{cell.part_label} is opgeslagen.", "rooster"),
                again=lambda status: _setup_page(plein, day_part_form=form, status=status))


def _name_form(kind):
    return NameForm(prefix=KINDS[kind][1])


def _again(plein, kind, form):
    return lambda status: _setup_page(plein, status=status,
                                      **{f"{KINDS[kind][1]}_form": form})


@bp.route("/<any(themas, ruimtes):kind>", methods=["POST"])
@guard("programme.edit")
def add_name(plein, kind):
    """A new theme or room."""
    form = _name_form(kind)
    return save(form, lambda: service.add_named(plein, KINDS[kind][0], form.name.data,
                                                by=me()),
                done=_to_setup(plein, lambda r: f"'{r.name}' staat in de lijst.", kind),
                again=_again(plein, kind, form))


def _named_or_404(plein, kind, record_id):
    return service.get_named(plein, KINDS[kind][0], record_id) or abort(404)


@bp.route("/<any(themas, ruimtes):kind>/<int:record_id>", methods=["POST"])
@guard("programme.edit")
def rename(plein, kind, record_id):
    record = _named_or_404(plein, kind, record_id)
    form = NameForm(prefix=f"{KINDS[kind][1]}-{record.id}")
    return save(form, lambda: service.rename_named(plein, record, form.name.data, by=me()),
                done=_to_setup(plein, lambda r: f"De naam is nu '{r.name}'.", kind),
                again=lambda status: _setup_page(plein, status=status,
                                                 renamed=(kind, record.id, form)))


@bp.route("/<any(themas, ruimtes):kind>/<int:record_id>/weg", methods=["POST"])
@guard("programme.edit")
def remove_name(plein, kind, record_id):
    record = _named_or_404(plein, kind, record_id)
    name, form = record.name, EmptyForm()
    return save(form, lambda: service.remove_named(plein, record, by=me()),
                done=_to_setup(plein, lambda _r: f"'{name}' is weggehaald.", kind),
                again=lambda status: _setup_page(plein, status=status))


# -- closing days -------------------------------------------------------------------------


def _closing_page(plein, form=None, status=200):
    today = local_today()
    return render("programme/closing.html", status=status, plein=plein,
                  days=service.closing_days(plein, today, today.replace(year=today.year + 2)),
                  suggestions=service.suggested_closing_days(plein, today),
                  form=form or ClosingDayForm(formdata=None))


@bp.route("/sluitingsdagen")
@guard("programme.view")
def closing(plein):
    """The library's closing days, with the public holidays to add."""
    return _closing_page(plein)


@bp.route("/sluitingsdagen", methods=["POST"])
@guard("programme.edit")
def add_closing(plein):
    form = ClosingDayForm()
    return save(form, lambda: service.add_closing_day(plein, form.on.data, form.reason.data,
                                                      by=me()),
                done=lambda d: saved(f"{d.on:%d-%m-%Y} is een sluitingsdag: wat die dag op "
                                     "het programma stond, vervalt.",
                                     url_for("programme_setup.closing", plein_id=plein.id)),
                again=lambda status: _closing_page(plein, form, status))


@bp.route("/sluitingsdagen/<int:closing_id>/weg", methods=["POST"])
@guard("programme.edit")
def remove_closing(plein, closing_id):
    day = service.get_closing_day(plein, closing_id) or abort(404)
    form = EmptyForm()
    return save(form, lambda: service.remove_closing_day(plein, day, by=me()),
                done=lambda _r: saved("De sluitingsdag is weggehaald.",
                                      url_for("programme_setup.closing", plein_id=plein.id)),
                again=lambda status: _closing_page(plein, status=status))
