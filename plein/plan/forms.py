"""The plan's forms. Limits come from plan/service.py and plan/reviews.py; the fields
give templates their maxlength."""

from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from plein.forms import Form, choices, id_choice, max_length, version_field
from plein.plan.conditions import CONDITIONS_TEXT_MAX
from plein.plan.models import (
    CostKind,
    FundingKind,
    FundingStatus,
    PleinShape,
    ReviewDecision,
)
from plein.plan.service import (
    AMOUNT_TEXT_MAX,
    BODY_MAX,
    COMMENT_MAX,
    HINTS,
    LINE_MAX,
    NAME_MAX,
    SECTIONS,
)


def section_field(key):
    """The name of a section's text area (``section-why``)."""
    return f"section-{key}"


class _PlanForm(Form):
    version = version_field()
    name = StringField("Naam van het plein", [max_length(NAME_MAX)])
    shape = SelectField("Vorm", choices=choices([("", "— nog niet gekozen —"),
                                                 *PleinShape.choices()]), default="")
    partner_ids = SelectMultipleField("Partners uit het register", coerce=id_choice,
                                      choices=[], widget=ListWidget(prefix_label=False),
                                      option_widget=CheckboxInput())

    def sections(self):
        """(key, field) of each plan section, in the plan's order."""
        return [(key, self[section_field(key)]) for key, _title, _hint in SECTIONS]

    def for_service(self):
        """What the service saves: a field the request did not carry stays as it is
        (None, or no key); the partners are what is ticked."""
        def sent(field):
            return field.data or "" if field.raw_data else None

        return {"name": sent(self.name), "shape": sent(self.shape),
                "bodies": {key: field.data or "" for key, field in self.sections()
                           if field.raw_data},
                "partner_ids": self.partner_ids.data}


# One text area per section of "op papier zetten", named section-<key>.
PlanForm = type("PlanForm", (_PlanForm,), {
    section_field(key): TextAreaField(title, [max_length(BODY_MAX)],
                                      description=HINTS[key], render_kw={"rows": 4})
    for key, title, _hint in SECTIONS})


class LineForm(Form):
    """A new budget line (a cost or a funding source)."""

    kind = SelectField("Soort", choices=choices([*CostKind.choices(),
                                                         *FundingKind.choices()]))
    description = StringField("Omschrijving", [max_length(LINE_MAX)])
    amount = StringField("Bedrag", [max_length(AMOUNT_TEXT_MAX)],
                         render_kw={"inputmode": "decimal"})
    # funding only; the service refuses a missing one
    status = SelectField("Status", choices=choices(FundingStatus.choices()),
                         validate_choice=False, default=FundingStatus.REQUESTED)

    def values(self):
        return {"kind": self.kind.data, "description": self.description.data or "",
                "amount": self.amount.data or "", "status": self.status.data}


class EditLineForm(LineForm):
    version = version_field()


class SubmitForm(Form):
    version = version_field()
    seen = HiddenField()
    note = TextAreaField("Toelichting voor het MT", [max_length(COMMENT_MAX)],
                         render_kw={"rows": 3})


class ReviewForm(Form):
    decision = RadioField("Steun je dit plan?", choices=choices(ReviewDecision.choices()),
                          validate_choice=False)
    conditions = TextAreaField("Voorwaarden", [max_length(CONDITIONS_TEXT_MAX)],
                               render_kw={"rows": 3})
    comment = TextAreaField("Toelichting of vragen", [max_length(COMMENT_MAX)],
                            render_kw={"rows": 3})

    def values(self):
        return {"decision": self.decision.data or "", "comment": self.comment.data or "",
                "conditions": self.conditions.data or ""}


class MessageForm(Form):
    answers_id = SelectField("Antwoord op", coerce=id_choice, validate_choice=False,
                             choices=[])
    body = TextAreaField("Bericht", [max_length(COMMENT_MAX)], render_kw={"rows": 3})
