"""Items other features depend on: an MT condition is a checklist item that the plan
made. The roadmap cannot import those features (they sit above it), so they register
a check here, as gate checks do in ``gates``."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Protection:
    """Why another feature needs an item (``what``, Dutch: "een voorwaarde van het MT"),
    and ``deleted(by, reason)``, which it calls when the lead deletes the item anyway."""

    what: str
    deleted: Callable


_PROTECTORS: list[Callable] = []


def item_protector(check):
    """Register ``check(plein, item) -> Protection | None`` (plan: MT conditions)."""
    _PROTECTORS.append(check)
    return check


def protection(plein, item):
    """How another feature depends on this item, or None."""
    return next((p for p in (check(plein, item) for check in _PROTECTORS) if p), None)
