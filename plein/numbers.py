"""Reading amounts as Dutch people type them (shared by every feature with money or hours)."""

import re
from decimal import Decimal

from plein.errors import ServiceError

DUTCH_NUMBER = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")  # 1.250,50  1250,5  12
PLAIN_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")  # 2.5 or 12.75: a decimal point


def parse_amount(raw, label, maximum):
    """A Dutch amount: 1.250,50 or 1250,50 (dots group thousands, a comma is the
    decimal sign); 2.5 is read as two and a half. Anything ambiguous is refused.
    Empty is zero; negative or above ``maximum`` is refused (ServiceError)."""
    text = str(raw if raw is not None else "").strip().replace("€", "").replace(" ", "")
    if not text:
        return Decimal("0")
    if DUTCH_NUMBER.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif not PLAIN_DECIMAL.match(text):
        raise ServiceError(f"{label}: vul een getal in zoals 4, 2,5 of 1.250,50.")
    value = Decimal(text)
    if value < 0:
        raise ServiceError(f"{label} kan niet negatief zijn.")
    if value > maximum:
        most = f"{maximum:,.0f}".replace(",", ".")
        raise ServiceError(f"{label}: {value} is onwaarschijnlijk veel (hoogstens {most}).")
    return value.quantize(Decimal("0.01"))


def form_value(value):
    """1250.50 -> '1250,5'; 0 -> '' (an empty field reads better than a zero)."""
    if not value:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def euro(value):
    """€ 1.250,50, as Dutch readers write it."""
    from flask_babel import format_currency

    return format_currency(value or 0, "EUR")
