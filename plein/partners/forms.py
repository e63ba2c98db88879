from wtforms import EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from plein.forms import Form, choices, email_address, max_length, required, version_field
from plein.notes.models import NOTE_MAX
from plein.partners.defaults import SUGGESTIONS, THEMES
from plein.partners.models import (
    Partner,
    PartnerKind,
    PartnerRole,
    PartnerStatus,
    PartnerStatusChange,
)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PartnerForm(Form):
    """A new partner (no version yet: see PartnerEditForm)."""

    name = StringField("Naam van de organisatie", [required(), max_length(Partner.name)])
    kind = SelectField("Soort organisatie", choices=choices(PartnerKind.choices()))
    category = StringField("Categorie", [max_length(Partner.category)])
    themes = CheckboxesField("Thema's", choices=choices(THEMES.items()))
    role = SelectField("Rol op het plein", choices=choices(PartnerRole.choices()))
    contact_name = StringField("Contactpersoon", [max_length(Partner.contact_name)])
    contact_email = EmailField("E-mail contactpersoon", [max_length(Partner.contact_email),
                                                         email_address])
    contact_phone = StringField("Telefoon", [max_length(Partner.contact_phone)])
    website = StringField("Website", [max_length(Partner.website)])
    # a new partner's first note; later notes are added on its page, one at a time
    notes = TextAreaField("Eerste notitie", [max_length(NOTE_MAX)], render_kw={"rows": 3})

    def for_service(self):
        return {name: self[name].data for name in (
            "name", "kind", "category", "themes", "role", "contact_name", "contact_email",
            "contact_phone", "website", "notes") if name in self}


class PartnerEditForm(PartnerForm):
    """A partner's details as they were when the page was made (notes: see its thread)."""

    version = version_field()
    notes = None


class PartnerStatusForm(Form):
    """A move along the pipeline (the page narrows the choices to the next steps)."""

    status = SelectField("Nieuwe status", [InputRequired()],
                         choices=choices(PartnerStatus.choices()))
    note = StringField("Toelichting (optioneel)", [max_length(PartnerStatusChange.note)])


class QuickStartForm(Form):
    names = CheckboxesField("Suggesties", [DataRequired("Vink minstens één organisatie aan.")],
                            choices=choices((s.name, s.name) for s in SUGGESTIONS))


class SearchForm(Form):
    class Meta:
        csrf = False  # a GET form: it only narrows what is shown

    summary_title = "Controleer het filter"

    # defaults: a link that names only some filters (a page link, a bookmark) leaves
    # the others at "alle" instead of refusing them as invalid choices
    q = StringField("Zoeken", [max_length(100)])
    status = SelectField("Status", default="", choices=choices(
        [("", "alle"), *PartnerStatus.choices()]))
    kind = SelectField("Soort", default="", choices=choices([("", "alle"),
                                                             *PartnerKind.choices()]))
    theme = SelectField("Thema", default="", choices=choices([("", "alle"),
                                                             *THEMES.items()]))
    sort = SelectField("Sorteren op", default="naam", choices=choices(
        [("naam", "naam"), ("status", "status"), ("soort", "soort")]))
