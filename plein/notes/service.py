"""Adding and reading notes. A target is a checklist item or a partner (a lower floor
than both: the target is recognised by its table, not imported)."""

from sqlalchemy import func, select

from plein import audit
from plein.errors import ServiceError
from plein.extensions import db
from plein.notes.models import NOTE_MAX, Note

# the table of a target → the note's column that points at it
TARGETS = {"checklist_items": "item_id", "partners": "partner_id"}


def _column(target):
    try:
        return getattr(Note, TARGETS[target.__tablename__])
    except (AttributeError, KeyError):
        raise TypeError(f"notes are kept on items and partners, not on {target!r}") from None


def _label(target):
    return getattr(target, "title", None) or target.name


def add_note(plein, target, body, *, by):
    """A new note at the end of ``target``'s thread, with one logboek event."""
    if target.plein_id != plein.id:
        raise ServiceError("Dit hoort niet bij dit plein.")
    body = (body or "").strip()
    if not body:
        raise ServiceError("Schrijf eerst een notitie.", "body")
    if len(body) > NOTE_MAX:
        raise ServiceError(f"Een notitie heeft hoogstens {NOTE_MAX} tekens.", "body")
    note = Note(plein_id=plein.id, author_id=by.id, body=body,
                **{_column(target).key: target.id})
    db.session.add(note)
    audit.record("note.add", f"Notitie bij '{_label(target)}'", plein=plein, obj=target)
    return note


def notes_of(target):
    """The thread of ``target``, oldest first."""
    column = _column(target)
    return db.session.scalars(
        select(Note).where(column == target.id).order_by(Note.created_at, Note.id)).all()


def counts(targets):
    """{target id: number of notes} for items (or partners) shown in a list: one query."""
    targets = list(targets)
    if not targets:
        return {}
    column = _column(targets[0])
    rows = db.session.execute(
        select(column, func.count()).where(column.in_([t.id for t in targets]))
        .group_by(column))
    return dict(rows.all())


def threads(targets):
    """{target id: its notes, oldest first} for many items (or partners): one query."""
    targets = list(targets)
    if not targets:
        return {}
    column = _column(targets[0])
    found = {}
    for note in db.session.scalars(select(Note).where(column.in_([t.id for t in targets]))
                                   .order_by(Note.created_at, Note.id)):
        found.setdefault(getattr(note, column.key), []).append(note)
    return found
