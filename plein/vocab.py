"""Closed lists of values (statuses, roles, decisions): stored as text, shown in Dutch.

    class ItemStatus(Vocabulary):
        OPEN = "open", "Open"
        DONE = "done", "Gereed"

    ItemStatus.DONE == "done"; ItemStatus("done").label == "Gereed"; ItemStatus.choices()
"""

from enum import StrEnum


class Vocabulary(StrEnum):
    """A StrEnum whose members carry a Dutch ``label``."""

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls):
        """(value, label) pairs, for a form's select or radio buttons."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def values(cls):
        """Every stored value (``value in Status.values()``: 3.11's ``in Status`` refuses a
        plain string)."""
        return tuple(member.value for member in cls)

    @classmethod
    def label_of(cls, value, default=""):
        """The label of a stored value ("" or ``default`` for none or an unknown one)."""
        try:
            return cls(value).label
        except ValueError:
            return default
