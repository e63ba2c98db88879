from wtforms import BooleanField, EmailField, SelectField, StringField

from plein.forms import Form, email_address, id_choice, max_length, password_field, required


class PleinForm(Form):
    name = StringField("Naam van het plein", [required(), max_length(120)])
    organisation = StringField("Bibliotheek of organisatie", [required(), max_length(160)])
    location = StringField("Locatie", [max_length(200)])
    lead_id = SelectField("Projectleider", coerce=id_choice, validate_choice=False, choices=[])
    lead_email = EmailField("Of: nodig de projectleider uit (e-mailadres)",
                            [max_length(254), email_address])


class ResetPasswordForm(Form):
    password = password_field("Nieuw wachtwoord")


class UserForm(Form):
    name = StringField("Naam", [required(), max_length(120)])
    email = EmailField("E-mailadres", [required(), max_length(254), email_address])
    password = password_field("Eerste wachtwoord")
    is_admin = BooleanField("Beheerder van de installatie")
