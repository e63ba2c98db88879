from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from plein.agreements.drafting import AMOUNT_TEXT_MAX, BODY_MAX, TEXT_MAX
from plein.agreements.models import PERIODS, Commitment, Signature
from plein.forms import DateField, Form, choices, id_choice, max_length, version_field


def section_field(key):
    """The name of a section's text area on the draft page (``section-<key>``)."""
    return f"section-{key}"


def sections_form(agreement, **kwargs):
    """The draft's section texts as one form: a text area per section of *this*
    agreement (its sections come from the template it started from)."""
    fields = {section_field(s.key): TextAreaField(s.title, [max_length(BODY_MAX)],
                                                  render_kw={"rows": 5})
              for s in agreement.sections}
    form_class = type("SectionsForm", (_SectionsForm,), fields)
    return form_class(**kwargs)


class _SectionsForm(Form):
    version = version_field()

    def bodies(self):
        """key -> typed text, for the sections the request carried."""
        return {name.removeprefix("section-"): field.data or ""
                for name, field in self._fields.items()
                if name.startswith("section-") and field.raw_data}


class _Commitment(Form):
    hours = StringField("Uren", [max_length(AMOUNT_TEXT_MAX)],
                        render_kw={"inputmode": "decimal"})
    hours_period = SelectField("Per", choices=choices(PERIODS.items()))
    money = StringField("Bedrag in euro", [max_length(AMOUNT_TEXT_MAX)],
                        render_kw={"inputmode": "decimal"})
    money_explanation = StringField("Waarvoor is het geld?",
                                    [max_length(Commitment.money_explanation)])
    knowledge = TextAreaField("Kennis en expertise", [max_length(TEXT_MAX)],
                              render_kw={"rows": 2})
    means = TextAreaField("Middelen (ruimte, apparatuur, materiaal)", [max_length(TEXT_MAX)],
                          render_kw={"rows": 2})
    tasks = TextAreaField("Taken: wat doet deze partij?", [max_length(TEXT_MAX)],
                          render_kw={"rows": 3})


class CommitmentForm(_Commitment):
    version = version_field()


class AddPartyForm(Form):
    partner_id = SelectField("Partnerorganisatie", coerce=id_choice, validate_choice=False,
                             choices=[])
    confirmed = BooleanField("Ja, ook zonder ‘ja’ in de afwegingstabel")


class SignForm(Form):
    # the signer's name is the account's name; only the function is typed
    function = StringField("Je functie", [InputRequired("Vul je functie in."),
                                          max_length(Signature.signer_function)])
    has_read = BooleanField("Ik heb deze versie gelezen")


class PublishForm(Form):
    version = version_field()
    confirmed = BooleanField(
        "Ik weet dat alle partijen deze nieuwe versie opnieuw moeten tekenen",
        [InputRequired("Vink aan dat je weet dat alle partijen opnieuw moeten tekenen.")],
        id="publish-confirmed")  # the add-party form on the same page has a "confirmed"


class DeclineForm(Form):
    reason = TextAreaField("Waarom teken je (nog) niet?",
                           [InputRequired("Geef een reden."), max_length(TEXT_MAX)],
                           render_kw={"rows": 3})


class TermsForm(Form):
    """The contract's dates (plein/agreements/terms.py)."""

    version = version_field()
    start_date = DateField("Ingangsdatum")
    end_date = DateField("Einddatum")
    open_ended = BooleanField("Loopt voor onbepaalde tijd")
    evaluation_date = DateField("Evaluatiedatum")


class AccessionForm(_Commitment):
    """A new partner joins the current version: who, and what it brings in."""

    partner_id = SelectField("Nieuwe partnerorganisatie", coerce=id_choice,
                             validate_choice=False, choices=[])
    confirmed = BooleanField("Ja, ook zonder ‘ja’ in de afwegingstabel",
                             id="accession-confirmed")


class WithdrawalForm(Form):
    """A party leaves: from when, and why."""

    leaving_partner = SelectField("Organisatie die opzegt", coerce=id_choice,
                                  validate_choice=False, choices=[])
    leaves_on = DateField("Vertrekt per", [InputRequired("Vul de datum in.")])
    reason = TextAreaField("Reden van de opzegging",
                           [InputRequired("Schrijf de reden op."),
                            max_length(TEXT_MAX)], render_kw={"rows": 3})
