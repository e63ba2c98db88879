"""The programme's forms. Ids in selects are checked by the service (they belong to the
plein); lengths come from the models."""

import re
from datetime import time

from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from plein.forms import (
    REQUIRED,
    DateField,
    Form,
    VersionForm,
    choices,
    id_choice,
    max_length,
    required,
    version_field,
)
from plein.programme.models import (
    DESCRIPTION_MAX,
    WEEKDAYS,
    Access,
    Activity,
    ActivityKind,
    Change,
    ClosingDay,
    DeskShift,
    DeskSwap,
    OccurrenceChange,
    Part,
    Rule,
    Theme,
)

TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")
WEEKDAY_CHOICES = [(str(n), day) for n, day in enumerate(WEEKDAYS)]
NTH_CHOICES = [("1", "eerste"), ("2", "tweede"), ("3", "derde"), ("4", "vierde"),
               ("-1", "laatste")]


class TimeField(StringField):
    """A time typed as uu:mm (14:00 or 14.00). A text input, like plein's DateField: the
    server sees what was typed and says what is wrong."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "numeric", "placeholder": "uu:mm", "autocomplete": "off",
                     "size": 5, **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        match = TIME_RE.match(text)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(f"'{text[:20]}' is geen tijd; schrijf uren en minuten, "
                             "bijvoorbeeld 14:00.")
        self.data = time(int(match[1]), int(match[2]))


def typed():
    """Required for a date or time field: something must be typed. (DataRequired would
    put "verplicht" in place of the message that says what is wrong with the text.)"""
    return InputRequired(message=REQUIRED)


def optional_int(value):
    """``coerce`` for a select whose empty option means none."""
    if value in (None, ""):
        return None
    number = int(value)
    if not -10 < number < 10:
        raise ValueError("out of range")
    return number


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NameForm(Form):
    """A theme or a room: a name."""

    name = StringField("Naam", [required(), max_length(Theme.name)])


class DayPartForm(Form):
    weekday = SelectField("Dag", coerce=optional_int, choices=choices(WEEKDAY_CHOICES))
    part = SelectField("Dagdeel", choices=choices(Part.choices()))
    is_open = BooleanField("Het plein is open", default=True)
    starts = TimeField("Open vanaf")
    ends = TimeField("Open tot")
    theme_id = SelectField("Thema", coerce=id_choice, validate_choice=False, choices=[])


class ActivityForm(Form):
    title = StringField("Titel", [required(), max_length(Activity.title)])
    kind = SelectField("Soort aanbod", choices=choices(ActivityKind.choices()))
    partner_id = SelectField("Organisatie", coerce=id_choice, validate_choice=False,
                             choices=[])
    theme_ids = CheckboxesField("Thema's", coerce=id_choice, validate_choice=False,
                                choices=[])
    target_groups = StringField("Voor wie", [max_length(Activity.target_groups)])
    description = TextAreaField("Korte beschrijving", [max_length(DESCRIPTION_MAX)],
                                render_kw={"rows": 4})
    room_id = SelectField("Waar op het plein", coerce=id_choice, validate_choice=False,
                          choices=[])
    access = RadioField("Inloop of afspraak", choices=choices(Access.choices()),
                        default=Access.WALK_IN.value)
    appointment_how = StringField("Hoe maak je een afspraak?",
                                  [max_length(Activity.appointment_how)])
    is_free = BooleanField("Gratis voor de bezoeker", default=True)
    cost = StringField("Bedrag en wat het dekt", [max_length(Activity.cost)])

    def for_service(self):
        return {name: self[name].data for name in (
            "title", "kind", "partner_id", "theme_ids", "target_groups", "description",
            "room_id", "access", "appointment_how", "is_free", "cost")}


class ActivityEditForm(ActivityForm):
    version = version_field()


class ScheduleForm(Form):
    rule = SelectField("Hoe vaak", choices=choices(Rule.choices()))
    start_date = DateField("Datum, of eerste datum")
    end_date = DateField("Laatste datum (niet verplicht)")
    weekday = SelectField("Dag van de week", coerce=optional_int,
                          choices=choices([("", "(volgt uit de datum)"), *WEEKDAY_CHOICES]))
    nth = SelectField("Week van de maand", coerce=optional_int,
                      choices=choices([("", "(niet van toepassing)"), *NTH_CHOICES]))
    starts = TimeField("Begintijd", [typed()])
    ends = TimeField("Eindtijd", [typed()])

    def for_service(self):
        return {name: self[name].data for name in (
            "rule", "start_date", "end_date", "weekday", "nth", "starts", "ends")}


class ChangeForm(Form):
    on = DateField("Datum", [typed()])
    change = SelectField("Wat verandert er", choices=choices(Change.choices()))
    reason = StringField("Reden", [max_length(OccurrenceChange.reason)])
    new_date = DateField("Nieuwe datum")
    new_starts = TimeField("Nieuwe begintijd")
    new_ends = TimeField("Nieuwe eindtijd")
    person = StringField("Wie doet het", [max_length(OccurrenceChange.person)])

    def for_service(self):
        return {name: self[name].data for name in (
            "on", "change", "reason", "new_date", "new_starts", "new_ends", "person")}


class UndoForm(Form):
    on = DateField(widget=HiddenInput(), validators=[typed()])


class HideForm(VersionForm):
    """The lead hides an activity; the reason is shown to its organisation."""

    reason = StringField("Waarom verbergen?", [required(),
                                               max_length(Activity.hidden_reason)])


class ClosingDayForm(Form):
    on = DateField("Datum", [typed()])
    reason = StringField("Reden", [max_length(ClosingDay.reason)])


class DeskNamesForm(Form):
    """Whether the screen on the plein shows the desk staff's first names."""

    show = RadioField("Voornamen van de baliedienst op het scherm",
                      choices=choices([("ja", "Tonen"), ("nee", "Niet tonen")]),
                      validators=[InputRequired("Kies tonen of niet tonen.")])
class ShiftForm(Form):
    """A weekly desk shift: a person from the list, or a volunteer's first name (with
    the organisation, for library staff)."""

    weekday = SelectField("Dag", coerce=optional_int, choices=choices(WEEKDAY_CHOICES))
    part = SelectField("Dagdeel", choices=choices(Part.choices()))
    person_id = SelectField("Wie", coerce=id_choice, validate_choice=False, choices=[])
    first_name = StringField("Of: voornaam van een vrijwilliger",
                             [max_length(DeskShift.first_name)])
    partner_id = SelectField("Vrijwilliger van", coerce=id_choice, validate_choice=False,
                             choices=[])

    def for_service(self):
        return {name: self[name].data for name in (
            "weekday", "part", "person_id", "first_name", "partner_id")}


class SwapForm(Form):
    """One date of a shift: someone else stands in, or nobody."""

    on = DateField("Datum", [typed()])
    person_id = SelectField("Wie neemt het over", coerce=id_choice, validate_choice=False,
                            choices=[])
    first_name = StringField("Of: voornaam van een vrijwilliger",
                             [max_length(DeskSwap.first_name)])
    reason = StringField("Reden (niet verplicht)", [max_length(DeskSwap.reason)])

    def for_service(self):
        return {name: self[name].data for name in ("on", "person_id", "first_name",
                                                   "reason")}
