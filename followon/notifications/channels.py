"""Delivery channels: GOV.UK Notify (SMS and email), SMTP email, and the console (demo).

Which channel a message uses is decided per pain service: its
ServiceChannelSettings row if it has one, else NOTIFICATIONS_SMS_CHANNEL /
NOTIFICATIONS_EMAIL_CHANNEL. A channel raises TemporaryFailure (worth trying
again later) or PermanentFailure (will never work: a bad number); nothing else.
"""

from __future__ import annotations

import email.utils
import logging
import smtplib
import sys
import threading
from dataclasses import dataclass
from email.message import EmailMessage

import requests
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from followon.notifications import conf
from followon.notifications.models import ServiceChannelSettings

logger = logging.getLogger(__name__)

CHANNEL_NAMES = {"sms": {"notify", "console"}, "email": {"notify", "smtp", "console"}}


class DeliveryError(Exception):
    """A send that did not work. `reason` is shown to staff: plain English, no message content."""

    def __init__(self, reason: str, *, status_code: int | None = None, ambiguous: bool = False):
        super().__init__(reason)
        self.reason = reason[:200]
        self.status_code = status_code
        # True when the provider may have accepted the message although we saw an error
        # (time-out, dropped connection, 5xx): ask it before sending again.
        self.ambiguous = ambiguous


class TemporaryFailure(DeliveryError):
    pass


class PermanentFailure(DeliveryError):
    pass


@dataclass
class SendResult:
    provider_reference: str = ""


class ConsoleChannel:
    """The demo channel: prints the message where `make run` is running.

    It writes to standard output on purpose, not to the log: it stands in for
    the member's phone or inbox, and logs must never hold message bodies.
    """

    name = "console"
    can_reconcile = False
    rate_limit = None

    def rate_key(self) -> str:
        return "console"

    def send(self, message) -> SendResult:
        masked = message.to_address[:3] + "…" + message.to_address[-3:]
        header = f"[{message.channel.upper()} to {masked}]"
        if message.subject:
            header += f" {message.subject}"
        sys.stdout.write(f"\n{header}\n{message.body}\n\n")
        sys.stdout.flush()
        return SendResult(provider_reference=f"console-{message.public_id}")


_clients = threading.local()


def _notify_client(api_key: str, base_url: str, timeout: int) -> NotificationsAPIClient:
    # The official client keeps a requests.Session and is not thread-safe: one per thread.
    cache = getattr(_clients, "cache", None)
    if cache is None:
        cache = _clients.cache = {}
    key = (api_key, base_url, timeout)
    if key not in cache:
        client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)
        # Read proxy settings from the environment once, not on every request (requests
        # otherwise re-reads the environment and ~/.netrc for each call).
        session = client.request_session
        session.proxies.update(requests.utils.get_environ_proxies(base_url))
        session.trust_env = False
        cache[key] = client
    return cache[key]


def _notify_error_text(error: APIError) -> str:
    message = error.message
    if isinstance(message, list):
        message = "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in message)
    return str(message)


class NotifyChannel:
    """GOV.UK Notify through its official client, with one generic template per channel.

    The Notify templates hold only ((body)) (SMS) and ((subject)) / ((body))
    (email): the wording is ours, rendered before sending. Every send carries our
    message's public id as Notify's `reference`, so that after a crash we can ask
    Notify whether it already has the message (`find_sent`) instead of sending twice.
    """

    name = "notify"
    can_reconcile = True

    def __init__(self):
        self.api_key = conf.get("NOTIFY_API_KEY")
        self.base_url = conf.get("NOTIFY_BASE_URL")
        self.timeout = int(conf.get("NOTIFY_TIMEOUT_SECONDS"))
        self.rate_limit = (int(conf.get("NOTIFY_RATE_LIMIT")), int(conf.get("NOTIFY_RATE_WINDOW_SECONDS")))

    def rate_key(self) -> str:
        return f"notify:{conf.notify_service_id(self.api_key) or 'unconfigured'}"

    def _client(self) -> NotificationsAPIClient:
        if len(self.api_key) < 74:
            raise TemporaryFailure("GOV.UK Notify is not set up: NOTIFY_API_KEY is missing or too short")
        return _notify_client(self.api_key, self.base_url, self.timeout)

    def send(self, message) -> SendResult:
        client = self._client()
        reference = str(message.public_id)
        try:
            if message.channel == "sms":
                template_id = conf.get("NOTIFY_SMS_TEMPLATE_ID")
                if not template_id:
                    raise TemporaryFailure("GOV.UK Notify is not set up: NOTIFY_SMS_TEMPLATE_ID is empty")
                response = client.send_sms_notification(
                    phone_number=message.to_address,
                    template_id=template_id,
                    personalisation={"body": message.body},
                    reference=reference,
                    sms_sender_id=conf.get("NOTIFY_SMS_SENDER_ID") or None,
                )
            else:
                template_id = conf.get("NOTIFY_EMAIL_TEMPLATE_ID")
                if not template_id:
                    raise TemporaryFailure("GOV.UK Notify is not set up: NOTIFY_EMAIL_TEMPLATE_ID is empty")
                response = client.send_email_notification(
                    email_address=message.to_address,
                    template_id=template_id,
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=reference,
                )
        except APIError as exc:
            raise self._classify(exc) from exc
        notification_id = (response or {}).get("id") if isinstance(response, dict) else None
        if not notification_id:
            raise TemporaryFailure("GOV.UK Notify answered without a notification id", ambiguous=True)
        return SendResult(provider_reference=str(notification_id))

    def find_sent(self, message) -> SendResult | None:
        """Ask Notify whether it already holds a notification with our reference."""
        client = self._client()
        try:
            found = client.get_all_notifications(reference=str(message.public_id))
        except APIError as exc:
            raise TemporaryFailure(
                f"Could not check GOV.UK Notify for an earlier send ({exc.status_code})",
                status_code=exc.status_code,
                ambiguous=True,
            ) from exc
        notifications = (found or {}).get("notifications") or []
        if notifications:
            return SendResult(provider_reference=str(notifications[0].get("id", "")))
        return None

    def _classify(self, exc: APIError) -> DeliveryError:
        status = exc.status_code
        if exc.response is None:
            return TemporaryFailure("Could not reach GOV.UK Notify (network error or time-out)", ambiguous=True)
        text = _notify_error_text(exc)
        if status == 429:
            return TemporaryFailure("GOV.UK Notify rate limit reached (429)", status_code=status)
        if status >= 500:
            return TemporaryFailure(f"GOV.UK Notify had a problem ({status})", status_code=status, ambiguous=True)
        if status in (401, 403):
            logger.error("GOV.UK Notify refused our API key (%s): check NOTIFY_API_KEY", status)
            return TemporaryFailure(f"GOV.UK Notify refused our API key ({status})", status_code=status)
        return PermanentFailure(f"GOV.UK Notify refused the message ({status}): {text}", status_code=status)


