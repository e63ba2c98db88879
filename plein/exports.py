"""Helpers for files people open in a spreadsheet (CSV now, XLSX later)."""

import csv
import io

from plein.text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def dutch_number(value, digits=1):
    """72.5 -> '72,5', as Dutch readers and spreadsheets write it; None -> ''."""
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def safe_cell(value) -> str:
    """Text a spreadsheet will not run as a formula (a leading =, +, -, @ gets a quote)
    and without control characters (XLSX cannot hold them; stored text from before the
    normaliser may still carry some)."""
    value = "" if value is None else clean_text(str(value))
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(header, rows) -> str:
    """Semicolon-separated (what Dutch Excel expects), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()


MIMETYPES = {"csv": "text/csv",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(content, stem, plein, ext):
    """A file download named <stem>-<plein id>-<date>.<ext>; CSV gets a BOM for Excel."""
    from flask import Response

    from plein.timeutil import local_today

    if ext == "csv":
        content = "\ufeff" + content
    filename = f"{stem}-{plein.id}-{local_today():%Y%m%d}.{ext}"
    return Response(content, mimetype=MIMETYPES[ext],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
