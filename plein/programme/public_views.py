"""The pages opened without a login, through a secret link (``programme.links``): the
TV screen, the public programme and the iCal feeds.

Each answers a conditional request without reading the programme: the ETag is made
from the link, the day (the screen: the quarter of an hour) and the plein's logboek
length, which grows with every change (``links.plein_generation``, one statement). So a
screen that refreshes every minute costs two statements and no rendering when nothing
changed. An unknown, renewed or switched-off link is a 404. No person's name is shown,
except the desk staff's first names on the screen when the lead allows it.
"""

import hashlib
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from flask import Blueprint, abort, make_response, render_template, request

from plein.accounts.access import PUBLIC, guard
from plein.programme import extras, ical, links, outputs
from plein.programme.links import LinkKind
from plein.programme.recurrence import TZ

bp = Blueprint("public_programme", __name__)
SCREEN_REFRESH_SECONDS = 60
OUTPUT_VERSION = "1"  # raise when a page's markup changes, so no screen keeps an old one
# The bodies last made, by ETag. An ETag names one link, one day (the screen: one quarter
# of an hour) and one length of the plein's logboek, which every change makes longer, so
# a body found here is the body that would be made now. It spares the work for clients
# that do not send If-None-Match (many calendar apps): the feed costs tens of ms to make.
BODIES_MAX = 64
_bodies, _bodies_lock = OrderedDict(), threading.Lock()


def now():
    """The moment the pages show (tests move it)."""
    return datetime.now(TZ)


def _link(token, kind):
    return links.find(token, kind) or abort(404)


def _conditional(parts, build, mimetype="text/html"):
    """304 when the client's ETag is the one of ``parts``; else ``build()`` (bytes/str)."""
    etag = hashlib.sha256("|".join(map(str, (OUTPUT_VERSION, *parts))).encode()).hexdigest()
    if request.if_none_match.contains(etag):
        response = make_response("", 304)
    else:
        response = make_response(_body(etag, build))
        response.mimetype = mimetype
    response.set_etag(etag)
    # kept, but asked again every time: a changed programme shows on the next refresh
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _body(etag, build):
    with _bodies_lock:
        body = _bodies.get(etag)
        if body is not None:
            _bodies.move_to_end(etag)
            return body
    body = build()
    with _bodies_lock:
        _bodies[etag] = body
        while len(_bodies) > BODIES_MAX:
            _bodies.popitem(last=False)
    return body


@bp.route("/scherm/<token>")
@guard(PUBLIC)
def screen(token):
    """The TV screen: today's activities from now on and the next ones, cancellations
    in plain sight, who is at the desk; refreshes itself every minute."""
    link = _link(token, LinkKind.SCREEN)
    plein, moment = link.plein, outputs.screen_moment(now())
    parts = ("screen", link.token_hash, link.show_desk_names, moment.isoformat(),
             links.plein_generation(plein))
    return _conditional(parts, lambda: render_template(
        "programme/screen.html", plein=plein, screen=outputs.screen(plein, moment),
        show_names=link.show_desk_names, refresh=SCREEN_REFRESH_SECONDS,
        nl_day=outputs.nl_day, short_day=outputs.short_day, hours=outputs.hours,
        is_now=outputs.is_now))


def _daily(token, kind, build, mimetype="text/html"):
    """A plein's output that changes with the day and the programme: ``build(plein,
    today)`` behind the link of ``kind``."""
    link = _link(token, kind)
    plein, today = link.plein, now().date()
    parts = (kind, link.token_hash, today.isoformat(), links.plein_generation(plein))
    return _conditional(parts, lambda: build(plein, today), mimetype)


def _public_page(plein, today):
    return render_template(
        "programme/public.html", plein=plein,
        period=outputs.period(plein, today, outputs.PUBLIC_WEEKS), today=today,
        until=today + timedelta(weeks=outputs.PUBLIC_WEEKS, days=-1),
        nl_day=outputs.nl_day, hours=outputs.hours, sections=extras.public_sections(plein))


@bp.route("/programma/<token>")
@guard(PUBLIC)
def page(token):
    """The public programme: the coming four weeks, by day."""
    return _daily(token, LinkKind.PUBLIC, _public_page)


def _calendar_response(response, name):
    response.headers["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@bp.route("/agenda/<token>.ics")
@guard(PUBLIC)
def feed(token):
    """The plein's programme as an iCal feed (about three months ahead)."""
    return _calendar_response(_daily(token, LinkKind.FEED, ical.plein_feed, "text/calendar"),
                              "programma")


@bp.route("/agenda/mijn/<token>.ics")
@guard(PUBLIC)
def personal_feed(token):
    """One person's deadlines and desk shifts as an iCal feed."""
    link = _link(token, LinkKind.PERSONAL)
    user, today = link.user, now().date()
    if not user.active:
        abort(404)
    parts = ("personal", link.token_hash, today.isoformat(), links.user_generation(user))
    return _calendar_response(_conditional(
        parts, lambda: ical.personal_feed(user, today), "text/calendar"), "mijn-plein")
