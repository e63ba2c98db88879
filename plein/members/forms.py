from wtforms import EmailField, SelectField, StringField
from wtforms.validators import InputRequired

from plein.accounts.models import LIBRARY_ROLES, MEMBER_ROLES, Role
from plein.forms import REQUIRED, Form, choices, email_address, id_choice, max_length, required


class InviteForm(Form):
    email = EmailField("E-mailadres", [required(), max_length(254), email_address])
    role = SelectField("Rol", [InputRequired(REQUIRED)],
                       choices=choices((r.value, r.label) for r in MEMBER_ROLES),
                       default=Role.TEAM)
    partner_id = SelectField("Partnerorganisatie", coerce=id_choice, validate_choice=False,
                             choices=[])
    new_partner = StringField("Of een nieuwe partnerorganisatie", [max_length(200)])


class RoleForm(Form):
    """Another library-side role for a member (partner contacts keep theirs)."""

    role = SelectField("Nieuwe rol", [InputRequired(REQUIRED)],
                       choices=choices((r.value, r.label) for r in LIBRARY_ROLES))
