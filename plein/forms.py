"""Form pieces shared by every feature. Every form derives from :class:`Form`."""

import re
from datetime import date, datetime

from flask import g
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from plein.text import form_filter

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REQUIRED = "Dit veld is verplicht."


INCOMPLETE = "Dit formulier is onvolledig. Laad de pagina opnieuw en probeer het nog eens."
CSRF_EXPIRED = ("Dit formulier is verlopen (of de pagina stond te lang open). Laad de pagina "
                "opnieuw; kopieer eerst wat je hebt getypt.")


class Form(FlaskForm):
    """A form of plein. One that is refused (by its validators or by a service, see
    ``plein.saving``) is listed in the error summary at the top of the page, every
    message included, those of hidden fields too. ``conflict`` holds the stored record
    after a stale edit."""

    conflict = None
    summary_title = "Dit is nog niet opgeslagen"  # a search form says something else

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """Every text field passes the one normaliser (``plein.text``): no control
        characters, single-line fields on one line."""
        filters = {name: list(fs) for name, fs in (extra_filters or {}).items()}
        for name, field in self._fields.items():
            normalise = form_filter(field)
            if normalise is not None:
                filters.setdefault(name, []).append(normalise)
        super().process(formdata, obj, data=data, extra_filters=filters, **kwargs)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not valid:
            self.note_refused()
        return valid

    def note_refused(self):
        refused = g.setdefault("refused_forms", [])
        if not any(form is self for form in refused):
            refused.append(self)

    def problems(self):
        """Every message of this form: (field id, label, message); the id is None for a
        message about the whole form or a hidden field (nothing to jump to)."""
        found = [(None, "", message) for message in self.form_errors]
        for field in self:
            messages = field.errors if isinstance(field.errors, list | tuple) else [
                m for ms in field.errors.values() for m in ms]
            hidden = getattr(field.widget, "input_type", None) == "hidden"
            for message in messages:
                if field.name == "csrf_token":
                    found.append((None, "", CSRF_EXPIRED))
                elif hidden:
                    found.append((None, "", message))
                else:
                    found.append((field.id, field.label.text, message))
        return found


def refused_forms():
    """The forms refused while handling this request (for the error summary)."""
    return [form for form in g.get("refused_forms", ()) if form.problems()]


def version_field():
    """The hidden version a form was made from (for the stale-edit check)."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])


def error_text(form):
    """All of a form's messages in one line (for a message area)."""
    return " ".join(message for _id, _label, message in form.problems())


class EmptyForm(Form):
    """A form with only the CSRF token, for button-only POSTs."""


class VersionForm(Form):
    """A button-only POST about one record as the person saw it (e.g. deleting it):
    the service refuses it when the record changed since."""

    version = version_field()


def required():
    return DataRequired(message=REQUIRED)


def length_of(limit):
    """A length limit as a number: ``limit`` is one, or a model's string column
    (``Partner.name``), so a limit is written once, in the model."""
    return limit if isinstance(limit, int) else limit.expression.type.length


def max_length(limit):
    """At most ``limit`` characters (a number or a model's column); the field renders
    it as ``maxlength``."""
    n = length_of(limit)
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


DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
DATE_HINT = "Schrijf dag-maand-jaar, bijvoorbeeld 15-03-2027."


class DateField(StringField):
    """A date typed as dag-maand-jaar. A text input, not the browser's date input: for
    an impossible date (31-02-2026) a browser sends an empty value, which would erase a
    stored date without a word. Here the server sees what was typed and says what is
    wrong; the stored date stays."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "numeric", "placeholder": "dd-mm-jjjj",
                     "autocomplete": "off", **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d-%m-%Y") if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        for layout in DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, layout).date()  # noqa: DTZ007 (a date)
            except ValueError:
                continue
            if not 1900 <= parsed.year <= 2200:
                raise ValueError(f"Schrijf het jaar met vier cijfers. {DATE_HINT}")
            self.data = parsed
            return
        raise ValueError(f"Ongeldige datum. '{text}' bestaat niet; {DATE_HINT[0].lower()}"
                         f"{DATE_HINT[1:]}")


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
