"""The forms of evaluation moments and the partners' questionnaire. Ids in selects are
checked by the services (they belong to the plein); lengths come from the models."""

from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from plein.forms import (
    INCOMPLETE,
    REQUIRED,
    DateField,
    Form,
    choices,
    id_choice,
    max_length,
    required,
    version_field,
)
from plein.results.evaluation_models import (
    POINT_MAX,
    SCORE_MAX,
    SCORE_MIN,
    TEXT_MAX,
    Evaluation,
    Improvement,
    ReferralWorks,
)

SCORES = [(str(n), label) for n, label in zip(
    range(SCORE_MIN, SCORE_MAX + 1),
    ("1 (ontevreden)", "2", "3", "4", "5 (zeer tevreden)"), strict=True)]


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _score(value):
    if value in (None, ""):
        return None
    return int(value)  # ValueError: refused as no valid choice


class EvaluationForm(Form):
    """A moment to plan."""

    title = StringField("Titel", [required(), max_length(Evaluation.title)])
    planned_on = DateField("Gepland op", [InputRequired(REQUIRED)])

    def for_service(self):
        return {"title": self.title.data, "planned_on": self.planned_on.data}


class RecordForm(Form):
    """The moment as held: when, who took part, what went well."""

    version = version_field()
    held_on = DateField("Gehouden op", [InputRequired(REQUIRED)])
    people_ids = Checkboxes("Van de bibliotheek", coerce=id_choice, choices=[],
                            validate_choice=False)
    partner_ids = Checkboxes("Partnerorganisaties", coerce=id_choice, choices=[],
                             validate_choice=False)
    went_well = TextAreaField("Wat ging goed?", [max_length(TEXT_MAX)],
                              render_kw={"rows": 5})

    def for_service(self):
        return {"held_on": self.held_on.data, "people_ids": self.people_ids.data or [],
                "partner_ids": self.partner_ids.data or [],
                "went_well": self.went_well.data}


class ImprovementForm(Form):
    """One point that should improve: it becomes a checklist item."""

    title = StringField("Wat moet beter?", [required(), max_length(Improvement.title)])
    explanation = TextAreaField("Toelichting", [max_length(POINT_MAX)],
                                render_kw={"rows": 3})
    owner_id = SelectField("Wie pakt het op?", coerce=id_choice, validate_choice=False,
                           choices=[])
    due_date = DateField("Deadline", [InputRequired(REQUIRED)])

    def for_service(self):
        return {"title": self.title.data, "explanation": self.explanation.data,
                "owner_id": self.owner_id.data, "due_date": self.due_date.data}


class AnswerForm(Form):
    """A partner organisation's answers. ``version`` is 0 while there is none yet."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])
    satisfaction = RadioField("Hoe tevreden zijn jullie over de samenwerking?",
                              choices=choices(SCORES), coerce=_score, validate_choice=False)
    works = TextAreaField("Wat werkt goed?", [max_length(TEXT_MAX)], render_kw={"rows": 4})
    change = TextAreaField("Wat moet anders?", [max_length(TEXT_MAX)], render_kw={"rows": 4})
    referral = RadioField("Werkt de doorverwijsafspraak?",
                          choices=choices(ReferralWorks.choices()), validate_choice=False)
    referral_note = TextAreaField("Toelichting bij de doorverwijsafspraak",
                                  [max_length(TEXT_MAX)], render_kw={"rows": 3})

    def for_service(self):
        return {"satisfaction": self.satisfaction.data, "works": self.works.data,
                "change": self.change.data, "referral": self.referral.data,
                "referral_note": self.referral_note.data}
