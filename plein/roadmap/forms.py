from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from plein.forms import (
    DateField,
    Form,
    VersionForm,
    choices,
    id_choice,
    max_length,
    required,
    version_field,
)
from plein.roadmap.models import ItemStatus, Recurrence
from plein.roadmap.phases import Phase
from plein.roadmap.service import REASON_MAX, TEXT_MAX, TITLE_MAX


class ItemForm(Form):
    """Everything about an item that its page edits, saved by one button."""

    version = version_field()
    status = RadioField("Status", [Optional()], choices=choices(ItemStatus.choices()))
    na_reason = StringField("Reden als het niet van toepassing is", [max_length(REASON_MAX)])
    title = StringField("Titel", [max_length(TITLE_MAX)])
    owner_id = SelectField("Eigenaar", coerce=id_choice, validate_choice=False, choices=[])
    due_date = DateField("Deadline", [Optional()])
    # shown for own items only; the service checks the value
    recurrence = SelectField(
        "Herhaling", choices=choices([("", "geen"), *Recurrence.choices()]),
        validate_choice=False)
    evidence = TextAreaField("Links (één per regel)", [max_length(TEXT_MAX)],
                             render_kw={"rows": 2, "placeholder": "https://…"})


class ItemStatusForm(Form):
    """The one-click status buttons of an item's row in the list."""

    version = version_field()
    status = SelectField("Status", choices=choices(ItemStatus.choices()))
    na_reason = StringField("Reden als het niet van toepassing is", [max_length(REASON_MAX)])


class MoveForm(Form):
    direction = SelectField("Richting", choices=choices([("up", "omhoog"), ("down", "omlaag")]))


class AddItemForm(Form):
    phase = SelectField("Fase", choices=choices((p.value, p.label) for p in Phase))
    title = StringField("Nieuw actiepunt", [required(), max_length(TITLE_MAX)])


class PhaseBackForm(Form):
    reason = TextAreaField("Waarom een fase terug?", [required(), max_length(REASON_MAX)],
                           render_kw={"rows": 2})


class FilterForm(Form):
    class Meta:
        csrf = False  # a GET form: it only filters what is shown

    summary_title = "Controleer het filter"

    mine = BooleanField("Alleen mijn punten")
    overdue = BooleanField("Alleen te laat")
    status = SelectField("Status", choices=choices([("", "alle"), *ItemStatus.choices()]))
    owner_id = SelectField("Eigenaar", coerce=id_choice, validate_choice=False, choices=[])


class DeleteItemForm(VersionForm):
    """Deleting an own item as it was seen; an item another feature depends on (an MT
    condition) needs a reason (the service says so)."""

    reason = TextAreaField("Waarom verwijder je dit punt?", [max_length(REASON_MAX)],
                           render_kw={"rows": 2})
