"""Form pieces shared by every feature."""

import re

from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REQUIRED = "Dit veld is verplicht."


INCOMPLETE = "Dit formulier is onvolledig. Laad de pagina opnieuw en probeer het nog eens."


def version_field():
    """The hidden version a form was made from (for the stale-edit check)."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])


def error_text(form):
    """All of a form's field messages in one line (for a message area)."""
    return " ".join(message for messages in form.errors.values() for message in messages)


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for button-only POSTs."""


def required():
    return DataRequired(message=REQUIRED)


def max_length(n):
    return Length(max=n, message=f"Gebruik hoogstens {n} tekens.")


def email_address(_form, field):
    if field.data and not EMAIL_RE.match(field.data.strip()):
        raise ValidationError("Vul een geldig e-mailadres in, bijvoorbeeld naam@bibliotheek.nl.")


def password_field(label):
    return PasswordField(
        label,
        [required(), Length(min=10, max=128, message="Een wachtwoord heeft 10 tot 128 tekens.")],
        render_kw={"autocomplete": "new-password"},
    )


def id_choice(value):
    """``coerce`` for a select of database ids: "" and "0" mean none chosen."""
    if value in (None, "", "0", 0):
        return 0
    number = int(value)  # ValueError: WTForms reports an invalid choice, in Dutch
    if not 0 < number < 2**31:
        raise ValueError("out of range")
    return number


def choices(pairs):
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
