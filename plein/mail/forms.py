"""Forms of the mail pages."""

from wtforms import SelectField

from plein.forms import EmptyForm, Form, choices
from plein.mail.models import CHOOSABLE, Choice, Status


class ResendForm(EmptyForm):
    """Send a failed (or waiting) message again now."""


class UnsubscribeForm(EmptyForm):
    """Confirm switching one kind of message off, from the link in a message. No CSRF
    token: the signed token in the address is the proof (a mail program's one-click
    unsubscribe posts without one), and it can only switch that kind off for that person."""

    class Meta:
        csrf = False


class FilterForm(Form):
    class Meta:
        csrf = False  # a GET form: it only narrows what is shown

    status = SelectField("Status", default="", choices=choices(
        [("", "alle"), *((s.value, s.label) for s in Status)]))


def preferences_form(current):
    """One select per kind a person can choose about (field name: the kind)."""

    class PreferencesForm(Form):
        pass

    for kind in CHOOSABLE:
        setattr(PreferencesForm, kind.value, SelectField(
            kind.label, choices=choices(Choice.choices()), default=current[kind]))
    return PreferencesForm()


def wanted(form):
    return {kind: getattr(form, kind.value).data for kind in CHOOSABLE}
