from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from plein.forms import Form, choices, id_choice, max_length, required, version_field
from plein.roadmap.models import RECURRENCE_LABELS, STATUS_LABELS
from plein.roadmap.phases import Phase
from plein.roadmap.service import REASON_MAX, TEXT_MAX, TITLE_MAX

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class ItemForm(Form):
    version = version_field()
    title = StringField("Titel", [max_length(TITLE_MAX)])
    owner_id = SelectField("Eigenaar", coerce=id_choice, validate_choice=False, choices=[])
    due_date = DateField("Deadline", [Optional()], format=DATE_FORMATS)
    # shown for own items only; the service checks the value
    recurrence = SelectField(
        "Herhaling", choices=choices([("", "geen"), *RECURRENCE_LABELS.items()]),
        validate_choice=False)
    notes = TextAreaField("Notities", [max_length(TEXT_MAX)], render_kw={"rows": 4})
    evidence = TextAreaField("Links (één per regel)", [max_length(TEXT_MAX)],
                             render_kw={"rows": 2, "placeholder": "https://…"})


class StatusForm(Form):
    version = version_field()
    status = SelectField("Status", choices=choices(STATUS_LABELS.items()))
    na_reason = StringField("Reden als het niet van toepassing is", [max_length(REASON_MAX)])
    back = HiddenField()


class AddItemForm(Form):
    phase = SelectField("Fase", choices=choices((p.value, p.label) for p in Phase))
    title = StringField("Nieuw actiepunt", [required(), max_length(TITLE_MAX)])


class PhaseBackForm(Form):
    reason = TextAreaField("Waarom een fase terug?", [required(), max_length(REASON_MAX)],
                           render_kw={"rows": 2})


class FilterForm(Form):
    class Meta:
        csrf = False  # a GET form: it only filters what is shown

    mine = BooleanField("Alleen mijn punten")
    overdue = BooleanField("Alleen te laat")
    status = SelectField("Status", choices=choices([("", "alle"), *STATUS_LABELS.items()]))
    owner_id = SelectField("Eigenaar", coerce=id_choice, validate_choice=False, choices=[])


class DeleteItemForm(Form):
    """Deleting an own item; an item another feature depends on (an MT condition) needs
    a reason (the service says so)."""

    reason = TextAreaField("Waarom verwijder je dit punt?", [max_length(REASON_MAX)],
                           render_kw={"rows": 2})
