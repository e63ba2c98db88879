"""One place that decides between a full page and an htmx fragment.

A page is one template; the parts htmx swaps are ``{% block %}``s of it. For an htmx
request (not a boosted one) only the named block is rendered.
"""

from flask import get_template_attribute, make_response, redirect, render_template, request
from jinja2_fragments.flask import render_block, render_blocks


def wants_fragment() -> bool:
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template, block=None, *, status=200, headers=None, messages=True, **context):
    """Render ``template`` whole, or just ``block`` for an htmx request.

    ``block`` may be a list: the first is the swap target's content, the others carry
    ``hx-swap-oob`` themselves (the template sees ``oob=True``). ``messages`` False: a
    fragment that is no action of its own (more of a page being read) leaves the
    message area alone.
    """
    if block and wants_fragment():
        if isinstance(block, str):
            body = render_block(template, block, **context)
        else:
            body = render_blocks(template, list(block), oob=True, **context)
        if messages and (headers or {}).get("HX-Retarget") != "#messages":
            # The message area follows every interaction: new flash messages travel
            # along out-of-band, and an old message does not linger after a new action.
            messages = get_template_attribute("macros/ui.html", "messages")(focus=False)
            body += f'<div id="messages" hx-swap-oob="innerHTML">{messages}</div>'
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    if headers:
        response.headers.update(headers)
    return response


def htmx_redirect(location):
    """For an htmx request, a response that makes the browser go to ``location``."""
    if not request.htmx:
        return None
    response = make_response("", 204)
    response.headers["HX-Redirect"] = location
    return response


def redirect_after_post(location, fragment=None):
    """Post/redirect/get for plain requests; for htmx the updated fragment.

    ``fragment`` is a function returning the htmx response; without it an htmx
    request is sent to ``location`` as well.
    """
    if fragment is not None and wants_fragment():
        return fragment()
    return htmx_redirect(location) or redirect(location, 303)
