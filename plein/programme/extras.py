"""What higher features add to the programme's pages, without the programme importing
them (imports point down, as ``plein.roadmap.answers``):

- :func:`activity_panel`: ``fn(plein, activity) -> Panel | None``, a section on an
  activity's page (the desk adds the organisation's referral agreement);
- :func:`public_section`: ``fn(plein) -> Panel | None``, a section on the public
  programme page (results adds the shareable success stories). It shows what anyone
  with the link may see: no personal data.

A panel names its template (rendered with ``plein`` and the panel's ``context``).
"""

from dataclasses import dataclass, field

_ACTIVITY, _PUBLIC = [], []


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def activity_panel(fn):
    _ACTIVITY.append(fn)
    return fn


def public_section(fn):
    _PUBLIC.append(fn)
    return fn


def activity_panels(plein, activity):
    return [panel for fn in _ACTIVITY if (panel := fn(plein, activity)) is not None]


def public_sections(plein):
    return [panel for fn in _PUBLIC if (panel := fn(plein)) is not None]
