"""The forms of communication. Ids in selects are checked by the services (they belong
to the plein); lengths come from the models."""

from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from plein.communication.models import (
    MESSAGE_MAX,
    TEXT_MAX,
    Audience,
    CalendarItem,
    ChannelFigure,
    ItemStatus,
    Means,
    Metric,
)
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
from plein.results.forms import NumberField


class PlanForm(Form):
    responsible_id = SelectField("Verantwoordelijk voor de planning", coerce=id_choice,
                                 validate_choice=False, choices=[])
    introduction = TextAreaField("Inleiding", [max_length(TEXT_MAX)], render_kw={"rows": 4})
    version = version_field()

    def for_service(self):
        return {"responsible_id": self.responsible_id.data,
                "introduction": self.introduction.data,
                "expected_version": self.version.data}


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AudienceForm(Form):
    name = StringField("Naam van de doelgroep", [required(), max_length(Audience.name)])
    age = StringField("Leeftijd", [max_length(Audience.age)])
    interests = TextAreaField("Interesses", [max_length(TEXT_MAX)], render_kw={"rows": 2})
    area = StringField("Waar wonen ze?", [max_length(Audience.area)])
    media_use = TextAreaField("Mediagebruik", [max_length(TEXT_MAX)], render_kw={"rows": 2})
    goal = StringField("Doel", [required(), max_length(Audience.goal)])
    target = NumberField("Streefcijfer", [InputRequired(REQUIRED)])
    unit = StringField("Eenheid", [max_length(Audience.unit)])
    goal_date = DateField("Bereikt op", [InputRequired(REQUIRED)])
    core_message = TextAreaField("Kernboodschap", [max_length(TEXT_MAX)],
                                 render_kw={"rows": 3})
    tone = StringField("Tone of voice", [max_length(Audience.tone)])
    means = CheckboxesField("Middelen", choices=choices(Means.choices()),
                            validate_choice=False)
    means_other = StringField("Ander middel", [max_length(Audience.means_other)])

    def for_service(self):
        return {name: self[name].data for name in (
            "name", "age", "interests", "area", "media_use", "goal", "target", "unit",
            "goal_date", "core_message", "tone", "means", "means_other")}


class AudienceEditForm(AudienceForm):
    version = version_field()


class ItemForm(Form):
    on = DateField("Datum", [InputRequired(REQUIRED)])
    buffer_on = DateField("Bufferdatum (klaar vóór)")
    audience_id = SelectField("Doelgroep", coerce=id_choice, validate_choice=False,
                              choices=[])
    means = SelectField("Middel", validate_choice=False,
                        choices=choices([("", "Kies een middel"), *Means.choices()]))
    channel = StringField("Kanaal", [max_length(CalendarItem.channel)])
    message = TextAreaField("Boodschap", [required(), max_length(MESSAGE_MAX)],
                            render_kw={"rows": 3})
    owner_id = SelectField("Wie verzorgt het? (bibliotheek)", coerce=id_choice,
                           validate_choice=False, choices=[])
    partner_id = SelectField("Of: op de kanalen van partner", coerce=id_choice,
                             validate_choice=False, choices=[])
    status = SelectField("Status", validate_choice=False,
                         choices=choices(ItemStatus.choices()),
                         default=ItemStatus.IDEA.value)

    def for_service(self):
        return {name: self[name].data for name in (
            "on", "buffer_on", "audience_id", "means", "channel", "message", "owner_id",
            "partner_id", "status")}


class ItemEditForm(ItemForm):
    version = version_field()


class StatusForm(Form):
    status = SelectField("Status", validate_choice=False,
                         choices=choices(ItemStatus.choices()))
    version = version_field()


class FigureForm(Form):
    on = DateField("Datum", [InputRequired(REQUIRED)])
    metric = SelectField("Wat is gemeten?", validate_choice=False,
                         choices=choices([("", "Kies wat je meet"), *Metric.choices()]))
    value = NumberField("Cijfer", [InputRequired(REQUIRED)])
    source = StringField("Bron", [required(), max_length(ChannelFigure.source)])
    audience_id = SelectField("Over doelgroep", coerce=id_choice, validate_choice=False,
                              choices=[])

    def for_service(self):
        return {name: self[name].data for name in (
            "on", "metric", "value", "source", "audience_id")}
