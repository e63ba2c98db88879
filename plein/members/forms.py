from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField

from plein.accounts.models import ROLE_LABELS, ROLES
from plein.forms import choices, email_address, max_length, required


class InviteForm(FlaskForm):
    email = EmailField("E-mailadres", [required(), max_length(254), email_address])
    role = SelectField("Rol", choices=choices((r, ROLE_LABELS[r]) for r in ROLES),
                       default="team", validate_choice=True)
    partner_id = SelectField("Partnerorganisatie", coerce=int, validate_choice=False,
                             choices=[])
    new_partner = StringField("Of een nieuwe partnerorganisatie", [max_length(200)])
