"""Phase gates: what must be true before a plein moves to its next phase.

A gate is a list of checks. Each check gets the plein and the phase it wants to leave
and returns what is still missing. The roadmap registers its own check (required
checklist items); other features add theirs with ``@gate_check`` (the MT review, for
one) without touching the roadmap. Notes (``@gate_note``) are shown on the gate page
without blocking it: who reviewed the plan, the contract's warnings.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Missing:
    """Something that blocks the gate, with where to go to fix it."""

    text: str
    endpoint: str | None = None
    values: dict = field(default_factory=dict)
    anchor: str | None = None


_CHECKS: list[Callable] = []


def gate_check(check):
    """Register ``check(plein, phase) -> list[Missing]``."""
    _CHECKS.append(check)
    return check


def missing(plein, phase) -> list[Missing]:
    return [item for check in _CHECKS for item in check(plein, phase)]


@dataclass(frozen=True)
class Note:
    """A line for the gate page under the heading ``group``; it does not block."""

    text: str
    group: str
    warning: bool = False
    at: datetime | None = None
    endpoint: str | None = None
    values: dict = field(default_factory=dict)
    anchor: str | None = None


_NOTES: list[Callable] = []


def gate_note(note):
    """Register ``note(plein, phase) -> list[Note]``."""
    _NOTES.append(note)
    return note


def notes(plein, phase) -> list[Note]:
    return [item for note in _NOTES for item in note(plein, phase)]
