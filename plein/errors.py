"""Errors every feature raises; the app turns an unhandled one into a Dutch 409 page."""


class ServiceError(ValueError):
    """A refusal with a Dutch message meant for the user (e.g. "Dit is de enige
    projectleider."). Views that show it next to a form field catch it; anywhere else
    it becomes a 409 response with the message, and the transaction is rolled back."""
