"""The one save path of a POST view: validate, call the service, commit or explain.

A view builds its form and hands the rest to :func:`save`::

    form = PartnerForm()
    return save(form, lambda: service.create_partner(plein, by=me(), **form.for_service()),
                done=lambda partner: saved(f"{partner.name} is toegevoegd.", url_for(...)),
                again=lambda status: _form_page(plein, form, status=status))

What the person sees:

- invalid input, or a :class:`~plein.errors.ServiceError`: the form again (422) with
  every message next to its field and in the summary at the top; what they typed stays;
- a stale edit (:class:`~plein.errors.StaleError`, or SQLAlchemy's own version check):
  the form again (409) with what they typed, and ``form.conflict`` holding the record as
  it is stored now, so the page shows both. The form's hidden version becomes the
  stored one, so saving again is a deliberate overwrite;
- two people doing the same at the same moment, where there can be only one (the next
  report number, one answer per organisation): the database's unique key refuses the
  second; that person gets the form's page again (409) with a message, where a view
  without ``save`` gets the bare error page of ``plein.error_pages``;
- success: one commit, then ``done(result)``, usually :func:`saved`.
"""

from flask import flash
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from plein.errors import ServiceError, StaleError
from plein.extensions import db
from plein.htmx import redirect_after_post

STALE = ("Iemand anders heeft dit intussen opgeslagen. Hieronder staat wat er nu is "
         "opgeslagen; jouw invoer staat in het formulier. Sla opnieuw op om die te bewaren.")
CLASH = ("Iemand anders deed op hetzelfde moment hetzelfde, en dat kan maar één keer. Bekijk "
         "hieronder hoe het nu is en probeer het zo nodig opnieuw.")


def save(form, work, *, done, again):
    """Run ``work()`` for a valid ``form`` and answer with ``done(result)`` or
    ``again(status)`` (see the module's docstring)."""
    if not form.validate_on_submit():
        return again(422)
    try:
        result = work()
        db.session.flush()  # the ORM's own version check fires here, not at commit
    except StaleDataError:
        db.session.rollback()
        return _stale(form, StaleError(STALE), again)
    except StaleError as stale:
        db.session.rollback()
        return _stale(form, stale, again)
    except IntegrityError:  # as plein.error_pages counts it: a save that collided
        db.session.rollback()
        return _stale(form, StaleError(CLASH), again)
    except ServiceError as error:
        db.session.rollback()
        refuse(form, error)
        return again(422)
    db.session.commit()
    return done(result)


def refuse(form, error):
    """Put a service's refusal on the form: next to its field, or for the whole form."""
    field = form._fields.get(error.field) if error.field else None
    if field is not None and getattr(field.widget, "input_type", None) != "hidden":
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))
    form.note_refused()


def _stale(form, stale, again):
    current = stale.current
    if current is not None:
        db.session.refresh(current)
        version = form._fields.get("version")
        if version is not None:
            version.data, version.raw_data = current.version_id, None
    form.conflict = current
    form.form_errors.append(str(stale))
    form.note_refused()
    return again(409)


def saved(message, location, fragment=None):
    """Success: the message as a flash, then post/redirect/get to ``location`` (for htmx:
    ``fragment()`` when given, else a client-side redirect)."""
    flash(message, "success")
    return redirect_after_post(location, fragment)
