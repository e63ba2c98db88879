"""The signed contract as a PDF, made from the print view by WeasyPrint.

WeasyPrint lays out HTML and CSS (paged media: @page margin boxes, page breaks) into
PDF with Pango, so the PDF is the print view itself, not a second layout to keep in
step. It fetches nothing: the stylesheet is read from ``static/css/pdf.css`` and every
URL in the page is refused, so text a user typed cannot make the server fetch
anything. The version's fingerprint is in a margin box on every page (pdf.css).
"""

from pathlib import Path

from flask import current_app


def _fetcher():
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"plein fetches nothing while making a PDF: {url[:80]}")

    return NoFetching()


def render_pdf(html):
    """PDF bytes of the print view's ``html`` (rendered with ``pdf=True``)."""
    import weasyprint  # heavy, and needs Debian's Pango: loaded on the first PDF only

    css = Path(current_app.static_folder) / "css" / "pdf.css"
    fetcher = _fetcher()
    document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(css),
                                                          url_fetcher=fetcher)])
