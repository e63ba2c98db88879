"""How many wrong-password logins get a password check before the lockout, with the
app under gunicorn with 2 workers (separate processes sharing only the database).

    .venv/bin/python bench/login_throttle.py [--attempts 30] [--concurrency 10]

Creates a temporary SQLite database (flask db upgrade, flask plein create-admin),
serves the app with ``gunicorn -w 2`` on a free port of 127.0.0.1 and fires concurrent
logins, each on a new connection so both workers serve them (the access log names the
worker that answered). Every attempt first fetches the login page for its own session
and CSRF token; then all attempts of a round are released at once.

Round 1, per account: wrong passwords for one account, each from a different client
address (X-Forwarded-For, trusted with PLEIN_TRUSTED_PROXIES=1), so only the account
limit applies. Round 2, per address: one wrong login each for different unknown
accounts, all from one address. "Accepted" means the password was checked (422);
refused means 429. The limits hold if accepted == limit.
"""

import argparse
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PER_ACCOUNT, PER_IP = 5, 20


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        conn.close()


def prepare(port):
    """A fresh session: its cookie and the login form's CSRF token."""
    status, cookie, body = request(port, "GET", "/inloggen")
    assert status == 200, status
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body)[1].decode()
    return cookie.split(";", 1)[0], token


def fire(port, attempts):
    """attempts: (email, client address); returns the status of each login."""
    with ThreadPoolExecutor(args.concurrency) as pool:
        sessions = list(pool.map(lambda _: prepare(port), attempts))
    barrier = threading.Barrier(len(attempts))

    def one(item):
        (email, address), (cookie, token) = item
        body = urlencode({"csrf_token": token, "email": email, "password": "wrong-password-x"})
        headers = {"Cookie": cookie, "X-Forwarded-For": address,
                   "Content-Type": "application/x-www-form-urlencoded"}
        barrier.wait()
        return request(port, "POST", "/inloggen", body, headers)[0]

    with ThreadPoolExecutor(len(attempts)) as pool:
        return list(pool.map(one, zip(attempts, sessions, strict=True)))


def report(name, statuses, limit):
    counts = Counter(statuses)
    print(f"{name}: attempts accepted before lockout: {counts[422]} (limit {limit}); "
          f"refused with 429: {counts[429]}; other: "
          f"{ {k: v for k, v in counts.items() if k not in (422, 429)} or 'none'}")
    return counts[422] == limit and set(counts) <= {422, 429}


def main():
    tmp = Path(tempfile.mkdtemp(prefix="plein-bench-"))
    env = {**os.environ, "FLASK_APP": "plein",
           "PLEIN_DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
           "PLEIN_SECRET_KEY": secrets.token_hex(32),
           "PLEIN_ENV": "development",  # plain http on 127.0.0.1: no Secure cookie
           "PLEIN_TRUSTED_PROXIES": "1",
           "PLEIN_LOGIN_MAX_PER_ACCOUNT": str(PER_ACCOUNT),
           "PLEIN_LOGIN_MAX_PER_IP": str(PER_IP),
           "PLEIN_LOGIN_WINDOW_MINUTES": "15"}
    run = {"env": env, "cwd": ROOT, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([BIN / "flask", "db", "upgrade"], **run, stderr=subprocess.DEVNULL)
    subprocess.run([BIN / "flask", "plein", "create-admin", "--email", "bench@example.org",
                    "--name", "Bench", "--password", secrets.token_urlsafe(16)], **run)
    port, log = free_port(), tmp / "access.log"
    server = subprocess.Popen(
        [BIN / "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--no-control-socket",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(s)s",
         "wsgi:app"], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                request(port, "GET", "/inloggen")
                break
            except OSError:
                time.sleep(0.1)
        started = time.monotonic()
        ok = report("per account", fire(port, [("bench@example.org", f"198.51.100.{n + 1}")
                                                for n in range(args.attempts)]), PER_ACCOUNT)
        ok &= report("per IP", fire(port, [(f"guess{n}@example.org", "203.0.113.9")
                                           for n in range(args.attempts + PER_IP)]), PER_IP)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(10)
    posts = Counter(line.split()[0].strip("<>") for line in log.read_text().splitlines()
                    if " POST " in line)
    print(f"login POSTs per gunicorn worker (pid: count): {dict(posts)}; "
          f"{elapsed:.1f} s for both rounds")
    if len(posts) < 2:
        print("warning: only one worker answered; the cross-process claim is not shown")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=30,
                        help="wrong logins for the account (the address round adds 20)")
    parser.add_argument("--concurrency", type=int, default=10,
                        help="threads that fetch login pages")
    args = parser.parse_args()
    sys.exit(main())
