"""A published report as a PDF: the contract's WeasyPrint code (``agreements.pdf``:
fetches nothing, the same A4 page with the fingerprint in the margin), with the report's
own few rules for the goal charts added (``static/css/report-pdf.css``)."""

from pathlib import Path

from flask import current_app

from plein.agreements import pdf


def render_pdf(html):
    import weasyprint

    folder = Path(current_app.static_folder) / "css"
    fetcher = pdf._fetcher()
    document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[
        weasyprint.CSS(filename=str(folder / name), url_fetcher=fetcher)
        for name in ("pdf.css", "report-pdf.css")])
