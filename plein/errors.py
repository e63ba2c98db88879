"""Errors every feature raises; the app turns an unhandled one into a Dutch 409 page."""


class ServiceError(ValueError):
    """A refusal with a Dutch message meant for the user (e.g. "Dit is de enige
    projectleider."). ``field`` names the form field the message belongs next to (None:
    the form as a whole). ``plein.saving.save`` shows it with the form; anywhere else it
    becomes a 409 response with the message, and the transaction is rolled back."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class StaleError(ServiceError):
    """Someone else saved first. ``current`` is the record as it is stored now, so the
    page can show it next to what this person typed."""

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current


def check_version(record, expected_version, error):
    """Raise ``error`` when an edit was made on an older version of ``record``. A form
    that sent no version counts as older: only what someone saw may be overwritten."""
    if expected_version is None or int(expected_version) != record.version_id:
        raise error
