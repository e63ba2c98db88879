"""Errors every feature raises; the app turns an unhandled one into a Dutch 409 page."""


class ServiceError(ValueError):
    """A refusal with a Dutch message meant for the user (e.g. "Dit is de enige
    projectleider."). Views that show it next to a form field catch it; anywhere else
    it becomes a 409 response with the message, and the transaction is rolled back."""


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
