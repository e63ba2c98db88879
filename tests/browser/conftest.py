"""Browser tests: Debian's Chromium through Playwright, against the app on 127.0.0.1.

With PLEIN_SCREENSHOTS=1 (``make screenshots``), every checked page is also saved as a
full-page screenshot in tests/screenshots/ (git-ignored): open them. make test leaves them
out: they cost about a third of a second per page.

Each worker keeps one browser page for all its tests (``page`` below replaces
pytest-playwright's, so its --tracing, --video and --screenshot options do not apply).
"""

import math
import os
import re
import threading
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from plein import demo
from plein.extensions import db
from tests.conftest import make_app
from tests.database import built_once

CHROMIUM = "/usr/bin/chromium"
AXE = Axe()  # reads axe-core's script once
WORKERS = 2  # browser shares without -n (each one Chromium and one live server)
SHARE_SECONDS = 120
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
TAKE_SCREENSHOTS = os.environ.get("PLEIN_SCREENSHOTS") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    browser = [item for item in items if "tests/browser/" in str(item.path)]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    if not config.pluginmanager.hasplugin("xdist"):
        return
    # with --dist loadgroup: the browser tests shared out, one share per worker (each
    # starts one Chromium and one live server), so no worker waits on another's browser
    # journeys; the longest first, each to the lightest share so far. Only the tests -m
    # keeps count (this hook runs before -m deselects).
    workers = int(getattr(config.option, "numprocesses", None) or WORKERS)
    took = config.cache.get(DURATIONS, {}) if config.cache else {}  # last run's seconds
    chosen = _selected(config, browser)
    # a share of up to SHARE_SECONDS goes to one worker: a second share would cost that
    # worker its own Chromium, live server and demo data (about 8 s of a core)
    seconds = sum(took.get(item.nodeid, 8.0) for item in chosen)
    shares, load = {}, [0.0] * max(1, min(workers, math.ceil(seconds / SHARE_SECONDS)))
    for item in sorted(chosen, key=lambda item: (-took.get(item.nodeid, 8.0), item.nodeid)):
        shares[item.nodeid] = load.index(min(load))
        load[shares[item.nodeid]] += took.get(item.nodeid, 8.0)
    for item in chosen:
        item.add_marker(pytest.mark.xdist_group(f"browser-{shares[item.nodeid]}"))


def _selected(config, items):
    """The items that -m (if given) keeps."""
    if not config.option.markexpr:
        return items
    from _pytest.mark import MarkMatcher
    from _pytest.mark.expression import Expression

    expression = Expression.compile(config.option.markexpr)
    return [item for item in items
            if expression.evaluate(MarkMatcher.from_markers(item.iter_markers()))]


DURATIONS = "plein/browser-seconds-per-test"
_seconds = Counter()


def pytest_runtest_logreport(report):
    """Add up each browser test's seconds (on the xdist controller too)."""
    if "tests/browser/" in report.nodeid:
        _seconds[report.nodeid.split("@")[0]] += report.duration


def pytest_sessionfinish(session):
    if _seconds and not hasattr(session.config, "workerinput") and session.config.cache:
        took = session.config.cache.get(DURATIONS, {})
        session.config.cache.set(DURATIONS, {**took, **{k: round(v, 1)
                                                        for k, v in _seconds.items()}})


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1280, "height": 800}, "locale": "nl-NL",
            "timezone_id": "Europe/Amsterdam"}


# what a page handed to a test must look like; the state a test may change and the
# reset in ``page`` undoes is read back as one dict, so a leak shows in the next test's
# setup (naming the test it came from) and not as a puzzling failure further on
PAGE_STATE = """() => ({
  url: location.href, width: innerWidth, height: innerHeight, scale: devicePixelRatio,
  media: ['print', '(prefers-color-scheme: dark)', '(prefers-reduced-motion: reduce)',
          '(forced-colors: active)', '(prefers-contrast: more)']
    .filter(query => matchMedia(query).matches),
})"""


