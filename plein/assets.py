"""Static files: content-hashed URLs cached for a year, text sent gzip-compressed.

``url_for('static', filename=...)`` gets ``?v=<hash of the content>``; a request with the
current hash may be cached by the browser for good (a changed file gets a new URL), any
other request is revalidated with the ETag. CSS, JS and SVG are compressed once per
process and sent gzip-compressed to browsers that accept it (gunicorn does not compress).
"""

import gzip
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from flask import Response, abort, request
from werkzeug.security import safe_join

YEAR = 31_536_000
COMPRESSIBLE = {".css", ".js", ".svg", ".txt", ".md"}
MAX_NAME = 1024  # no file of ours has a longer path; longer ones are not even looked up


@dataclass(frozen=True)
class Asset:
    key: tuple
    digest: str
    data: bytes
    gzipped: bytes | None
    mimetype: str


class Assets:
    def __init__(self, app):
        self.folder = app.static_folder
        self.watch = app.debug  # a developer edits files: look at them again every time
        self._cache: dict[str, Asset | None] = {}
        app.url_defaults(self._version)
        app.view_functions["static"] = self.view

    def get(self, filename):
        """The asset at ``filename``, or None. Only files that exist are remembered (a
        bounded set: what is on disk); unknown names are looked up and forgotten, so a
        stream of made-up paths cannot grow the worker's memory."""
        cached = self._cache.get(filename)
        if cached is not None and not self.watch:
            return cached
        stat = _stat(self.folder, filename)
        if stat is None:
            self._cache.pop(filename, None)
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        if cached is None or cached.key != key:
            path = Path(self.folder, filename)
            data = path.read_bytes()
            compress = path.suffix in COMPRESSIBLE
            cached = Asset(key=key, digest=hashlib.sha256(data).hexdigest()[:12], data=data,
                           gzipped=gzip.compress(data, 9, mtime=0) if compress else None,
                           mimetype=mimetypes.guess_type(filename)[0]
                           or "application/octet-stream")
            self._cache[filename] = cached
        return cached

    def _version(self, endpoint, values):
        if endpoint == "static" and "v" not in values and "filename" in values:
            asset = self.get(values["filename"])
            if asset is not None:
                values["v"] = asset.digest

    def view(self, filename):
        asset = self.get(filename) or abort(404)
        gzipped = asset.gzipped is not None and request.accept_encodings["gzip"] > 0
        response = Response(asset.gzipped if gzipped else asset.data, mimetype=asset.mimetype)
        if asset.gzipped is not None:
            response.vary.add("Accept-Encoding")
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        response.set_etag(asset.digest + ("-gz" if gzipped else ""))
        if request.args.get("v") == asset.digest:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response.make_conditional(request)


def _stat(folder, filename):
    """The stat of a regular file inside ``folder``; None for anything else, including
    a name the filesystem refuses (a segment over 255 bytes: ENAMETOOLONG)."""
    if len(filename) > MAX_NAME:
        return None
    path = safe_join(folder, filename)
    try:
        stat = os.stat(path) if path is not None else None
    except (OSError, ValueError):
        return None
    return stat if stat is not None and S_ISREG(stat.st_mode) else None


def init_app(app):
    app.extensions["plein_assets"] = Assets(app)
