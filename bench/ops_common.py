"""Shared parts of bench/crash.py and bench/load.py: a demo database, a gunicorn server,
an HTTP client that logs in like a browser, the write workloads, and the check that
every acknowledged write is in the database.

Each write is individually checkable afterwards:
- status of a checklist item (each client owns its own items, so the version token it
  read is fresh): the item's "item.status" audit events, in order, must be exactly the
  acknowledged statuses, plus at most the one unacknowledged attempt that was in flight;
  the item's final status must be the last of those;
- a score (each client owns its own cells): likewise with the "score.set" events and the
  stored value;
- the contract cycle (one client): an acknowledged publish must exist as that version
  number, an acknowledged signature as a row for (version, organisation).
"""

import http.client
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # run the benches with .venv/bin/python
PASSWORD = "plein-demo-2026"  # noqa: S105 (the public demo password, plein/demo.py)
SECRET = "bench-" + "0" * 58  # a fixed key so every worker accepts every session
EMAILS = {role: f"{name}@lindeburg.example" for role, name in (
    ("admin", "admin"), ("lead", "lead"), ("team", "team"), ("mt", "mt"),
    ("welzijn", "welzijn"), ("schuldhulp", "schuldhulp"))}
STATUS_CYCLE = ("busy", "done", "open")
sys.path.insert(0, str(ROOT))
from bench.server import Server, free_port  # noqa: E402,F401 (crash.py, load.py use them)
from plein.roadmap.models import ItemStatus  # noqa: E402 (the words the audit log uses)