class _WorkerPage:
    """One context and page for all the browser tests of a worker: a fresh context and
    page cost about 1.4 s of a core each (a renderer process of their own), a reset a
    tenth of that. ``fresh()`` hands the page out, ``reset()`` takes it back."""

    def __init__(self, browser, context_args):
        self.browser, self.context_args = browser, context_args
        self.context = self.page = None
        self.last = None  # the test that had the page last

    def _open(self):
        self.context = self.browser.new_context(**self.context_args)
        self.page = self.context.new_page()
        # the listeners Playwright itself keeps (crash, close): the rest are a test's
        self.own = {owner: _listeners(owner) for owner in (self.page, self.context)}
        self.clean = self.page.evaluate(PAGE_STATE)
        viewport = self.context_args["viewport"]
        assert self.clean == {"url": "about:blank", "width": viewport["width"],
                              "height": viewport["height"], "scale": 1, "media": []}

    def fresh(self, nodeid):
        if self.page is None or self.page.is_closed():
            self._open()
        # what reset() promised: a leak fails here, where it comes in, not three tests on
        # (and only here: the next test gets a new page)
        after, self.last = f"(left so by {self.last})", nodeid
        try:
            assert self.context.pages == [self.page], f"other pages still open {after}"
            assert self.page.evaluate(PAGE_STATE) == self.clean, f"page not reset {after}"
            assert self.context.cookies() == [], f"cookies left {after}"
            for owner, listeners in self.own.items():
                assert _listeners(owner) == listeners, f"event listeners left {after}"
        except Exception:
            self.close()
            raise
        return self.page

    def reset(self):
        """Undo what a test may have done to the page: its other pages closed, its event
        listeners removed (every Visitor adds four; a page.once("dialog") that was not
        needed stays too), no cookies, the first viewport again, screen media (a print test
        emulates print: that outlives set_viewport_size and navigation, and hides the site
        header of every page after it), and an empty document, so nothing of its pages
        runs on."""
        if self.page is None or self.page.is_closed():
            return
        try:
            for other in self.context.pages:
                if other != self.page:
                    other.close()
            for owner, own in self.own.items():
                for event, listeners in _listeners(owner).items():
                    for listener in listeners:
                        if listener not in own.get(event, ()):  # unsubscribes too
                            owner._impl_obj.remove_listener(event, listener)
            self.context.clear_cookies()
            self.page.goto("about:blank")  # first: the rest then lays out an empty page
            self.page.emulate_media(media="null")
            self.page.set_viewport_size(self.context_args["viewport"])
        except Exception:
            self.close()  # a page that cannot be reset: the next test gets a new one
            raise

    def close(self):
        if self.context is not None:
            self.context.close()
        self.context = self.page = None


def _listeners(owner):
    """An event emitter's listeners by event (Playwright's own pyee-like emitter)."""
    impl = owner._impl_obj
    return {event: impl.listeners(event) for event in impl.event_names()
            if impl.listener_count(event)}


@pytest.fixture(scope="session")
def _worker_page(browser, browser_context_args):
    worker_page = _WorkerPage(browser, browser_context_args)
    yield worker_page
    worker_page.close()


@pytest.fixture
def page(_worker_page, request):
    """The worker's page (``_WorkerPage``), as a new one would be; reset afterwards."""
    yield _worker_page.fresh(request.node.nodeid)
    _worker_page.reset()


@pytest.fixture(scope="session")
def live_app(db_url):
    """The real configuration (CSRF on) served on 127.0.0.1 in a thread."""
    return make_app(db_url, WTF_CSRF_ENABLED=True, TESTING=False)


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def _demo_logins():
    """Every demo account's session cookie by e-mail address (``Visitor.login`` uses
    them), as ``demo_data`` logged them in."""
    return {}


