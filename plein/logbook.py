"""The logboek page, shown for one plein (dashboard) and for the installation (admin):
a shared page helper on a low floor, so admin does not import a dashboard view. Filtered
by person, kind and period, a page of 50 at a time."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import request, url_for
from wtforms import SelectField

from plein import audit
from plein.forms import DateField, Form, choices, id_choice
from plein.htmx import render
from plein.timeutil import LOCAL_TZ

FILTERS = ("wie", "soort", "van", "tot")


class LogFilterForm(Form):
    class Meta:
        csrf = False  # a GET form: it only narrows what is shown

    wie = SelectField("Wie", coerce=id_choice, validate_choice=False, choices=[], default=0)
    soort = SelectField("Wat", default="", choices=choices(
        [("", "alles"),
         *((key, label) for key, (label, _prefixes) in audit.EVENT_GROUPS.items())]))
    van = DateField("Van")
    tot = DateField("Tot en met")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and self.van.data and self.tot.data and self.tot.data < self.van.data:
            self.tot.errors.append("Deze datum ligt vóór de datum bij ‘Van’.")
            self.note_refused()
            return False
        return valid


def _start_of(day):
    """The first moment of a local (Amsterdam) day, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(LOCAL_TZ))


def log_page(plein):
    """The logboek page of one plein, or of the installation when ``plein`` is None."""
    page = max(1, min(request.args.get("pagina", 1, type=int), 10_000))
    filters = LogFilterForm(request.args)
    filters.wie.choices = choices([(0, "iedereen")] + [
        (u.id, u.name) for u in audit.authors(plein)])
    if not filters.validate():  # the summary at the top says what to change
        return render("audit/index.html", "events", status=422, plein=plein, events=[],
                      page=1, filters=filters, query={}, refused=True)
    events, has_more = audit.events_for(
        plein, page=page, user_id=filters.wie.data or None, kind=filters.soort.data or None,
        since=_start_of(filters.van.data) if filters.van.data else None,
        until=_start_of(filters.tot.data + timedelta(days=1)) if filters.tot.data else None)
    query = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    endpoint = "dashboard.audit_log" if plein else "admin.audit_log"
    args = {**({"plein_id": plein.id} if plein else {}), **query}
    return render("audit/index.html", "events", plein=plein, events=events, page=page,
                  filters=filters, query=query,
                  newer=url_for(endpoint, pagina=page - 1, **args) if page > 1 else None,
                  older=url_for(endpoint, pagina=page + 1, **args) if has_more else None)