def server_env(db_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLEIN_", "FLASK_"))}
    env.update(PLEIN_DATABASE_URL=f"sqlite:///{db_path}", PLEIN_SECRET_KEY=SECRET,
               FLASK_APP="plein")
    return env


def prepare_demo(db_path):
    """A migrated database with the demo plein (`flask plein demo`)."""
    env = server_env(db_path)
    for args in (["db", "upgrade"], ["plein", "demo"]):
        subprocess.run([BIN / "flask", *args], env=env, cwd=ROOT, check=True,
                       capture_output=True, timeout=300)


def copy_database(source, target):
    """A copy through SQLite's backup API (plein.ops), never a file copy."""
    from plein import ops

    Path(target).unlink(missing_ok=True)
    ops.backup(f"sqlite:///{source}", target)


def dataset(db_path):
    """Ids the workloads use: plein, non-recurring items, scorable cells."""
    conn = sqlite3.connect(db_path)
    try:
        plein = conn.execute("SELECT id FROM pleinen ORDER BY id").fetchone()[0]
        items = [r[0] for r in conn.execute(
            "SELECT id FROM checklist_items WHERE plein_id=? AND (recurrence IS NULL OR "
            "recurrence='') ORDER BY id", (plein,))]
        partners = [r[0] for r in conn.execute(
            "SELECT id FROM partners WHERE plein_id=? ORDER BY id", (plein,))]
        criteria = [r[0] for r in conn.execute(
            "SELECT id FROM criteria WHERE plein_id=? ORDER BY id", (plein,))]
        orgs = {email: partner for email, partner in conn.execute(
            "SELECT u.email, m.partner_id FROM memberships m JOIN users u ON u.id=m.user_id "
            "WHERE m.plein_id=? AND m.role='partner'", (plein,))}
        return {"plein": plein, "items": items, "partners": partners,
                "cells": [(p, c) for p in partners for c in criteria],
                "partner_of": {"welzijn": orgs[EMAILS["welzijn"]],
                               "schuldhulp": orgs[EMAILS["schuldhulp"]]}}
    finally:
        conn.close()


def server(db_path, port, log):
    """The bench server (bench/server.py) on the database at ``db_path``."""
    return Server(server_env(db_path), port=port, log=log)


class HTTPError(Exception):
    pass


class Client:
    """One browser: a session cookie, the CSRF token of its pages, latency per request."""

    def __init__(self, port):
        self.port, self.cookie, self.csrf = port, None, None
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.timings = []  # (seconds, status, method)
        self.failures = []  # (status, method, path, start of the page) of non-2xx/3xx

    def request(self, method, path, form=None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        body = None
        if self.cookie:
            headers["Cookie"] = self.cookie
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if self.csrf:
                headers["X-CSRFToken"] = self.csrf
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        elapsed = time.perf_counter() - started
        self.timings.append((elapsed, response.status, method))
        if not ok(response.status) and len(self.failures) < 5:
            text = " ".join(re.sub(r"<[^>]+>", " ", data).split())
            self.failures.append((response.status, method, path, text[:300]))
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("plein_session="):
                self.cookie = value.split(";", 1)[0]
        token = re.search(r'"X-CSRFToken": "([^"]+)"', data)
        if token:
            self.csrf = token.group(1)
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, data, response.getheader("Location", "")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def login(self, role):
        status, page, _ = self.get("/inloggen")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        status, _, _ = self.post("/inloggen", {
            "csrf_token": token.group(1) if token else "", "email": EMAILS[role],
            "password": PASSWORD})
        if status != 303:
            raise HTTPError(f"login as {role}: {status}")
        self.csrf = None
        # a page of the new session carries its CSRF token (the login page's one died
        # with the old session); "/" redirects to the user's plein or partner page
        path = "/"
        for _ in range(3):
            status, _, location = self.get(path)
            if status not in (301, 302, 303) or not location:
                break
            path = urlsplit(location).path
        if not self.csrf or status != 200:
            raise HTTPError(f"no page with a CSRF token after login as {role}: {status}")


def ok(status):
    return 200 <= status < 400


class StatusWriter:
    """Cycles the status of its own checklist items: read the item, post the next status
    with the version just read."""

    def __init__(self, client, plein, items):
        self.client, self.plein, self.items = client, plein, items
        self.acked = {item: [] for item in items}
        self.pending = {}  # item -> status sent without an answer
        self.step = {item: 0 for item in items}

    def write(self, rng):
        item = rng.choice(self.items)
        base = f"/p/{self.plein}/stappenplan/punt/{item}"
        status, page, _ = self.client.get(base)
        if status != 200:
            return status
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
        new = STATUS_CYCLE[self.step[item] % 3]
        self.pending[item] = new
        status, _, _ = self.client.post(base + "/status", {"status": new, "version": version,
                                                           "na_reason": "", "back": ""})
        del self.pending[item]
        if ok(status):
            self.acked[item].append(new)
            self.step[item] += 1
        return status

    def result(self):
        return {"kind": "status", "acked": self.acked, "pending": self.pending}


class ScoreWriter:
    """Sets scores on its own cells of the afwegingstabel, cycling 0..3."""

    def __init__(self, client, plein, cells):
        self.client, self.plein, self.cells = client, plein, cells
        self.acked = {cell: [] for cell in cells}
        self.pending = {}

    def write(self, rng):
        cell = rng.choice(self.cells)
        value = (len(self.acked[cell]) + 1) % 4
        self.pending[cell] = value
        status, _, _ = self.client.post(
            f"/p/{self.plein}/afwegingstabel/score/{cell[0]}/{cell[1]}", {"value": value})
        del self.pending[cell]
        if ok(status):
            self.acked[cell].append(value)
        return status

    def result(self):
        return {"kind": "score", "acked": {f"{p}/{c}": v for (p, c), v in self.acked.items()},
                "pending": {f"{p}/{c}": v for (p, c), v in self.pending.items()}}


class ContractWriter:
    """The lead edits the draft and publishes a new version; then both partner
    organisations and the lead (for the library) sign it. Every step is one write."""

    def __init__(self, port, plein, partner_of):
        self.plein, self.partner_of = plein, partner_of
        self.lead = Client(port)
        self.signers = {role: Client(port) for role in ("welzijn", "schuldhulp")}
        self.published, self.signed, self.edits, self.edits_acked = [], [], 0, 0
        self.queue = []  # the steps still to do in this cycle

    def login(self):
        self.lead.login("lead")
        for role, client in self.signers.items():
            client.login(role)

    @property
    def clients(self):
        return [self.lead, *self.signers.values()]

    def write(self, rng):
        if not self.queue:
            self.queue = ["edit", "publish", "welzijn", "schuldhulp", "lead"]
        step = self.queue[0]
        base = f"/p/{self.plein}/contract"
        if step in ("edit", "publish"):
            status, page, _ = self.lead.get(base + "/concept")
            if status != 200:
                return status
            version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
            version = version.group(1) if version else re.search(
                r'name="version" value="(\d+)"', page).group(1)
            if step == "edit":
                self.edits += 1
                text = unescape(re.search(r'name="section-purpose"[^>]*>(.*?)</textarea>',
                                          page, re.S).group(1)).split(" [ronde")[0]
                status, _, _ = self.lead.post(base + "/concept", {
                    "version": version,
                    "section-purpose": f"{text.strip()} [ronde {self.edits}]"})
                self.edits_acked += ok(status)
            else:
                status, _, location = self.lead.post(base + "/publiceren",
                                                     {"version": version})
                if status == 303:
                    self.published.append(int(location.rstrip("/").rsplit("/", 1)[1]))
        else:
            if not self.published:
                self.queue.pop(0)
                return 200
            number = self.published[-1]
            client = self.lead if step == "lead" else self.signers[step]
            status, _, _ = client.post(f"{base}/versie/{number}/tekenen", {
                "name": "Bench", "function": "tester", "has_read": "y"})
            if ok(status):
                self.signed.append((number, None if step == "lead" else self.partner_of[step]))
        if ok(status):
            self.queue.pop(0)
        return status

    def result(self):
        return {"kind": "contract", "published": self.published, "signed": self.signed,
                "edits": self.edits_acked}


def _sequence_problem(what, acked, pending, logged, final):
    """None when the log holds exactly the acknowledged writes (plus at most the one in
    flight) and the stored value is the last logged one."""
    extra = [pending] if pending is not None else []
    if logged not in (acked, acked + extra):
        return f"{what}: acknowledged {acked}, logged {logged}"
    if logged and final != logged[-1]:
        return f"{what}: last write {logged[-1]}, stored {final}"
    return None


def lost_writes(db_path, results):
    """Every acknowledged write that is not in the database, as readable lines."""
    conn = sqlite3.connect(db_path)
    lost = []
    try:
        for result in results:
            start = result["audit_start"]
            if result["kind"] == "status":
                for item, acked in result["acked"].items():
                    logged = [row[0].rsplit(" naar ", 1)[1] for row in conn.execute(
                        "SELECT summary FROM audit_events WHERE action='item.status' AND "
                        "object_type='ChecklistItem' AND object_id=? AND id > ? ORDER BY id",
                        (item, start))]
                    final = conn.execute("SELECT status FROM checklist_items WHERE id=?",
                                         (item,)).fetchone()[0]
                    pending = result["pending"].get(item)
                    lost.append(_sequence_problem(
                        f"item {item}", [ItemStatus(s).label for s in acked],
                        ItemStatus(pending).label if pending else None, logged,
                        ItemStatus.label_of(final, final)))
            elif result["kind"] == "score":
                for cell, acked in result["acked"].items():
                    partner, criterion = (int(x) for x in cell.split("/"))
                    title = conn.execute("SELECT title FROM criteria WHERE id=?",
                                         (criterion,)).fetchone()[0]
                    marker = f" op '{title}': "
                    logged = [int(row[0].split(marker, 1)[1].split()[0]) for row in conn.execute(
                        "SELECT summary FROM audit_events WHERE action='score.set' AND "
                        "object_type='Partner' AND object_id=? AND id > ? ORDER BY id",
                        (partner, start)) if marker in row[0]]
                    final = conn.execute(
                        "SELECT value FROM scores WHERE partner_id=? AND criterion_id=?",
                        (partner, criterion)).fetchone()
                    lost.append(_sequence_problem(f"score {cell}", acked,
                                                  result["pending"].get(cell), logged,
                                                  final[0] if final else None))
            else:
                edits = conn.execute("SELECT count(*) FROM audit_events WHERE "
                                     "action='agreement.edit' AND id > ?", (start,)).fetchone()[0]
                if edits < result["edits"]:
                    lost.append(f"{result['edits']} draft edits acknowledged, {edits} logged")
                for number in result["published"]:
                    if conn.execute("SELECT count(*) FROM agreement_versions WHERE number=?",
                                    (number,)).fetchone()[0] != 1:
                        lost.append(f"published version {number} is missing")
                for number, partner in result["signed"]:
                    found = conn.execute(
                        "SELECT count(*) FROM signatures s JOIN agreement_versions v ON "
                        "v.id=s.version_id WHERE v.number=? AND s.partner_key=?",
                        (number, partner or 0)).fetchone()[0]
                    if found != 1:
                        lost.append(f"signature on version {number} for {partner} missing")
    finally:
        conn.close()
    return [line for line in lost if line]


def acknowledged(results):
    """How many writes the server acknowledged with 2xx/3xx, over all clients."""
    total = 0
    for result in results:
        if result["kind"] == "contract":
            total += len(result["published"]) + len(result["signed"]) + result["edits"]
        else:
            total += sum(len(acked) for acked in result["acked"].values())
    return total


def integrity(db_path):
    conn = sqlite3.connect(db_path)
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        return check, fks
    finally:
        conn.close()


def max_audit_id(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT coalesce(max(id), 0) FROM audit_events").fetchone()[0]
    finally:
        conn.close()


def split(items, parts):
    """``items`` dealt round-robin into ``parts`` disjoint lists."""
    return [items[i::parts] for i in range(parts)]


def new_rng(seed):
    return random.Random(seed)  # noqa: S311 (workload mix, not security)


def _reads(role, plein, data):
    if role in ("welzijn", "schuldhulp"):
        return [f"/p/{plein}/partner", f"/p/{plein}/contract/versie/1"]
    pages = [f"/p/{plein}/", f"/p/{plein}/stappenplan/", f"/p/{plein}/afwegingstabel/",
             f"/p/{plein}/partners/", f"/p/{plein}/contract/"]
    pages += [f"/p/{plein}/stappenplan/punt/{item}" for item in data["items"][:10]]
    pages += [f"/p/{plein}/afwegingstabel/partner/{p}" for p in data["partners"][:4]]
    pages += [f"/p/{plein}/partners/{p}" for p in data["partners"][:4]]
    return pages + (["/beheer/"] if role == "admin" else [])


def client_main(spec):
    """One client process: log in, then until ``spec['until']`` (wall clock) or until the
    server is gone, do a write with probability ``write_share`` and a page read otherwise.
    Returns what it did, for the figures and for lost_writes()."""
    rng = new_rng(spec["seed"])
    port, plein, role = spec["port"], spec["plein"], spec["role"]
    writers, clients = [], []
    if spec.get("contract"):
        contract = ContractWriter(port, plein, spec["partner_of"])
        contract.login()
        writers.append(contract)
        client, clients = contract.lead, contract.clients
    else:
        client = Client(port)
        client.login(role)
        clients = [client]
        if spec.get("items"):
            writers.append(StatusWriter(client, plein, spec["items"]))
        if spec.get("cells"):
            writers.append(ScoreWriter(client, plein, [tuple(c) for c in spec["cells"]]))
    for one in clients:
        one.timings.clear()  # count the workload, not the logins
    if spec.get("ready") is not None:
        spec["ready"].put(role)  # logged in; the caller starts its clock when all are
    if spec.get("start") is not None:  # load.py: run for ``seconds`` from that moment
        while not spec["start"].value:
            time.sleep(0.01)
        spec["until"] = spec["start"].value + spec["seconds"]
    reads = _reads(role, plein, spec["data"])
    errors, stopped = {}, "time"
    while time.time() < spec["until"]:
        try:
            if writers and rng.random() < spec["write_share"]:
                status = rng.choice(writers).write(rng)
            else:
                status = client.get(rng.choice(reads))[0]
        except (OSError, http.client.HTTPException) as error:
            stopped = f"server gone ({type(error).__name__})"
            break
        if not ok(status):
            errors[status] = errors.get(status, 0) + 1
    results = [writer.result() for writer in writers]
    for result in results:
        result["audit_start"] = spec["audit_start"]
    return {"role": role, "results": results, "errors": errors, "stopped": stopped,
            "failures": [f for one in clients for f in one.failures],
            "timings": [t for one in clients for t in one.timings]}


def client_specs(data, port, clients, *, until, write_share, audit_start, seed):
    """``clients`` specs across all roles: one contract cycle (lead and both partner
    organisations), writers as lead/team/admin owning disjoint items and cells, and
    readers as mt and the partner organisations."""
    plan = ["contract"] + ["lead", "team", "admin", "mt", "team", "welzijn", "lead",
                           "schuldhulp"] * 4
    roles = plan[:clients]
    writers = [i for i, role in enumerate(roles) if role in ("lead", "team", "admin")]
    items = split(data["items"], max(1, len(writers)))
    cells = split(data["cells"], max(1, len(writers)))
    specs = []
    for i, role in enumerate(roles):
        spec = {"role": "lead" if role == "contract" else role, "port": port,
                "plein": data["plein"], "seed": seed * 1000 + i, "until": until,
                "write_share": write_share,
                "audit_start": audit_start, "data": data}
        if role == "contract":
            spec.update(contract=True, partner_of=data["partner_of"],
                        write_share=max(write_share, 0.5))
        elif i in writers:
            spec.update(items=items[writers.index(i)], cells=cells[writers.index(i)])
        specs.append(spec)
    return specs


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]
