"""A real SMTP server in the test process (aiosmtpd on 127.0.0.1) that records what it
receives, and can refuse: every message (a server that is down for a while), some
addresses, or hold a message until told to go on."""

import asyncio
import socket
import threading
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self):
        self.received = []  # email.message.EmailMessage, in the order accepted
        self.refuse = None  # e.g. "421 Service not available": every message refused
        self.bad = {}  # address -> answer for RCPT TO
        self.hold_rcpt_after = None  # after this many messages, RCPT TO waits ...
        self._go = threading.Event()  # ... until release()
        self.holding = threading.Event()  # set while one waits

    def release(self):
        self.hold_rcpt_after = None
        self._go.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold_rcpt_after is not None and len(self.received) >= self.hold_rcpt_after:
            self.holding.set()
            while not self._go.is_set():  # noqa: ASYNC110 (a test server)
                await asyncio.sleep(0.05)
            return "421 4.3.0 Gestopt"
        if self.refuse:
            return self.refuse
        if address in self.bad:
            return self.bad[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"

    def to(self, address):
        return [m for m in self.received if m["To"] == address]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app, monkeypatch):
    """The recorder of a running SMTP server that the app is configured to use."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_SECURITY", "none")
    monkeypatch.setitem(app.config, "MAIL_SENDER", "plein@bibliotheek.test")
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    recorder.port = port
    try:
        yield recorder
    finally:
        recorder.release()
        controller.stop()
