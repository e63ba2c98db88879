"""Template filters that format values the Dutch way: dates, amounts, numbers, words."""

from datetime import datetime

from plein.exports import dutch_number
from plein.numbers import euro
from plein.timeutil import LOCAL_TZ

_MONTHS = {}


def init_app(app):
    app.jinja_env.filters.update(soft_hyphens=soft_hyphens, euro=euro,
                                 nl_number=dutch_number, nl_date=nl_date,
                                 nl_datetime=nl_datetime)


def _months(width):
    """Babel's Dutch month names ("maart", "mrt"), looked up once: asking Babel per date
    cost the roadmap page a tenth of its time."""
    if width not in _MONTHS:
        from babel.dates import get_month_names

        names = get_month_names(width, "format", "nl")
        _MONTHS[width] = {month: names[month] for month in range(1, 13)}
    return _MONTHS[width]


def _local(value):
    """A date as it is; an aware datetime in the library's time zone."""
    if isinstance(value, datetime):
        from zoneinfo import ZoneInfo

        return value.astimezone(ZoneInfo(LOCAL_TZ))
    return value


def nl_date(value):
    """5 maart 2026 (what Babel's "d MMMM yyyy" gives, without its per-call cost)."""
    value = _local(value)
    return f"{value.day} {_months('wide')[value.month]} {value.year}"


def nl_datetime(value):
    """5 mrt 2026 14:05 (Babel's "d MMM yyyy HH:mm")."""
    value = _local(value)
    return (f"{value.day} {_months('abbreviated')[value.month]} {value.year} "
            f"{value.hour:02d}:{value.minute:02d}")


_HYPHENATOR = None


def soft_hyphens(text):
    """Dutch text with soft hyphens, so narrow table headers break words at syllables
    (browsers hyphenate Dutch only with a dictionary an intranet machine may lack)."""
    global _HYPHENATOR
    if _HYPHENATOR is None:
        import pyphen

        _HYPHENATOR = pyphen.Pyphen(lang="nl_NL")
    return " ".join(_HYPHENATOR.inserted(word, hyphen="\u00ad") for word in str(text).split())
