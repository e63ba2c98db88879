"""The forms of the voortgangsrapportage. The draft's form has one text per section of
``report_sections.SECTIONS`` (a section added there gets its text field here)."""

from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired

from plein.forms import REQUIRED, DateField, Form, choices, max_length, version_field
from plein.results.report_models import COMMENT_MAX, TEXT_MAX, Period
from plein.results.report_sections import SECTIONS


class StartForm(Form):
    period = SelectField("Periode", choices=choices(Period.choices()),
                         default=Period.QUARTER.value, validate_choice=False)
    starts_on = DateField("Begint op (de eerste van een maand)", [InputRequired(REQUIRED)])

    def for_service(self):
        return {"period": self.period.data, "starts_on": self.starts_on.data}


class _DraftBase(StartForm):
    version = version_field()

    def for_service(self):
        return {**super().for_service(),
                "texts": {s.key: self[f"text_{s.key}"].data for s in SECTIONS}}


ReportForm = type("ReportForm", (_DraftBase,), {
    f"text_{s.key}": TextAreaField(f"Tekst bij ‘{s.title}’", [max_length(TEXT_MAX)],
                                   description=s.hint, render_kw={"rows": 4})
    for s in SECTIONS})


class CommentForm(Form):
    body = TextAreaField("Je reactie", [InputRequired(REQUIRED), max_length(COMMENT_MAX)],
                         render_kw={"rows": 3})
