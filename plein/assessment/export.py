"""The afwegingstabel as CSV and XLSX: weights, scores, totals, ranks and decisions.

Both files carry the same numbers as the matrix on screen (a total with one decimal); a
partner not scored on every criterion has no rank.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from plein.assessment.ranking import matrix
from plein.exports import csv_text, dutch_number, safe_cell


def _table(plein):
    criteria, rows = matrix(plein)
    header = ["rang", "partner", "soort", "status"]
    header += [f"{c.group_label}: {c.title} (gewicht {c.weight})" for c in criteria]
    header += ["totaal %", "niet gescoord", "besluit", "onderbouwing"]
    body = []
    for row in rows:
        scores = [row.scores[c.id].value if c.id in row.scores else None for c in criteria]
        body.append([row.rank, row.partner.name, row.partner.kind_label,
                     row.partner.status_label, *scores, row.percent, row.missing,
                     row.decision.label if row.decision else "",
                     row.decision.rationale if row.decision else ""])
    return header, body


def matrix_csv(plein) -> str:
    header, body = _table(plein)
    total_column = header.index("totaal %")
    return csv_text(header, (
        [dutch_number(v) if i == total_column else ("" if v is None else v)
         for i, v in enumerate(row)]
        for row in body))


def matrix_xlsx(plein) -> bytes:
    header, body = _table(plein)
    book = Workbook()
    sheet = book.active
    sheet.title = "Afwegingstabel"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    total_column = header.index("totaal %") + 1
    for row in body:
        sheet.append([v if isinstance(v, int | float) or v is None else safe_cell(v)
                      for v in row])
        sheet.cell(sheet.max_row, total_column).number_format = "0.0"
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
