"""A small local GOV.UK Notify: the endpoints the official client calls, over real HTTP.

It checks the Authorization header the way Notify does (a JWT signed with the
secret half of an API key in Notify's `name-<service id>-<secret>` format,
issued by the service id, at most 30 seconds old), validates phone numbers,
email addresses, template ids and personalisation, and can be told to answer
429, 5xx or 400 for chosen addresses or a fraction of calls. It counts the
notifications it accepted per `reference`, which is how the tests and the
crash benchmark prove "lost=0 duplicated=0".

    with FakeNotify() as notify:
        settings.NOTIFY_API_KEY = notify.api_key
        settings.NOTIFY_BASE_URL = notify.base_url
        ...
        notify.fail_next("+447700900001", 429, 500)
        assert notify.count_for(reference) == 1

Only ever listens on 127.0.0.1.
"""

from __future__ import annotations

import json
import random
import re
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

UK_MOBILE = re.compile(r"^(?:\+?44|0)7\d{9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SMS_MAX_CHARS = 918


def _error(status: int, error: str, message: str) -> tuple[int, dict]:
    return status, {"errors": [{"error": error, "message": message}], "status_code": status}


CANNED = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: ("RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"),
    500: ("Exception", "Internal server error"),
    502: ("Exception", "Bad gateway"),
    503: ("Exception", "Service unavailable"),
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client killed mid-request (the crash benchmark does it on purpose) is not an error here.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FakeNotify:
    def __init__(self, *, service_id: str | None = None, secret: str | None = None, key_name: str = "followon_test"):
        self.service_id = service_id or str(uuid.uuid4())
        self.secret = secret or str(uuid.uuid4())
        self.key_name = key_name
        self.sms_template_id = str(uuid.uuid4())
        self.email_template_id = str(uuid.uuid4())
        self.delay = 0.0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # -- set-up -----------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        return f"{self.key_name}-{self.service_id}-{self.secret}"

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeNotify:
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-notify", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeNotify:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reset(self) -> None:
        with self._lock:
            self.notifications: dict[str, dict] = {}
            self.by_reference: dict[str, list[str]] = {}
            self.accepted: list[tuple[float, str]] = []  # (monotonic time, reference)
            self.calls: Counter = Counter()
            self.refused: Counter = Counter()
            self._scripted: dict[str, list[int]] = {}
            self._always: dict[str, int] = {}
            self._fraction: tuple[float, int] | None = None
            self._random = random.Random(0)
            # Called with the running count after each accepted notification, before the answer
            # goes back: the crash benchmark kills the workers from here, mid-call.
            self.on_accept = None

    def serve_as_channels(self, settings) -> FakeNotify:
        """Make this fake GOV.UK Notify the text and email channel in `settings` (pytest-django's
        fixture): reset, then the key, address and template ids a real account would give."""
        self.reset()
        settings.NOTIFY_API_KEY = self.api_key
        settings.NOTIFY_BASE_URL = self.base_url
        settings.NOTIFY_SMS_TEMPLATE_ID = self.sms_template_id
        settings.NOTIFY_EMAIL_TEMPLATE_ID = self.email_template_id
        settings.NOTIFICATIONS_SMS_CHANNEL = "notify"
        settings.NOTIFICATIONS_EMAIL_CHANNEL = "notify"
        return self

    # -- behaviour ---------------------------------------------------------------------------

    def fail_next(self, address: str, *statuses: int) -> None:
        """Answer the next calls for `address` with these statuses, in order, then accept."""
        with self._lock:
            self._scripted.setdefault(_key(address), []).extend(statuses)

    def fail_always(self, address: str, status: int) -> None:
        with self._lock:
            self._always[_key(address)] = status

    def fail_fraction(self, fraction: float, status: int = 500, *, seed: int = 0) -> None:
        """Answer `status` to about `fraction` of send calls (deterministic for a seed)."""
        with self._lock:
            self._fraction = (fraction, status) if fraction > 0 else None
            self._random = random.Random(seed)

    # -- what happened -----------------------------------------------------------------------

    def count_for(self, reference: str) -> int:
        with self._lock:
            return len(self.by_reference.get(str(reference), []))

    def counts(self) -> Counter:
        with self._lock:
            return Counter({ref: len(ids) for ref, ids in self.by_reference.items()})

    @property
    def sent(self) -> list[dict]:
        with self._lock:
            return list(self.notifications.values())

    def accepted_times(self) -> list[float]:
        with self._lock:
            return [at for at, _ in self.accepted]

    # -- the API -------------------------------------------------------------------------------

    def check_auth(self, header: str | None) -> tuple[int, dict] | None:
        if not header or not header.startswith("Bearer "):
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        token = header[len("Bearer ") :].strip()
        try:
            issuer = get_token_issuer(token)
            if issuer != self.service_id:
                return _error(403, "AuthError", "Invalid token: service not found")
            decode_jwt_token(token, self.secret)
        except TokenError as exc:
            return _error(403, "AuthError", exc.message)
        return None

    def _scripted_status(self, address: str) -> int | None:
        key = _key(address)
        with self._lock:
            queue = self._scripted.get(key)
            if queue:
                return queue.pop(0)
            if key in self._always:
                return self._always[key]
            if self._fraction and self._random.random() < self._fraction[0]:
                return self._fraction[1]
        return None

    def send(self, kind: str, payload: dict) -> tuple[int, dict]:
        address = payload.get("phone_number") if kind == "sms" else payload.get("email_address")
        with self._lock:
            self.calls[kind] += 1
        if not isinstance(address, str) or not address:
            return _error(
                400, "ValidationError", f"{'phone_number' if kind == 'sms' else 'email_address'} is a required property"
            )
        scripted = self._scripted_status(address)
        if scripted is not None and scripted != 201:
            with self._lock:
                self.refused[scripted] += 1
            name, message = CANNED.get(scripted, ("Exception", "Error"))
            return _error(scripted, name, message)
        if kind == "sms" and not UK_MOBILE.match(re.sub(r"[\s()-]", "", address)):
            return _error(400, "ValidationError", "phone_number Not a UK mobile number")
        if kind == "email" and not EMAIL.match(address):
            return _error(400, "ValidationError", "email_address Not a valid email address")
        template_id = payload.get("template_id")
        expected = self.sms_template_id if kind == "sms" else self.email_template_id
        if template_id != expected:
            return _error(400, "BadRequestError", "Template not found")
        personalisation = payload.get("personalisation") or {}
        needed = ["body"] if kind == "sms" else ["subject", "body"]
        missing = [name for name in needed if not personalisation.get(name)]
        if missing:
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        if kind == "sms" and len(personalisation["body"]) > SMS_MAX_CHARS:
            return _error(400, "BadRequestError", f"Text messages cannot be longer than {SMS_MAX_CHARS} characters")
        if self.delay:
            time.sleep(self.delay)
        notification_id = str(uuid.uuid4())
        reference = payload.get("reference")
        record = {
            "id": notification_id,
            "reference": reference,
            "type": kind,
            "status": "created",
            "phone_number": address if kind == "sms" else None,
            "email_address": address if kind == "email" else None,
            "body": personalisation["body"],
            "subject": personalisation.get("subject"),
            "template": {"id": template_id, "version": 1, "uri": f"/v2/template/{template_id}"},
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        with self._lock:
            self.notifications[notification_id] = record
            self.by_reference.setdefault(str(reference), []).append(notification_id)
            self.accepted.append((time.monotonic(), str(reference)))
            count = len(self.accepted)
        if self.on_accept is not None:
            self.on_accept(count)
        content = (
            {"body": record["body"], "from_number": "FollowOn"}
            if kind == "sms"
            else {
                "body": record["body"],
                "subject": record["subject"],
                "from_email": "followon@notifications.service.gov.uk",
            }
        )
        return 201, {
            "id": notification_id,
            "reference": reference,
            "content": content,
            "uri": f"/v2/notifications/{notification_id}",
            "template": record["template"],
        }

    def get_one(self, notification_id: str) -> tuple[int, dict]:
        with self._lock:
            record = self.notifications.get(notification_id)
        if record is None:
            return _error(404, "NoResultFound", "No result found")
        return 200, record

    def get_many(self, query: dict) -> tuple[int, dict]:
        reference = (query.get("reference") or [None])[0]
        with self._lock:
            if reference is not None:
                found = [self.notifications[i] for i in self.by_reference.get(reference, [])]
            else:
                found = list(self.notifications.values())
        found = sorted(found, key=lambda n: n["created_at"], reverse=True)[:250]
        return 200, {"notifications": found, "links": {"current": "/v2/notifications"}}


def _key(address: str) -> str:
    text = re.sub(r"[\s()-]", "", address or "").lower()
    if text.startswith("07"):
        text = "+44" + text[1:]
    elif text.startswith("447"):
        text = "+" + text
    return text


def _handler_for(fake: FakeNotify):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeNotify/1"
        # The answer goes out as two writes (headers, then body): with Nagle's algorithm the body
        # waits for the client's delayed ACK of the headers, ~40 ms a call on Linux. Notify's own
        # servers answer at once; so does the fake.
        disable_nagle_algorithm = True

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _read_json(self) -> dict | None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                value = json.loads(raw or b"{}")
            except ValueError:
                return None
            return value if isinstance(value, dict) else None

        def do_POST(self):  # noqa: N802 - http.server's naming
            path = urlsplit(self.path).path
            payload = self._read_json()
            refused = fake.check_auth(self.headers.get("Authorization"))
            if refused:
                return self._answer(*refused)
            if payload is None:
                return self._answer(*_error(400, "BadRequestError", "Invalid JSON supplied in POST data"))
            if path == "/v2/notifications/sms":
                return self._answer(*fake.send("sms", payload))
            if path == "/v2/notifications/email":
                return self._answer(*fake.send("email", payload))
            return self._answer(*_error(404, "NotFound", "The requested URL was not found on the server."))

        def do_GET(self):  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            refused = fake.check_auth(self.headers.get("Authorization"))
            if refused:
                return self._answer(*refused)
            if parts.path == "/v2/notifications":
                return self._answer(*fake.get_many(parse_qs(parts.query)))
            match = re.fullmatch(r"/v2/notifications/([0-9a-f-]{36})", parts.path)
            if match:
                return self._answer(*fake.get_one(match.group(1)))
            return self._answer(*_error(404, "NotFound", "The requested URL was not found on the server."))

    return Handler
