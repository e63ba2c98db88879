from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from plein.agreements.models import PERIODS
from plein.forms import Form, choices, id_choice, max_length, version_field


class CommitmentForm(Form):
    version = version_field()
    hours = StringField("Uren", [max_length(20)])
    hours_period = SelectField("Per", choices=choices(PERIODS.items()))
    money = StringField("Bedrag in euro", [max_length(20)])
    money_explanation = StringField("Waarvoor is het geld?", [max_length(500)])
    knowledge = TextAreaField("Kennis en expertise", [max_length(5_000)], render_kw={"rows": 2})
    means = TextAreaField("Middelen (ruimte, apparatuur, materiaal)", [max_length(5_000)],
                          render_kw={"rows": 2})
    tasks = TextAreaField("Taken: wat doet deze partij?", [max_length(5_000)],
                          render_kw={"rows": 3})


class AddPartyForm(Form):
    partner_id = SelectField("Partnerorganisatie", coerce=id_choice, validate_choice=False,
                             choices=[])
    confirmed = BooleanField("Ja, ook zonder ‘ja’ in de afwegingstabel")


class SignForm(Form):
    # the signer's name is the account's name; only the function is typed
    function = StringField("Je functie", [InputRequired("Vul je functie in."), max_length(120)])
    has_read = BooleanField("Ik heb deze versie gelezen")


class PublishForm(Form):
    version = version_field()
    confirmed = BooleanField(
        "Ik weet dat alle partijen deze nieuwe versie opnieuw moeten tekenen",
        [InputRequired("Vink aan dat je weet dat alle partijen opnieuw moeten tekenen.")],
        id="publish-confirmed")  # the add-party form on the same page has a "confirmed"


class DeclineForm(Form):
    reason = TextAreaField("Waarom teken je (nog) niet?",
                           [InputRequired("Geef een reden."), max_length(5_000)],
                           render_kw={"rows": 3})
