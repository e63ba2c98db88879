"""The desk's forms. Ids in the choices are checked by the service (they belong to the
plein); the topic's length comes from the model."""

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from plein.desk.agreements import NEEDS_MAX
from plein.desk.models import Referral, ReferralAgreement, ReferralStatus, ReferralWay, Tally
from plein.desk.signals import NewOffer
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


class AgreementForm(Form):
    """A partner's referral agreement; ``version`` 0 while it has none."""

    ways = CheckboxesField("Hoe verwijst het plein door?", choices=choices(ReferralWay.choices()),
                           validate_choice=False)
    contact = StringField("Contact voor professionals", [max_length(ReferralAgreement.contact)])
    reachable = StringField("Wanneer bereikbaar", [max_length(ReferralAgreement.reachable)])
    response_time = StringField("Reageert binnen",
                                [max_length(ReferralAgreement.response_time)])
    follow_up = StringField("Hoe vaak mag het plein navragen?",
                            [max_length(ReferralAgreement.follow_up)])
    needs = TextAreaField("Welke informatie heeft de organisatie nodig?",
                          [max_length(NEEDS_MAX)], render_kw={"rows": 4})
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])

    def for_service(self):
        return {name: self[name].data for name in (
            "ways", "contact", "reachable", "response_time", "follow_up", "needs")}


class ReferForm(Form):
    """A warm referral from the desk; the personal fields only with consent."""

    partner_id = SelectField("Naar welke organisatie?", coerce=id_choice,
                             validate_choice=False, choices=[])
    theme_id = SelectField("Thema van de vraag", coerce=id_choice, validate_choice=False,
                           choices=[])
    question = StringField("De vraag in een zin (niet verplicht)",
                           [max_length(Referral.question)],
                           render_kw={"autocomplete": "off"})
    first_name = StringField("Voornaam", [max_length(Referral.first_name)],
                             render_kw={"autocomplete": "off"})
    phone = StringField("Telefoonnummer", [max_length(Referral.phone)],
                        render_kw={"autocomplete": "off", "inputmode": "tel"})
    email = StringField("Of e-mailadres", [max_length(Referral.email)],
                        render_kw={"autocomplete": "off", "inputmode": "email"})
    consent = BooleanField("De bezoeker wil gebeld of gemaild worden en geeft toestemming")

    def for_service(self):
        return {name: self[name].data for name in (
            "partner_id", "theme_id", "question", "first_name", "phone", "email",
            "consent")}


class StatusForm(Form):
    """The partner's follow-up of a referral."""

    status = RadioField("Wat is er gebeurd?", choices=choices(
        (s.value, s.label) for s in ReferralStatus if s != ReferralStatus.OPEN),
        validate_choice=False)
    note = StringField("Notitie (niet verplicht, zonder namen of nummers)",
                       [max_length(Referral.status_note)], render_kw={"autocomplete": "off"})
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])


class SignalForm(Form):
    """Turn a signal (a topic word) into new offer: a checklist item with an owner, or
    a draft activity in the programme."""

    topic = HiddenField(validators=[InputRequired(INCOMPLETE)])
    make = RadioField("Maak ervan", choices=choices(NewOffer.choices()),
                      default=NewOffer.ITEM.value, validate_choice=False)
    owner_id = SelectField("Wie pakt het op?", coerce=id_choice, validate_choice=False,
                           choices=[])
