"""Entry point for gunicorn: ``gunicorn --no-control-socket wsgi:app``."""

from plein import create_app

app = create_app()
