"""Entry point for gunicorn: ``gunicorn --no-control-socket wsgi:app``."""

from plein import create_app
from plein.runtime import settle

app = create_app()
settle(app)  # each worker imports this: load what it needs, keep it out of the GC's way
