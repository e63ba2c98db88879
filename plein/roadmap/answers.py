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
    # where someone who may not open ``endpoint`` reads the answer (the plan's text for
    # the team, who do not edit the plan); without it they see no link
    read_endpoint: str | None = None

    def link_for(self, may_open):
        """(endpoint, anchor) of the page this viewer may open, or None."""
        if may_open(self.endpoint):
            return self.endpoint, self.anchor
        if self.read_endpoint and may_open(self.read_endpoint):
            return self.read_endpoint, None
        return None


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
