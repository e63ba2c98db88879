from wtforms import TextAreaField

from plein.forms import Form, max_length, required
from plein.notes.models import NOTE_MAX


class NoteForm(Form):
    """A new note; the thread above it stays as it is."""

    body = TextAreaField("Nieuwe notitie", [required(), max_length(NOTE_MAX)],
                         render_kw={"rows": 3})
