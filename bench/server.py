"""The one gunicorn server and free port every bench uses (crash, load, throughput,
login_throttle).

``Server(env, port=...)`` runs ``gunicorn wsgi:app`` on 127.0.0.1 in its own process
group, so ``kill()`` takes down the master and every worker at once (a crash test) and
``stop()`` ends them all gracefully.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # run the benches with .venv/bin/python


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, headers=None, body=None, timeout=60):
    """One request on its own connection: (status, headers as a list, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


class Server:
    """gunicorn with ``workers`` sync workers on 127.0.0.1:``port``.

    ``env`` is the whole environment of the server; ``log`` a file object for its
    output (None: discarded); ``args`` more gunicorn options.
    """

    def __init__(self, env, *, port=None, workers=2, log=None, args=(), ready="/healthz"):
        self.env, self.port, self.workers = env, port or free_port(), workers
        self.log, self.args, self.ready = log, list(args), ready
        self.proc = None

    def start(self, timeout=60):
        output = self.log if self.log is not None else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [BIN / "gunicorn", "--no-control-socket", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", *self.args,
             "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=output, stderr=output, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with exit code {self.proc.returncode}")
            try:
                if self.request("GET", self.ready)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer in time")

    def request(self, method, path, headers=None, body=None):
        return request(self.port, method, path, headers, body)

    def worker_rss_mb(self):
        """Resident memory of each worker, in MB."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sizes

    def kill(self):
        """kill -9 of the whole server: master and workers, no chance to clean up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
