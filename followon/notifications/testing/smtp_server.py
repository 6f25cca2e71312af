"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives, for tests.

with LocalSmtpServer() as smtp:
    ... send to smtp.host:smtp.port ...
    smtp.messages[0]["Subject"]
    smtp.refuse("nobody@example.org")          # 550 for that recipient
    smtp.defer("busy@example.org")             # 451 for that recipient
"""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, server: LocalSmtpServer):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's names
        lowered = address.lower()
        if lowered in self.server.refused:
            return "550 5.1.1 Mailbox unavailable"
        if lowered in self.server.deferred:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's names
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.messages.append(message)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class LocalSmtpServer:
    def __init__(self):
        self.host = "127.0.0.1"
        self.port = 0
        self.lock = threading.Lock()
        self.messages: list = []
        self.envelopes: list = []
        self.refused: set[str] = set()
        self.deferred: set[str] = set()
        self._controller: Controller | None = None

    def start(self) -> LocalSmtpServer:
        for _ in range(5):
            self.port = _free_port()
            controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            try:
                controller.start()
            except (OSError, RuntimeError):
                continue
            self._controller = controller
            return self
        raise RuntimeError("could not start the local SMTP server")

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> LocalSmtpServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def refuse(self, address: str) -> None:
        self.refused.add(address.lower())

    def defer(self, address: str) -> None:
        self.deferred.add(address.lower())
