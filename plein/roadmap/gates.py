"""Phase gates: what must be true before a plein moves to its next phase, and the move.

A gate is a list of checks. Each check gets the plein and the phase it wants to leave
and returns what is still missing. The roadmap registers its own check (required
checklist items); other features add theirs with ``@gate_check`` (the MT review, for
one) without touching the roadmap. Notes (``@gate_note``) are shown on the gate page
without blocking it: who reviewed the plan, the contract's warnings.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from plein import audit
from plein.errors import ServiceError
from plein.extensions import db
from plein.roadmap.models import CLOSED, ChecklistItem
from plein.roadmap.phases import Phase
from plein.roadmap.service import REASON_MAX
from plein.text import clean_line


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


# -- the moves ----------------------------------------------------------------------

def next_phase(plein):
    phases = list(Phase)
    index = phases.index(Phase(plein.current_phase))
    return phases[index + 1] if index + 1 < len(phases) else None


def previous_phase(plein):
    phases = list(Phase)
    index = phases.index(Phase(plein.current_phase))
    return phases[index - 1] if index > 0 else None


@gate_check
def required_items_closed(plein, phase):
    open_items = db.session.scalars(
        select(ChecklistItem)
        .where(ChecklistItem.plein_id == plein.id, ChecklistItem.phase == phase.value,
               ChecklistItem.required.is_(True),
               ChecklistItem.status.not_in(CLOSED))
        .order_by(ChecklistItem.position, ChecklistItem.id)
    ).all()
    return [
        Missing(f"Actiepunt '{item.title}' is nog {item.status_label.lower()}",
                      "roadmap.item", {"plein_id": plein.id, "item_id": item.id})
        for item in open_items
    ]


def gate_missing(plein):
    """What blocks the move to the next phase (empty: the gate is open)."""
    if next_phase(plein) is None:
        return []
    return missing(plein, Phase(plein.current_phase))


def gate_notes(plein):
    """What the gate page shows besides what blocks it (who reviewed, warnings)."""
    if next_phase(plein) is None:
        return []
    return notes(plein, Phase(plein.current_phase))


LAST_PHASE = "Borging is de laatste fase: die loopt door zolang het plein bestaat."


class GateClosed(ServiceError):
    pass


def advance(plein, *, by):
    target = next_phase(plein)
    if target is None:
        raise ServiceError(LAST_PHASE)
    if gate_missing(plein):
        raise GateClosed("De fase kan nog niet door: hieronder staat wat er nog moet gebeuren.")
    old = Phase(plein.current_phase)
    plein.current_phase = target.value
    audit.record("phase.advance", f"Fase van {old.label} naar {target.label}", plein=plein,
                 obj=plein, user=by)
    return target


def go_back(plein, reason, *, by):
    target = previous_phase(plein)
    if target is None:
        raise ServiceError("Oriëntatie is de eerste fase; verder terug kan niet.")
    reason = clean_line(reason or "")
    if not reason:
        raise ServiceError("Geef een reden om een fase terug te gaan.", "reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Gebruik voor de reden hoogstens {REASON_MAX} tekens.", "reason")
    old = Phase(plein.current_phase)
    plein.current_phase = target.value
    audit.record("phase.back", f"Fase terug van {old.label} naar {target.label}: {reason}",
                 plein=plein, obj=plein, user=by)
    return target
