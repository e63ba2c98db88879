"""Make static/vendor/pico-2.1.1/pico.plein.min.css from the pristine pico.min.css.

Pico ships its icons as data: URIs, which our Content-Security-Policy (img-src falls
back to 'self') blocks. This copy points every --pico-icon-* variable at the same SVG
served from static/icons/ instead, and writes those SVGs (light theme, unchanged).
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


def main():
    css = SOURCE.read_text("utf-8")
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
    header = "/* Derived from pico.min.css 2.1.1 by scripts/derive_pico_css.py: icons as files */\n"
    TARGET.write_text(header + derived, "utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} and {len(written)} icons")


if __name__ == "__main__":
    main()
