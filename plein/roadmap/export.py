"""The stappenplan as a CSV file."""

from plein.exports import csv_text
from plein.roadmap.phases import Phase
from plein.roadmap.service import items_of

CSV_HEADER = ["fase", "titel", "verplicht", "status", "reden n.v.t.", "eigenaar", "deadline",
              "herhaling", "notities", "links"]


def roadmap_csv(plein) -> str:
    return csv_text(CSV_HEADER, (
        (Phase(item.phase).label, item.title, "ja" if item.required else "nee",
         item.status_label, item.na_reason, item.owner.name if item.owner else "",
         item.due_date.isoformat() if item.due_date else "", item.recurrence_label,
         item.notes, " ".join(item.evidence_links))
        for item in items_of(plein)
    ))
