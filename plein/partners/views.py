"""The partner register: list with active search, detail, add, edit, pipeline, quick start."""

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import guard, me
from plein.forms import choices
from plein.htmx import render
from plein.notes import service as notes
from plein.notes.forms import NoteForm
from plein.partners import service
from plein.partners.forms import (
    PartnerEditForm,
    PartnerForm,
    PartnerStatusForm,
    QuickStartForm,
    SearchForm,
)
from plein.partners.models import PartnerKind, PartnerRole
from plein.saving import save, saved

bp = Blueprint("partners", __name__, url_prefix="/p/<int:plein_id>/partners")


@bp.route("/")
@guard("plein.view")
def index(plein):
    """The register; typing in the search box swaps only the list (htmx)."""
    search = SearchForm(request.args)
    search.validate()
    partners, total, page = service.register_page(
        plein, min(max(request.args.get("pagina", 1, type=int), 1), 10_000),
        query=search.q.data, status=search.status.data, kind=search.kind.data,
        theme=search.theme.data, sort=search.sort.data)
    searching = any(request.args.get(k) for k in ("q", "status", "kind", "theme"))
    kept = {k: request.args[k] for k in ("q", "status", "kind", "theme", "sort")
            if request.args.get(k)}  # the filters stay in the pages' links

    def link(number):
        return url_for("partners.index", plein_id=plein.id, pagina=number, **kept)

    last = -(-total // service.PAGE_SIZE) or 1
    return render("partners/index.html", "partner_list", plein=plein, search=search,
                  partners=partners, searching=searching, total=total, page=page,
                  pages=last, first_shown=(page - 1) * service.PAGE_SIZE + 1,
                  previous=link(page - 1) if page > 1 else None,
                  next=link(page + 1) if page < last else None)


@bp.route("/nieuw")
@guard("partners.edit")
def new(plein):
    """Form for a new partner."""
    return _form_page(plein, PartnerForm(formdata=None, kind=PartnerKind.PROFESSIONAL,
                                                  role=PartnerRole.BOTH))


def _form_page(plein, form, partner=None, status=200):
    return render("partners/edit.html", status=status, plein=plein, form=form,
                  partner=partner)


def _to_detail(plein, message):
    return lambda partner: saved(message(partner), url_for(
        "partners.detail", plein_id=plein.id, partner_id=partner.id))


@bp.route("/", methods=["POST"])
@guard("partners.edit")
def create(plein):
    """Add a partner to the register (status kandidaat)."""
    form = PartnerForm()
    return save(form, lambda: service.create_partner(plein, by=me(), **form.for_service()),
                done=_to_detail(plein, lambda p: f"{p.name} staat nu in het register als "
                                                 "kandidaat."),
                again=lambda status: _form_page(plein, form, status=status))


def _partner_or_404(plein, partner_id):
    return service.get_partner(plein, partner_id) or abort(404)


@bp.route("/<int:partner_id>")
@guard("plein.view")
def detail(plein, partner_id):
    """One partner: details, contact, themes, pipeline history."""
    partner = _partner_or_404(plein, partner_id)
    return _detail_page(plein, partner)


def _detail_page(plein, partner, status_form=None, status=200, note_form=None, block=None):
    status_form = status_form or PartnerStatusForm(formdata=None)
    status_form.status.choices = choices(
        (status.value, status.label) for status in service.next_statuses(partner))
    return render("partners/detail.html", block, status=status, plein=plein,
                  partner=partner, status_form=status_form,
                  notes=notes.notes_of(partner), note_form=note_form or NoteForm(formdata=None))


@bp.route("/<int:partner_id>/notities", methods=["POST"])
@guard("partners.edit")
def add_note(plein, partner_id):
    """A new note at the end of the partner's thread (htmx: the thread is swapped)."""
    partner = _partner_or_404(plein, partner_id)
    form = NoteForm()
    return save(form, lambda: notes.add_note(plein, partner, form.body.data, by=me()),
                done=lambda _note: saved("Je notitie staat erbij.", url_for(
                    "partners.detail", plein_id=plein.id, partner_id=partner.id,
                    _anchor="notities"),
                    fragment=lambda: _detail_page(plein, partner, block="notes")),
                again=lambda status: _detail_page(plein, partner, note_form=form,
                                                  status=status, block="notes"))


@bp.route("/<int:partner_id>/bewerken")
@guard("partners.edit")
def edit(plein, partner_id):
    """Form to change a partner's details."""
    partner = _partner_or_404(plein, partner_id)
    form = PartnerEditForm(formdata=None, obj=partner, version=partner.version_id,
                           themes=partner.theme_keys)
    return _form_page(plein, form, partner)


@bp.route("/<int:partner_id>", methods=["POST"])
@guard("partners.edit")
def update(plein, partner_id):
    """Save a partner's details; a stale save shows both versions (409)."""
    partner = _partner_or_404(plein, partner_id)
    form = PartnerEditForm()
    return save(form, lambda: service.update_partner(
                    plein, partner, by=me(), expected_version=form.version.data,
                    **form.for_service()) or partner,
                done=_to_detail(plein, lambda p: f"Gegevens van {p.name} opgeslagen."),
                again=lambda status: _form_page(plein, form, partner, status=status))


@bp.route("/<int:partner_id>/status", methods=["POST"])
@guard("partners.edit")
def set_status(plein, partner_id):
    """Move the partner to the next step of the pipeline (dated, logged)."""
    partner = _partner_or_404(plein, partner_id)
    form = PartnerStatusForm()
    return save(form, lambda: service.set_status(plein, partner, form.status.data, by=me(),
                                                 note=form.note.data) or partner,
                done=_to_detail(plein, lambda p: f"{p.name} is nu: {p.status_label.lower()}."),
                again=lambda status: _detail_page(plein, partner, status_form=form,
                                                  status=status))


@bp.route("/snelstart")
@guard("partners.edit")
def quickstart(plein):
    """Suggested partners from the handreiking, to add as candidates in one go."""
    return _quickstart_page(plein, QuickStartForm(formdata=None))


def _quickstart_page(plein, form, status=200):
    return render("partners/quickstart.html", status=status, plein=plein, form=form,
                  suggestions=service.suggestions_for(plein))


@bp.route("/snelstart", methods=["POST"])
@guard("partners.edit")
def add_suggestions(plein):
    """Add the ticked suggestions as candidates (names already present are skipped)."""
    form = QuickStartForm()
    return save(form, lambda: service.add_suggestions(plein, form.names.data, by=me()),
                done=lambda added: saved(f"{len(added)} kandidaten toegevoegd aan het register.",
                                         url_for("partners.index", plein_id=plein.id)),
                again=lambda status: _quickstart_page(plein, form, status=status))
