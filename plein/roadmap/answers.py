"""Checklist items that another feature answers: the plan's "Waarom een Ontwikkelplein?"
is written in the plan, not twice. The item then links there and says whether it is
filled in.

A higher feature registers a reader with :func:`reader`; the roadmap imports nothing of
it (imports point down). A reader takes the plein and items and returns an
:class:`Answer` per item it answers, in one query for all of them.
"""

from dataclasses import dataclass, field

_READERS = []


@dataclass(frozen=True)
class Answer:
    where: str  # "het plan: Waarom een Ontwikkelplein?"
    filled: bool
    endpoint: str  # the page that holds the answer, for url_for
    anchor: str | None = None
    params: dict = field(default_factory=dict)


def reader(fn):
    """Register ``fn(plein, items) -> {item_id: Answer}``."""
    _READERS.append(fn)
    return fn


def answers_for(plein, items):
    """{item id: Answer} for the items that another feature answers."""
    found = {}
    for read in _READERS:
        found.update(read(plein, items))
    return found
