"""Delivery channels. Chosen per deployment by NOTIFICATIONS_CHANNEL settings."""

import sys
from dataclasses import dataclass


@dataclass
class SendResult:
    provider_reference: str = ""


class ConsoleChannel:
    """The demo channel: prints the message where `make run` is running.

    It writes to standard output on purpose, not to the log: it stands in for
    the member's phone or inbox, and logs must never hold message bodies.
    """

    def send(self, message) -> SendResult:
        masked = message.to_address[:3] + "…" + message.to_address[-3:]
        header = f"[{message.channel.upper()} to {masked}]"
        if message.subject:
            header += f" {message.subject}"
        sys.stdout.write(f"\n{header}\n{message.body}\n\n")
        sys.stdout.flush()
        return SendResult(provider_reference=f"console-{message.public_id}")


def channel_for(message):
    return ConsoleChannel()
