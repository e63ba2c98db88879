"""The programme's outputs as library staff use them: the printable folder, the lead's
page of secret links (screen, public page, iCal feed), and each person's own iCal link.
(The pages those links open: ``public_views``.)"""

from datetime import date

from flask import Blueprint, abort, flash, request, url_for

from plein.accounts.access import LOGIN, guard, me
from plein.forms import EmptyForm
from plein.htmx import render
from plein.programme import links, outputs
from plein.programme.forms import DeskNamesForm
from plein.programme.links import LinkKind
from plein.saving import save, saved
from plein.timeutil import local_today
from plein.urls import external_url

bp = Blueprint("programme_outputs", __name__)
P = "/p/<int:plein_id>/programma"
# the Dutch word in a link's address -> its kind, and the page the link opens
WHICH = {"scherm": LinkKind.SCREEN, "openbaar": LinkKind.PUBLIC, "agenda": LinkKind.FEED}
ENDPOINTS = {LinkKind.SCREEN: "public_programme.screen",
             LinkKind.PUBLIC: "public_programme.page",
             LinkKind.FEED: "public_programme.feed",
             LinkKind.PERSONAL: "public_programme.personal_feed"}
WHICH_ANY = "<any(scherm, openbaar, agenda):which>"


def _start(text):
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        day = local_today()
    if not date(2000, 1, 1) <= day <= date(2100, 1, 1):
        day = local_today()
    return outputs.folder_start(day)


@bp.route(P + "/folder")
@guard("programme.view")
def folder(plein):
    """The folder: the programme on A4, by day or by theme, for one to eight weeks."""
    by = "thema" if request.args.get("indeling") == "thema" else "dag"
    weeks = request.args.get("weken", type=int)
    weeks = weeks if weeks in outputs.FOLDER_WEEKS else 4
    shown = outputs.period(plein, _start(request.args.get("van")), weeks)
    return render("programme/folder.html", plein=plein, period=shown, by=by, weeks=weeks,
                  choices=outputs.FOLDER_WEEKS, printed=local_today(), nl_day=outputs.nl_day,
                  hours=outputs.hours)


def link_url(kind, token):
    return external_url(ENDPOINTS[kind], token=token)


def _links_page(plein, *, new=None, names_form=None, status=200):
    live = links.links_of(plein)
    screen = live.get(LinkKind.SCREEN)
    form = names_form or DeskNamesForm(
        formdata=None, show="ja" if screen and screen.show_desk_names else "nee")
    return render("programme/links.html", status=status, plein=plein, live=live,
                  which={kind: word for word, kind in WHICH.items()}, new=new,
                  names_form=form, empty=EmptyForm(formdata=None))


@bp.route(P + "/links")
@guard("programme.links")
def links_page(plein):
    """The lead's secret links: make, renew or switch off each of them."""
    return _links_page(plein)


def _kind(which):
    return WHICH.get(which) or abort(404)


@bp.route(P + "/links/" + WHICH_ANY + "/nieuw", methods=["POST"])
@guard("programme.links")
def renew(plein, which):
    """A new link (the old one stops working at once); shown once, on this page."""
    kind = _kind(which)
    form = EmptyForm()

    def done(result):
        _link, token = result
        flash(f"{kind.label}: de nieuwe link staat hieronder. Kopieer hem nu; hij wordt "
              "niet bewaard. Een eerdere link werkt niet meer.", "success")
        return _links_page(plein, new=(kind, link_url(kind, token)))

    return save(form, lambda: links.renew(plein, kind, by=me()), done=done,
                again=lambda status: _links_page(plein, status=status))


@bp.route(P + "/links/" + WHICH_ANY + "/uit", methods=["POST"])
@guard("programme.links")
def switch_off(plein, which):
    kind = _kind(which)
    form = EmptyForm()
    return save(form, lambda: links.switch_off(plein, kind, by=me()),
                done=lambda was_on: saved(
                    f"{kind.label}: de link is uitgezet en werkt niet meer." if was_on
                    else f"{kind.label}: er was geen link; hij stond al uit.",
                    url_for("programme_outputs.links_page", plein_id=plein.id)),
                again=lambda status: _links_page(plein, status=status))


@bp.route(P + "/links/scherm/namen", methods=["POST"])
@guard("programme.links")
def desk_names(plein):
    form = DeskNamesForm()
    return save(form, lambda: links.set_desk_names(plein, form.show.data == "ja", by=me()),
                done=lambda link: saved(
                    "Het scherm toont de voornamen van de baliedienst." if link.show_desk_names
                    else "Het scherm toont geen namen van de baliedienst.",
                    url_for("programme_outputs.links_page", plein_id=plein.id)),
                again=lambda status: _links_page(plein, names_form=form, status=status))


@bp.route("/account/agenda")
@guard(LOGIN)
def my_feed():
    """Your own iCal link: your deadlines and desk shifts in your calendar app."""
    return _my_feed_page()


def _my_feed_page(new=None, status=200):
    return render("programme/my_feed.html", status=status, live=links.personal_link(me()),
                  new=new, form=EmptyForm(formdata=None))


@bp.route("/account/agenda", methods=["POST"])
@guard(LOGIN)
def renew_my_feed():
    form = EmptyForm()

    def done(token):
        flash("Je nieuwe agenda-link staat hieronder. Kopieer hem nu; hij wordt niet "
              "bewaard. Een eerdere link werkt niet meer.", "success")
        return _my_feed_page(new=link_url(LinkKind.PERSONAL, token))

    return save(form, lambda: links.renew_personal(me()), done=done,
                again=lambda status: _my_feed_page(status=status))
