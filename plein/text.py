"""The one normaliser for text people type: every form field and every service uses it.

Control characters have no place in anything plein stores or exports: they are
invisible on the page, break spreadsheets (openpyxl refuses them: an XLSX export would
answer 500 for everyone) and can make a log line lie. So:

- :func:`clean_line` (a name, a title, a search): control characters removed, every run
  of white space (tabs and newlines included) becomes one space, none at either end;
- :func:`clean_text` (a text area: notes, a reason): the same, except that newlines and
  tabs stay (a Windows or old Mac line end becomes ``\\n``), and only the text's ends are
  trimmed.

Both leave ``None`` and non-text values as they are, so they work as WTForms filters
(``plein.forms.Form`` applies them to every text field) and on service arguments.
"""

import re
import unicodedata

_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_KEEP = {"\n", "\t"}
# every other C0/C1 control character and DEL: removed
# what a text that must stay anonymous may not hold (see personal_in)
PERSONAL_EMAIL_RE = re.compile(r"\S@\S|\bat\b.*\bdot\b", re.IGNORECASE)
# seven digits or more, however grouped (06-1234 5678, +31 (0)20 123 45 67, a BSN)
PERSONAL_PHONE_RE = re.compile(r"(?:\d[\s\-./()+]*){7,}")
_CONTROLS = {code: None for code in range(0x110) if unicodedata.category(chr(code)) == "Cc"
             and chr(code) not in _KEEP and chr(code) not in "\r\x85"}


def clean_text(value):
    """Multi-line text without control characters (newlines and tabs kept)."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").translate(_LINE_BREAKS).translate(_CONTROLS).strip()


def clean_line(value):
    """One line of text: no control characters, white space collapsed to single spaces."""
    if not isinstance(value, str):
        return value
    return " ".join(clean_text(value).split())


def form_filter(field):
    """The normaliser for a WTForms field: text areas keep their lines, other text
    fields become one line; passwords (exactly as typed) and non-text fields none."""
    from wtforms import PasswordField, StringField, TextAreaField

    if isinstance(field, PasswordField) or not isinstance(field, StringField):
        return None
    return clean_text if isinstance(field, TextAreaField) else clean_line


def personal_in(text):
    """What personal data a free text seems to hold, as a Dutch noun ("e-mailadres",
    "telefoonnummer (of ander lang nummer)"), or None. Every free text that must stay
    anonymous (the desk's topic words and referral notes, a success story) asks this."""
    if PERSONAL_EMAIL_RE.search(text or ""):
        return "e-mailadres"
    if PERSONAL_PHONE_RE.search(text or ""):
        return "telefoonnummer (of ander lang nummer)"
    return None
