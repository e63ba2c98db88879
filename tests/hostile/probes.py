"""Hostile values and the checks that show they came back harmless.

A probe carries the marker ``xssprobe`` so the checks can tell markup that came from
user data from the app's own markup (which also has hx-get attributes and script tags).
"""

import csv
import io
from html.parser import HTMLParser

MARKER = "xssprobe"

XSS_PROBES = [
    f"<script>alert('{MARKER}')</script>",
    f'" onmouseover="alert(1)" data-{MARKER}="1',
    f"' onfocus='alert(1)' data-{MARKER}='1",
    f"javascript:alert('{MARKER}')",
    f'<a href="javascript:alert(1)">{MARKER}</a>',
    f'<img src=x onerror=alert(1) alt="{MARKER}">',
    f'<div hx-get="/{MARKER}" hx-trigger="load">{MARKER}</div>',
    f'" hx-get="/{MARKER}" hx-trigger="load" x="',
    f"</textarea><script>{MARKER}</script>",
    f"</title><svg onload=alert(1)>{MARKER}",
    f"{{{{ 7*7 }}}}{MARKER}",
    f"=HYPERLINK(\"http://evil.example/?{MARKER}\")",
    f"+1+cmd|' /C calc'!A0 {MARKER}",
    f"-2+3 {MARKER}",
    f"@SUM(1+1) {MARKER}",
]

# The app's own inline-free markup: no script without src, no on* handler anywhere.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "hx-put",
                  "hx-delete", "hx-patch", "poster", "data"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if MARKER in tag:
            self.problems.append(f"tag from user data: <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler attribute <{tag} {name}={value!r}>")
            if MARKER in name:
                self.problems.append(f"attribute from user data <{tag} {name}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"script URL <{tag} {name}={value!r}>")
            # a URL of the app's own that carries a probe in its query string is fine;
            # an htmx attribute whose whole value came from a probe is not
            if name.startswith(("hx-", "data-hx-")) and value.lstrip("/").startswith(MARKER):
                self.problems.append(f"htmx attribute from user data <{tag} {name}={value!r}>")
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        # the app's own server-drawn charts (class "chart-svg") are the only SVG it sends
        own_chart = tag == "svg" and dict(attrs).get("class") == "chart-svg"
        if tag in ("svg", "iframe", "object", "embed", "base") and not own_chart:
            self.problems.append(f"unexpected <{tag}>")


def markup_problems(html: str) -> list[str]:
    """Tags and attributes in ``html`` that user data must never be able to introduce."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
            for cell in row]


def xlsx_cells(data: bytes) -> list:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row]


def formula_cells(cells) -> list:
    """Cells a spreadsheet would run as a formula."""
    return [c for c in cells if isinstance(c, str) and MARKER in c
            and c.startswith(("=", "+", "-", "@"))]
