"""Meetings (overleg): partneroverleg, weekstart and dagstart, with a prepared agenda and
actions that become checklist items."""
