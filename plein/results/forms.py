"""The forms of results. Ids in selects are checked by the service (they belong to the
plein); lengths come from the models."""

import re

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

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
from plein.results.models import VALUE_MAX, WHY_MAX, Goal, GoalKind, Measurement, Source

NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+([.,]\d+)?$")


class NumberField(StringField):
    """A figure typed the Dutch way (1.250 or 7,5) or the English way (7.5). Empty is
    None; anything else that is not a number is refused in Dutch, and stays typed."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "decimal", "autocomplete": "off",
                     **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:g}".replace(".", ",")

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        self.data = None
        if not text:
            return
        if len(text) > 20 or not NUMBER.match(text):
            raise ValueError("Vul een getal in, bijvoorbeeld 250 of 7,5.")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.250: a thousands separator
            text = text.replace(".", "")
        value = float(text.replace(".", "").replace(",", ".") if "," in text else text)
        if abs(value) > VALUE_MAX:
            raise ValueError("Dit getal is te groot.")
        self.data = value


class GoalForm(Form):
    title = StringField("Titel", [required(), max_length(Goal.title)])
    why = TextAreaField("Waarom dit doel?", [max_length(WHY_MAX)], render_kw={"rows": 3})
    kind = RadioField("Soort doel", choices=choices(GoalKind.choices()),
                      default=GoalKind.QUANTITATIVE.value, validate_choice=False)
    owner_id = SelectField("Wie trekt het?", coerce=id_choice, validate_choice=False,
                           choices=[])
    starts_on = DateField("Begindatum", [InputRequired(REQUIRED)])
    deadline = DateField("Einddatum (deadline)", [InputRequired(REQUIRED)])
    source = SelectField("Waar komen de cijfers vandaan?", validate_choice=False,
                         choices=choices([("", "Kies de bron"), *Source.choices()]))
    theme_id = SelectField("Alleen over thema", coerce=id_choice, validate_choice=False,
                           choices=[])
    partner_id = SelectField("Alleen van partner", coerce=id_choice, validate_choice=False,
                             choices=[])
    unit = StringField("Eenheid (bij zelf ingevoerde metingen)", [max_length(Goal.unit)])
    baseline = NumberField("Nulmeting (beginwaarde)")
    target = NumberField("Streefcijfer")

    def for_service(self):
        return {name: self[name].data for name in (
            "title", "why", "kind", "owner_id", "starts_on", "deadline", "source",
            "theme_id", "partner_id", "unit", "baseline", "target")}


class GoalEditForm(GoalForm):
    version = version_field()


class MeasurementForm(Form):
    on = DateField("Datum van de meting", [InputRequired(REQUIRED)])
    value = NumberField("Gemeten waarde", [InputRequired(REQUIRED)])
    source = StringField("Bron", [required(), max_length(Measurement.source)])

    def for_service(self):
        return {"on": self.on.data, "value": self.value.data, "source": self.source.data}
