"""The afwegingstabel's forms. Limits come from the models and the service's constants."""

from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from plein.assessment.defaults import COMMERCIAL_CHECKS, GROUPS, SCORE_LABELS
from plein.assessment.models import CheckAnswer, CheckReply, Score, Verdict
from plein.assessment.service import REASON_MAX, SCORE_RANGE, TEXT_MAX, TITLE_MAX, WEIGHTS
from plein.forms import (
    INCOMPLETE,
    Form,
    choices,
    max_length,
    required,
    version_field,
)
from plein.text import clean_line

INVALID = "invalid"  # a score that was sent but is none of '', 0, 1, 2, 3


def score_value(value):
    """'' (or None) is not scored; 0-3 a score; anything else INVALID."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in SCORE_LABELS else INVALID
    return int(value) if value in {str(v) for v in SCORE_LABELS} else INVALID


class ScoreField(SelectField):
    """A score: – (not scored) or 0-3; refused in plain Dutch otherwise."""

    def __init__(self, label=None, validators=None, **kwargs):
        options = [("", "– nog niet"), *((str(v), f"{v} – {text}")
                                         for v, text in SCORE_LABELS.items())]
        super().__init__(label, validators, coerce=score_value, choices=choices(options),
                         **kwargs)

    def pre_validate(self, form):
        if self.data == INVALID:
            raise ValidationError(SCORE_RANGE)


class LoadedScoreField(HiddenField):
    """A score as the page was loaded (hidden): what the person changed is what differs."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = score_value(valuelist[0])

    def pre_validate(self, form):
        if self.data == INVALID:
            raise ValidationError(SCORE_RANGE)

    def _value(self):
        return "" if self.data in (None, INVALID) else str(self.data)


class ScoreForm(Form):
    """One cell of the matrix. Without ``explanation`` the stored one stays."""

    value = ScoreField("Score")
    explanation = StringField("Toelichting", [max_length(Score.explanation)])

    def sent_explanation(self):
        return self.explanation.data if self.explanation.raw_data else None


class ScoresForm(Form):
    """Every score of one partner; its fields depend on the plein's criteria, so the
    class is made per request by :func:`scores_form`."""

    def entries(self, criteria):
        """criterion -> (value as loaded, explanation as loaded, value sent, explanation
        sent), for the criteria the page carried (one added since is left alone)."""
        def tidy(text):
            return clean_line(text or "")

        return {c: (self[f"orig-{c.id}"].data, tidy(self[f"orig-explanation-{c.id}"].data),
                    self[f"score-{c.id}"].data, tidy(self[f"explanation-{c.id}"].data))
                for c in criteria if f"score-{c.id}" in self and self[f"score-{c.id}"].raw_data}

    def reload(self, stored):
        """After a stale save: the hidden 'as loaded' values become what is stored now, so
        saving again is a deliberate overwrite (what was typed stays in the fields)."""
        for criterion_id, (value, text) in stored.items():
            if f"orig-{criterion_id}" in self:
                self[f"orig-{criterion_id}"].data = value
                field = self[f"orig-explanation-{criterion_id}"]
                field.data, field.raw_data = text, None


def scores_form(criteria):
    """The form class for every score of one partner (the partner page): per criterion
    the score and explanation as sent and as the page was loaded."""
    fields = {}
    for c in criteria:
        fields[f"orig-{c.id}"] = LoadedScoreField()
        fields[f"orig-explanation-{c.id}"] = HiddenField(default="")
        fields[f"score-{c.id}"] = ScoreField(f"Score op {c.title}")
        fields[f"explanation-{c.id}"] = StringField(f"Toelichting bij {c.title}",
                                                    [max_length(Score.explanation)])
    return type("ScoresForm", (ScoresForm,), fields)


class LoadedAnswerField(HiddenField):
    """A check's answer as the page showed it ("open" for not known yet, as "" would
    look like a missing field)."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = CheckReply.OPEN.value if valuelist[0] == "open" else valuelist[0]

    def _value(self):
        return self.data or "open"

    def pre_validate(self, form):
        if self.data not in CheckReply.values():
            raise ValidationError(INCOMPLETE)


class _ChecksForm(Form):
    """The four checks a commercial partner must pass, with a note each, and each as the
    page showed it (``was-``): only what this person changed is saved."""

    def answers(self, prefix=""):
        """key -> (CheckReply, note) as sent (``prefix`` "was-": as the page showed them)."""
        return {check.key: (CheckReply(self[f"{prefix}check-{check.key}"].data),
                            self[f"{prefix}note-{check.key}"].data)
                for check in COMMERCIAL_CHECKS}

    def reload(self, stored):
        """After a stale save: what is stored now becomes 'as shown' (what was typed
        stays), so saving again is a deliberate overwrite."""
        for key, (answer, note) in stored.items():
            self[f"was-check-{key}"].data = answer.value
            self[f"was-note-{key}"].data, self[f"was-note-{key}"].raw_data = note, None


def _checks_form():
    answers = choices(CheckReply.choices())
    fields = {}
    for check in COMMERCIAL_CHECKS:
        fields[f"check-{check.key}"] = RadioField(check.question, choices=answers,
                                                  default=CheckReply.OPEN.value)
        fields[f"note-{check.key}"] = StringField(f"Toelichting: {check.question}",
                                                  [max_length(CheckAnswer.note)])
        fields[f"was-check-{check.key}"] = LoadedAnswerField(
            validators=[InputRequired(INCOMPLETE)])
        fields[f"was-note-{check.key}"] = HiddenField(default="")
    return type("ChecksForm", (_ChecksForm,), fields)


ChecksForm = _checks_form()


def checks_data(stored):
    """The form's data for the checks as stored (key -> (CheckReply, note)): shown and
    'as shown'."""
    return {f"{prefix}{name}-{key}": value for key, (answer, note) in stored.items()
            for prefix in ("", "was-")
            for name, value in (("check", answer.value), ("note", note))}


WEIGHT_LABELS = {1: "1 (minder belangrijk)", 2: "2", 3: "3 (zeer belangrijk)"}


class CriterionForm(Form):
    """A new criterion (no version yet: see CriterionEditForm)."""

    title = StringField("Criterium", [required(), max_length(TITLE_MAX)])
    group = SelectField("Onderdeel", choices=choices(GROUPS.items()))
    weight = SelectField("Gewicht", coerce=int, choices=choices(
        (w, WEIGHT_LABELS[w]) for w in WEIGHTS))
    explanation = TextAreaField("Toelichting", [max_length(TEXT_MAX)], render_kw={"rows": 2})

    def for_service(self):
        return {name: getattr(self, name).data for name in (
            "group", "title", "explanation", "weight")}


class CriterionEditForm(CriterionForm):
    """A criterion as it was when the page was made. Its fields get ids of their own
    (``title-12``), as the criteria page holds one such form per criterion."""

    version = version_field()

    def number(self, criterion_id):
        for field in self:
            if field.name != "csrf_token":
                field.id = field.label.field_id = f"{field.name}-{criterion_id}"
        return self


class UnlockForm(Form):
    reason = StringField("Waarom moeten de gewichten nog veranderen?",
                         [required(), max_length(REASON_MAX)])


class DecisionForm(Form):
    version = version_field()
    value = SelectField("Besluit", [InputRequired()],
                        choices=choices(Verdict.choices()))
    rationale = TextAreaField("Onderbouwing", [required(), max_length(TEXT_MAX)],
                              render_kw={"rows": 3})
