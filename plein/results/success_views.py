"""Success stories: the list (a partner user sees those its organisation is in), the
story form, and the lead choosing who collects the stories."""

from flask import Blueprint, abort, url_for

from plein.accounts.access import can, guard, me, partner_membership
from plein.forms import choices
from plein.htmx import render
from plein.results import successes as service
from plein.results.success_forms import CollectorForm, StoryEditForm, StoryForm
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("successes", __name__, url_prefix="/p/<int:plein_id>/resultaten/succesverhalen")


def _organisation(plein):
    """None for library staff; else the partner organisation the user speaks for."""
    if can("successes.edit") or can("results.view"):
        return None
    membership = partner_membership(me(), plein)
    if membership is None or membership.partner is None:
        abort(404)
    return membership.partner


def _index_page(plein, *, collector_form=None, status=200):
    organisation = _organisation(plein)
    collector = service.collector(plein)
    form = collector_form
    if form is None and can("successes.collector"):
        form = CollectorForm(formdata=None, owner_id=collector.id if collector else me().id)
    if form is not None:
        _collectors(plein, form)
    return render("results/successes.html", status=status, plein=plein,
                  stories=service.stories_of(plein, organisation), collector=collector,
                  collector_form=form, organisation=organisation)


def _collectors(plein, form):
    form.owner_id.choices = choices([(0, "Kies iemand"), *(
        (u.id, u.name) for u in service.candidates(plein))])
    return form


@bp.route("")
@guard("successes.view")
def index(plein):
    """The plein's success stories, newest first, and who collects them."""
    return _index_page(plein)


def _choose(plein, form, organisation):
    partners = service.partners_of(plein)
    if organisation is not None:  # a partner names its own organisation and others
        partners = sorted(partners, key=lambda p: p.id != organisation.id)
    form.partner_ids.choices = choices([(p.id, p.name) for p in partners])
    return form


def _form_page(plein, form, story=None, status=200):
    return render("results/success_form.html", status=status, plein=plein, form=form,
                  story=story, collector=service.collector(plein))


def _to_list(plein, message):
    return lambda story: saved(message(story), url_for("successes.index", plein_id=plein.id)
                               + f"#verhaal-{story.id}")


@bp.route("/nieuw")
@guard("successes.add")
def new(plein):
    organisation = _organisation(plein)
    form = StoryForm(formdata=None, happened_on=local_today(),
                     partner_ids=[organisation.id] if organisation else [])
    return _form_page(plein, _choose(plein, form, organisation))


@bp.route("/nieuw", methods=["POST"])
@guard("successes.add")
def create(plein):
    organisation = _organisation(plein)
    form = _choose(plein, StoryForm(), organisation)
    return save(form, lambda: service.create_story(plein, by=me(), organisation=organisation,
                                                   **form.for_service()),
                done=_to_list(plein, lambda s: f"Het verhaal '{s.title}' is opgeslagen."),
                again=lambda status: _form_page(plein, form, status=status))


def _story_or_404(plein, story_id):
    return service.get_story(plein, story_id) or abort(404)


@bp.route("/<int:story_id>/bewerken")
@guard("successes.edit")
def edit(plein, story_id):
    story = _story_or_404(plein, story_id)
    form = StoryEditForm(formdata=None, obj=story, version=story.version_id,
                         partner_ids=[p.id for p in story.partners])
    return _form_page(plein, _choose(plein, form, None), story)


@bp.route("/<int:story_id>/bewerken", methods=["POST"])
@guard("successes.edit")
def update(plein, story_id):
    story = _story_or_404(plein, story_id)
    form = _choose(plein, StoryEditForm(), None)
    return save(form, lambda: service.update_story(plein, story, by=me(),
                                                   expected_version=form.version.data,
                                                   **form.for_service()),
                done=_to_list(plein, lambda s: f"Het verhaal '{s.title}' is opgeslagen."),
                again=lambda status: _form_page(plein, form, story, status=status))


@bp.route("/verzamelaar", methods=["POST"])
@guard("successes.collector")
def set_collector(plein):
    """The lead chooses who collects the stories (a monthly checklist item reminds
    them)."""
    form = _collectors(plein, CollectorForm())
    return save(form, lambda: service.set_collector(plein, form.owner_id.data, by=me()),
                done=lambda item: saved(f"{item.owner.name} verzamelt voortaan de "
                                        "succesverhalen; een maandelijks actiepunt in het "
                                        "stappenplan herinnert eraan.",
                                        url_for("successes.index", plein_id=plein.id)),
                again=lambda status: _index_page(plein, collector_form=form, status=status))
