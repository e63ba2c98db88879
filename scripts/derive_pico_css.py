"""Make static/vendor/pico-2.1.1/pico.plein.min.css from the pristine pico.min.css.

Pico ships its icons as data: URIs, which our Content-Security-Policy (img-src falls
back to 'self') blocks. This copy points every --pico-icon-* variable at the same SVG
served from static/icons/ instead, and writes those SVGs (light theme, unchanged).
It also leaves out the dark theme (the ``prefers-color-scheme: dark`` block and every
``[data-theme=dark]`` selector): the app pins ``<html data-theme="light">``, so those
rules never apply and only cost bytes on every first visit.
Run it again after updating Pico: python scripts/derive_pico_css.py
"""

import re
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static/vendor/pico-2.1.1/pico.min.css"
TARGET = SOURCE.with_name("pico.plein.min.css")
ICONS = ROOT / "static/icons"
ICON = re.compile(r'(--pico-icon-([a-z-]+)):url\("data:image/svg\+xml,([^"]+)"\)')


DARK = "[data-theme=dark]"
DARK_MEDIA = "@media only screen and (prefers-color-scheme:dark)"


def _blocks(css):
    """Top-level (prelude, body) pairs of minified CSS, by brace matching."""
    blocks, start, depth, open_at = [], 0, 0, 0
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                open_at = i
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((css[start:open_at], css[open_at + 1:i]))
                start = i + 1
    if depth or css[start:].strip():
        raise SystemExit("could not split pico.min.css into blocks")
    return blocks


def without_dark_theme(css):
    kept = []
    for prelude, body in _blocks(css):
        if prelude.strip() == DARK_MEDIA:
            continue
        if DARK in prelude and not prelude.lstrip().startswith("@"):
            selectors = [s for s in prelude.split(",") if DARK not in s]
            if not selectors:
                continue
            prelude = ",".join(selectors)
        kept.append(f"{prelude}{{{body}}}")
    derived = "".join(kept)
    if DARK in derived or "prefers-color-scheme:dark" in derived:
        raise SystemExit("dark-theme rules left that this script does not handle")
    return derived


def main():
    css = SOURCE.read_text("utf-8")
    if css.startswith("@charset"):
        charset, css = css.split(";", 1)
        css = without_dark_theme(css)
        css = charset + ";" + css
    else:
        css = without_dark_theme(css)
    written = set()

    def replace(match):
        variable, name, svg = match.groups()
        if name not in written:  # the first occurrence is the light theme's
            (ICONS / f"pico-{name}.svg").write_text(urllib.parse.unquote(svg) + "\n", "utf-8")
            written.add(name)
        return f'{variable}:url("/static/icons/pico-{name}.svg")'

    derived = ICON.sub(replace, css)
    if "data:image" in derived:
        raise SystemExit("pico.min.css still has data: URIs this script does not handle")
    header = ("/* Derived from pico.min.css 2.1.1 by scripts/derive_pico_css.py: icons as files, "
              "light theme only */\n")
    TARGET.write_text(header + derived, "utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} and {len(written)} icons")


if __name__ == "__main__":
    main()
