from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo

from plein.forms import Form, email_address, max_length, password_field, required


class LoginForm(Form):
    email = EmailField("E-mailadres", [required(), max_length(254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Wachtwoord", [required(), max_length(128)],
                             render_kw={"autocomplete": "current-password"})


class PasswordChangeForm(Form):
    current = PasswordField("Huidig wachtwoord", [required(), max_length(128)],
                            render_kw={"autocomplete": "current-password"})
    new = password_field("Nieuw wachtwoord")
    confirm = PasswordField(
        "Herhaal nieuw wachtwoord",
        [required(), EqualTo("new", message="De wachtwoorden zijn niet gelijk.")],
        render_kw={"autocomplete": "new-password"},
    )


class AcceptInvitationForm(Form):
    name = StringField("Je naam", [required(), max_length(120)],
                       render_kw={"autocomplete": "name"})
    password = password_field("Kies een wachtwoord")
    confirm = PasswordField(
        "Herhaal wachtwoord",
        [required(), EqualTo("password", message="De wachtwoorden zijn niet gelijk.")],
        render_kw={"autocomplete": "new-password"},
    )


__all__ = ["LoginForm", "PasswordChangeForm", "AcceptInvitationForm", "email_address"]
