"""The stappenplan as a CSV file."""

from zoneinfo import ZoneInfo

from plein.exports import csv_text
from plein.notes.service import threads
from plein.roadmap.phases import Phase
from plein.roadmap.service import items_of
from plein.timeutil import LOCAL_TZ

CSV_HEADER = ["fase", "titel", "verplicht", "status", "reden n.v.t.", "eigenaar", "deadline",
              "herhaling", "notities", "links"]


def _thread_text(notes):
    """A thread in one cell: "30-11-2026 Lotte de Vries: text", newest last."""
    return "\n".join(f"{note.created_at.astimezone(ZoneInfo(LOCAL_TZ)):%d-%m-%Y} "
                     f"{note.author.name if note.author else 'eerder'}: {note.body}"
                     for note in notes)


def roadmap_csv(plein) -> str:
    items = items_of(plein)
    notes = threads(items)
    return csv_text(CSV_HEADER, (
        (Phase(item.phase).label, item.title, "ja" if item.required else "nee",
         item.status_label, item.na_reason, item.owner.name if item.owner else "",
         item.due_date.isoformat() if item.due_date else "", item.recurrence_label,
         _thread_text(notes.get(item.id, ())), " ".join(item.evidence_links))
        for item in items
    ))
