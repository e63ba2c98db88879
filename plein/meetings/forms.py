"""The forms of meetings. Ids in selects and checkboxes are checked by the service
(they belong to the plein); lengths come from the models."""

from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from plein.forms import (
    REQUIRED,
    DateField,
    Form,
    choices,
    id_choice,
    max_length,
    required,
    version_field,
)
from plein.meetings.models import TEXT_MAX, MeetingAction, MeetingKind


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MeetingForm(Form):
    kind = SelectField("Soort overleg", choices=choices(MeetingKind.choices()),
                       validate_choice=False)
    on = DateField("Datum", [InputRequired(REQUIRED)])
    user_ids = CheckboxesField("Aanwezig van de bibliotheek", coerce=id_choice,
                               validate_choice=False, choices=[])
    partner_ids = CheckboxesField("Aanwezige partnerorganisaties", coerce=id_choice,
                                  validate_choice=False, choices=[])
    agenda = TextAreaField("Agenda", [max_length(TEXT_MAX)], render_kw={"rows": 14})
    notes = TextAreaField("Verslag", [max_length(TEXT_MAX)], render_kw={"rows": 8})
    decisions = TextAreaField("Besluiten", [max_length(TEXT_MAX)], render_kw={"rows": 4})

    def for_service(self):
        return {name: self[name].data for name in (
            "kind", "on", "user_ids", "partner_ids", "agenda", "notes", "decisions")}


class MeetingEditForm(MeetingForm):
    version = version_field()


class ActionForm(Form):
    title = StringField("Actiepunt", [required(), max_length(MeetingAction.title)])
    owner_id = SelectField("Wie pakt het op?", coerce=id_choice, validate_choice=False,
                           choices=[])
    due_date = DateField("Deadline", [InputRequired(REQUIRED)])
    partner_id = SelectField("Samen met partner (die ziet het actiepunt dan ook)",
                             coerce=id_choice, validate_choice=False, choices=[])

    def for_service(self):
        return {name: self[name].data for name in ("title", "owner_id", "due_date",
                                                   "partner_id")}