class SmtpChannel:
    """Email through an SMTP server (for example a trust's NHSmail relay).

    SMTP cannot be asked whether it already took a message, so after a crash
    mid-send the message is sent again with the same Message-ID (see the ADR).
    """

    name = "smtp"
    can_reconcile = False
    rate_limit = None

    def __init__(self):
        self.host = conf.get("SMTP_HOST")
        self.port = int(conf.get("SMTP_PORT"))
        self.username = conf.get("SMTP_USERNAME")
        self.password = conf.get("SMTP_PASSWORD")
        self.starttls = bool(conf.get("SMTP_STARTTLS"))
        self.timeout = int(conf.get("SMTP_TIMEOUT_SECONDS"))
        self.from_address = conf.get("EMAIL_FROM")

    def rate_key(self) -> str:
        return f"smtp:{self.host}"

    def build(self, message) -> EmailMessage:
        email_message = EmailMessage()
        _, from_addr = email.utils.parseaddr(self.from_address)
        domain = from_addr.rpartition("@")[2] or "followon.invalid"
        email_message["From"] = self.from_address
        email_message["To"] = message.to_address
        email_message["Subject"] = message.subject
        email_message["Date"] = email.utils.formatdate(localtime=False)
        email_message["Message-ID"] = f"<{message.public_id}@{domain}>"
        email_message.set_content(message.body)
        return email_message

    def send(self, message) -> SendResult:
        email_message = self.build(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if self.starttls:
                    smtp.starttls()
                    smtp.ehlo()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(email_message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            code = codes[0] if codes else None
            if code and 400 <= code < 500:
                raise TemporaryFailure(f"The mail server deferred the address ({code})", status_code=code) from exc
            raise PermanentFailure(f"The mail server refused the address ({code})", status_code=code) from exc
        except smtplib.SMTPResponseException as exc:
            code = exc.smtp_code
            if 400 <= code < 500:
                raise TemporaryFailure(f"The mail server deferred the message ({code})", status_code=code) from exc
            raise PermanentFailure(f"The mail server refused the message ({code})", status_code=code) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(f"Could not reach the mail server ({type(exc).__name__})", ambiguous=True) from exc
        return SendResult(provider_reference=email_message["Message-ID"].strip("<>"))


def channel_name_for(message) -> str:

    name = ""
    if message.service_id:
        override = ServiceChannelSettings.objects.filter(service_id=message.service_id).first()
        if override is not None:
            name = override.sms_channel if message.channel == "sms" else override.email_channel
    if not name:
        name = conf.get("NOTIFICATIONS_SMS_CHANNEL" if message.channel == "sms" else "NOTIFICATIONS_EMAIL_CHANNEL")
    return name


def channel_for(message):
    name = channel_name_for(message)
    if name not in CHANNEL_NAMES.get(message.channel, set()):
        raise TemporaryFailure(f"No channel called {name!r} can send {message.channel} messages")
    if name == "notify":
        return NotifyChannel()
    if name == "smtp":
        return SmtpChannel()
    return ConsoleChannel()
