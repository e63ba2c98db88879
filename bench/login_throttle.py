"""What the login throttle lets through, and whom it locks out, with the app under
gunicorn with 2 workers (separate processes sharing only the database).

    .venv/bin/python -m bench.login_throttle [--attempts 30] [--seconds 20]

Creates a temporary SQLite database (flask db upgrade, flask plein create-admin for the
victim's account), serves the app with the default limits and fires logins, each on a
new connection with its own session and CSRF token. Client addresses are set with
X-Forwarded-For (trusted with PLEIN_TRUSTED_PROXIES=1). "Checked" means the password
was checked (422 for a wrong one), "refused" means 429.

1. one address, one account: a burst of wrong passwords for the victim from one
   address (all released at once);
2. the victim, right after that burst, from their own address with the right password;
3. one address, many accounts: one wrong login each for unknown accounts;
4. many addresses, one account: wrong passwords for the victim from a new address each
   time, as fast as four threads go, for --seconds; then the victim logs in from their
   own address (what a distributed guesser costs the real user).

Each round runs on a fresh database, so no round inherits another's attempts.
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from itertools import count
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.server import BIN, ROOT, Server, request  # noqa: E402

VICTIM = "bench@example.org"
PASSWORD = secrets.token_urlsafe(16)
WRONG = "wrong-password-x"  # noqa: S105 (the guess that fails)


def prepare(port):
    """A fresh session: its cookie and the login form's CSRF token."""
    status, headers, body = request(port, "GET", "/inloggen", {"Connection": "close"})
    assert status == 200, status
    cookie = dict((k.lower(), v) for k, v in headers).get("set-cookie", "")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body)[1].decode()
    return cookie.split(";", 1)[0], token


def login(port, email, address, password=WRONG, session=None):
    """(status, Retry-After) of one login attempt."""
    cookie, token = session or prepare(port)
    body = urlencode({"csrf_token": token, "email": email, "password": password})
    status, headers, _ = request(port, "POST", "/inloggen", {
        "Cookie": cookie, "X-Forwarded-For": address, "Connection": "close",
        "Content-Type": "application/x-www-form-urlencoded"}, body)
    return status, dict(headers).get("Retry-After")


def burst(port, attempts):
    """attempts: (email, address); all released at once; the status of each."""
    with ThreadPoolExecutor(10) as pool:
        sessions = list(pool.map(lambda _: prepare(port), attempts))
    barrier = threading.Barrier(len(attempts))

    def one(item):
        (email, address), session = item
        barrier.wait()
        return login(port, email, address, session=session)[0]

    with ThreadPoolExecutor(len(attempts)) as pool:
        return list(pool.map(one, zip(attempts, sessions, strict=True)))


def sustained(port, seconds):
    """Wrong passwords for the victim from a new address each, for ``seconds``."""
    addresses, until, statuses = count(1), time.monotonic() + seconds, []

    def worker():
        while time.monotonic() < until:
            n = next(addresses)
            statuses.append(login(port, VICTIM, f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")[0])

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def tally(statuses):
    counts = Counter(statuses)
    other = {k: v for k, v in counts.items() if k not in (422, 429)}
    return f"checked {counts[422]}, refused {counts[429]}" + (f", other {other}" if other else "")


def victim(port):
    status, retry_after = login(port, VICTIM, "192.0.2.50", PASSWORD)
    word = {303: "logged in", 429: "refused (429)"}.get(status, str(status))
    return word + (f", Retry-After {retry_after} s" if retry_after else "")


def fresh_server(tmp, number):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("PLEIN_", "FLASK_"))},
           "FLASK_APP": "plein",
           "PLEIN_DATABASE_URL": f"sqlite:///{tmp / f'bench-{number}.sqlite3'}",
           "PLEIN_SECRET_KEY": secrets.token_hex(32), "PLEIN_TRUSTED_PROXIES": "1"}
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True}
    subprocess.run([BIN / "flask", "db", "upgrade"], **run)
    subprocess.run([BIN / "flask", "plein", "create-admin", "--email", VICTIM, "--name",
                    "Bench", "--password", PASSWORD], **run)
    return Server(env).start()


def main(args):
    tmp = Path(tempfile.mkdtemp(prefix="plein-bench-"))
    rounds = [
        (f"1. one address, one account, burst of {args.attempts}",
         lambda port: tally(burst(port, [(VICTIM, "198.51.100.7")] * args.attempts))
         + "; 2. the victim from another address right after: " + victim(port)),
        (f"3. one address, {args.attempts + 20} unknown accounts",
         lambda port: tally(burst(port, [(f"guess{n}@example.org", "203.0.113.9")
                                         for n in range(args.attempts + 20)]))),
        (f"4. a new address per attempt, one account, {args.seconds} s",
         lambda port: tally(sustained(port, args.seconds))
         + "; then the victim from their own address: " + victim(port)),
    ]
    for number, (name, run) in enumerate(rounds):
        server = fresh_server(tmp, number)
        try:
            print(f"{name}: {run(server.port)}", flush=True)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=20)
    sys.exit(main(parser.parse_args()))