@pytest.fixture
def demo_data(live_app, _snapshots, _demo_logins):
    """The demo data with every demo account logged in, fresh for every test: loaded
    once and then restored from its copy (tests.database.built_once), which spares about
    a second of this worker's time per browser test. Returns the plein's id."""

    def load():
        plein, logins = demo.load()
        plein_id = plein.id
        db.session.remove()
        return plein_id, _log_in_all(live_app, logins)

    plein_id, cookies = built_once(live_app, _snapshots, "demo-logged-in", load)
    _demo_logins.update(cookies)
    return plein_id


def _log_in_all(app, logins):
    """Log every demo account in through the login form (test client, CSRF on); return
    each one's session cookie by e-mail address."""
    cookies = {}
    for email, _label, password in logins:
        client = app.test_client()
        with app.app_context():  # its own g: the demo loader's holds no current_user
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                              client.get("/inloggen").get_data(as_text=True))[1]
            response = client.post("/inloggen", data={
                "email": email, "password": password, "csrf_token": token})
        assert response.status_code in (302, 303), f"demo login {email} failed"
        cookies[email] = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return cookies


class Visitor:
    """A page plus the checks every visited page gets: no console errors, axe, screenshot."""

    def __init__(self, page, base_url, name, cookies=None, cookie_name=""):
        self.page, self.base_url, self.name = page, base_url, name
        self.cookies, self.cookie_name, self.logged_in = cookies or {}, cookie_name, set()
        self.console_errors = []
        self.allowed_statuses = {422}  # a form sent back with its errors is expected
        # the worker's page removes these after the test (``_WorkerPage.reset``)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _console(self, msg):
        # failed loads are checked, with their URL, in _response
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.console_errors.append(f"{msg.text} (on {self.page.url})")

    def _request_failed(self, request):
        # ERR_ABORTED: the page was left while this was loading, which is no fault
        if "ERR_ABORTED" not in (request.failure or ""):
            self.console_errors.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and response.status not in self.allowed_statuses:
            self.console_errors.append(f"{response.status} {response.url}")

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        return response

    def check(self, label):
        """axe scan with 0 violations, no console errors so far, and a screenshot (with
        PLEIN_SCREENSHOTS=1)."""
        if TAKE_SCREENSHOTS:
            SCREENSHOTS.mkdir(exist_ok=True)
            self.page.screenshot(path=SCREENSHOTS / f"{self.name}-{label}.png",
                                 full_page=True)
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE.axe_script)  # once per document, not per check
        results = AxeResults(self.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"))
        assert results.violations_count == 0, results.generate_report()
        assert not self.console_errors, "\n".join(self.console_errors)

    def login(self, email, password=demo.PASSWORD, through_form=False):
        """Log in as ``email``. Unless ``through_form``, with the session the demo's copy
        already holds for that account (first time per test; a logout ends it), which
        spares the login page and its POST; either way the page ends on the landing page."""
        cookie = self.cookies.get(email)
        if through_form or cookie is None or email in self.logged_in or password != demo.PASSWORD:
            self.goto("/inloggen")
            self.page.get_by_label("E-mailadres").fill(email)
            self.page.get_by_label("Wachtwoord").fill(password)
            self.page.get_by_role("button", name="Inloggen").click()
        else:
            self.page.context.clear_cookies()
            self.page.context.add_cookies([{"name": self.cookie_name, "value": cookie,
                                            "url": self.base_url}])
            self.goto("/")
        self.logged_in.add(email)
        # the landing page's load event (no "networkidle": that waits 500 ms more)
        self.page.wait_for_url(lambda url: "/inloggen" not in url)

    def logout(self):
        menu = self.page.locator("header details.site-menu > summary")
        if menu.is_visible():  # a phone: the links are folded into "Menu"
            menu.click()
        self.page.locator("header details.dropdown summary").last.click()
        self.page.get_by_role("button", name="Uitloggen").click()
        self.page.wait_for_url("**/inloggen")


@pytest.fixture
def visitor(page, live_server, live_app, demo_data, _demo_logins):
    def _visitor(name):
        return Visitor(page, live_server, name, _demo_logins,
                       live_app.config["SESSION_COOKIE_NAME"])

    return _visitor
