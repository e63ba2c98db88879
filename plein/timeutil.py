"""Times are stored in UTC and shown in Europe/Amsterdam (by Flask-Babel)."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp that goes in as aware UTC and comes out as aware UTC on every database.

    SQLite keeps no time zone, so the value is stored as naive UTC and marked UTC on
    the way out.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timeutil.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


LOCAL_TZ = "Europe/Amsterdam"


def start_of_local_day(day):
    """The moment ``day`` begins where the library is, as an aware UTC datetime (stored
    moments are UTC; a local day's bounds are not)."""
    return datetime.combine(day, time.min, ZoneInfo(LOCAL_TZ)).astimezone(UTC)


def local_today():
    """Today's date where the library is."""
    return datetime.now(ZoneInfo(LOCAL_TZ)).date()


def local_date(moment):
    """The date where the library is at an aware ``moment``."""
    return moment.astimezone(ZoneInfo(LOCAL_TZ)).date()
