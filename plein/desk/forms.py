"""The desk's forms. Ids in the choices are checked by the service (they belong to the
plein); the topic's length comes from the model."""

from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from plein.desk.models import Tally
from plein.forms import INCOMPLETE, DateField, Form, choices, id_choice, max_length
from plein.programme.forms import CheckboxesField
from plein.programme.models import Part

NOW = "volgens de klok"


class TallyForm(Form):
    """One contact. ``help`` comes from the button that was tapped: choosing what
    happened is also what records the contact."""

    theme_ids = CheckboxesField("Waar ging de vraag over?", coerce=id_choice,
                                validate_choice=False, choices=[])
    partner_id = RadioField("Wie hielp?", coerce=id_choice, validate_choice=False,
                            choices=[], default=0)
    topic = StringField("Onderwerp in een woord (niet verplicht)", [max_length(Tally.topic)],
                        render_kw={"autocomplete": "off", "list": "topic-suggestions",
                                   "enterkeyhint": "done"})
    on = DateField("Datum", render_kw={"placeholder": "vandaag"})
    part = SelectField("Dagdeel", choices=choices([("", NOW), *Part.choices()]),
                       validate_choice=False)
    help = HiddenField("Wat gebeurde er?")  # the buttons carry it (templates/desk)

    def for_service(self):
        return {name: self[name].data for name in (
            "theme_ids", "partner_id", "topic", "on", "part", "help")}



class UndoForm(Form):
    tally_id = IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])
