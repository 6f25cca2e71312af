"""`python -m bench.load` (`make bench-load`): a closed-loop load test of mixed journeys, as a deployment
on several machines would run them (issue 16 item 3).

On one loaded database (default: the S = 1 dataset of `make bench-scale`, `scale_s1`; `--database`):

- two gunicorn app processes, each its own master on its own loopback port with production settings
  (as two app machines would run), the client sending each request to the next one in turn (the load
  balancer);
- two `manage.py worker` processes sending every outbox message to a local fake GOV.UK Notify
  (followon/notifications/testing/fake_notify.py) on 127.0.0.1;
- `--users` virtual users in a closed loop (each waits for its response, then thinks for a moment):
  members who read their board and group, post on the board and answer their group's poll (signed in
  with bench/sessions.py, the CSRF token taken from the page as a browser would); members replying by
  text through the real Notify received-text callback with its bearer token, as Notify calls it (one
  text in five sent twice, as Notify does when it retries); staff working the duty queue
  (acknowledging the concerns that members' HELP texts raise).

Then it waits for the workers to finish and checks:

- errors: any response with an unexpected status (a GET must answer 200, a form POST 302), or no response;
- lost / duplicated: every outbox message created during the run must reach the fake Notify exactly
  once (messages the app holds for later, such as quiet hours, are counted as `held`, not lost), and
  every distinct text must be recorded exactly once (InboundSms).

It runs once with Django's psycopg connection pool off and once on (`DATABASE_POOL`, `--pools off,on`)
and prints one line for each:

    bench load rps=<n> p95_ms=<n> errors=<n> lost=<n> duplicated=<n> pool=<on|off>
    bench load_detail pool=<on|off> requests=<n> p50_ms=<n> messages=<n> held=<n> texts=<n> ...

Traffic goes only to 127.0.0.1. The run writes to the database it is given (posts, answers, texts,
queue states): give it a copy, never a database others rely on.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import http.cookies
import itertools
import json
import os
import random
import re
import secrets
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench import stats
from bench.database import DEFAULT_SERVER_URL, bench_database_url
from bench.loadgen import require_loopback
from bench.runner import HOST, _manage, bench_env
from bench.server import GunicornServer, free_port

RESULTS_PATH = Path(__file__).resolve().parent / "results" / "load.json"
RECEIVED_TEXT_PATH = "/callbacks/notify/received-text"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"')
_QUEUE_ITEM = re.compile(r'href="(/staff/safety/queue/[0-9a-f-]{36}/)"')
_ACKNOWLEDGE = re.compile(r'action="(/staff/safety/queue/[0-9a-f-]{36}/acknowledged/)"')
BOARD_POSTS = [
    "Lovely walk today, thank you all. Same time next week?",
    "I tried the pacing chart we talked about and it helped with the garden.",
    "Is anyone going to the cafe on Thursday? I can bring the leaflets.",
    "Had a steadier week. The stretches in the morning make a difference.",
]
TEXTS = ["YES", "HELP", "Running a bit late tonight, save me a seat please"]


# -- pure pieces (tests/bench/test_load.py) -----------------------------------------------------------


class CookieJar:
    """The cookies one browser holds for the site: the session, the CSRF cookie, the messages."""

    def __init__(self, initial: dict[str, str] | None = None):
        self.cookies: dict[str, str] = dict(initial or {})

    def update(self, set_cookie_headers: list[str]) -> None:
        for header in set_cookie_headers:
            parsed = http.cookies.SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


def csrf_token(html: str) -> str | None:
    """The CSRF token of the first form on a page, as a browser would submit it."""
    found = _CSRF_INPUT.search(html)
    return (found.group(1) or found.group(2)) if found else None


class RoundRobin:
    """The load balancer: each request goes to the next app process in turn (thread-safe)."""

    def __init__(self, ports: list[int]):
        if not ports:
            raise ValueError("at least one app process")
        self._ports = itertools.cycle(list(ports))
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            return next(self._ports)


def expected_status(method: str) -> int:
    """A page answers 200; a form that was accepted redirects (302) to the next page."""
    return 302 if method == "POST" else 200


@dataclass(frozen=True)
class MessageCount:
    delivered: int
    lost: int
    duplicated: int
    held: int
    cancelled: int


def count_messages(messages: list[tuple[str, str, bool]], sends: dict[str, int]) -> MessageCount:
    """Outbox messages made during a run against the sends the fake Notify received.

    `messages`: (reference, status, held) for each, `held` meaning the app is keeping it back on purpose
    (not due yet: quiet hours, a digest); `sends`: how many times Notify accepted each reference.
    A message is lost when it was due and never reached Notify (cancelled on purpose is not lost),
    duplicated once for every send after the first.
    """
    delivered = lost = duplicated = held = cancelled = 0
    for reference, status, is_held in messages:
        n = sends.get(reference, 0)
        duplicated += max(0, n - 1)
        if n >= 1:
            delivered += 1
        elif status == "cancelled":
            cancelled += 1
        elif is_held and status == "queued":
            held += 1
        else:
            lost += 1
    return MessageCount(delivered, lost, duplicated, held, cancelled)


def count_texts(sent_ids: set[str], recorded: dict[str, int]) -> tuple[int, int]:
    """(lost, duplicated) texts: each distinct Notify id sent must be recorded exactly once."""
    lost = sum(1 for notify_id in sent_ids if recorded.get(notify_id, 0) == 0)
    duplicated = sum(max(0, recorded.get(notify_id, 0) - 1) for notify_id in sent_ids)
    return lost, duplicated


def proc_cpu_seconds(stat_line: str, ticks_per_second: int) -> float:
    """User + system CPU seconds of a process from its /proc/<pid>/stat line."""
    fields = stat_line[stat_line.rindex(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
    return (int(fields[11]) + int(fields[12])) / ticks_per_second  # utime, stime: fields 14 and 15


def cpu_by_pid(pids) -> dict[int, float]:
    """CPU seconds used so far by each of these processes that can be read (gone or hidden: left out)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            found[pid] = proc_cpu_seconds(Path(f"/proc/{pid}/stat").read_text(), ticks)
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two samples (a process that started in between counts from zero)."""
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in after.items())


def children_of(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# -- one virtual user ---------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    texts_sent: set[str] = field(default_factory=set)
    posts: int = 0
    answers: int = 0
    acknowledged: int = 0


class VirtualUser:
    def __init__(self, name: str, balancer: RoundRobin, tally: Tally, lock: threading.Lock, *, cookies=None):
        self.name = name
        self.balancer = balancer
        self.tally = tally
        self.lock = lock
        self.jar = CookieJar(cookies)

    def request(self, method: str, path: str, *, form: dict | None = None, json_body=None, headers=None):
        """One request to the next app process; records its latency or the error. Returns the body or None."""
        port = self.balancer.next()
        body = None
        send_headers = {"Host": HOST, **(headers or {})}
        if self.jar.cookies:
            send_headers["Cookie"] = self.jar.header()
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            send_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            send_headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection(require_loopback(HOST), port, timeout=60)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=send_headers)
            response = conn.getresponse()
            content = response.read()
            self.jar.update([v for k, v in response.getheaders() if k.lower() == "set-cookie"])
        except (OSError, http.client.HTTPException) as exc:
            with self.lock:
                self.tally.errors.append(f"{method} {_shape(path)}: {type(exc).__name__}")
            return None
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        want = 200 if json_body is not None else expected_status(method)
        with self.lock:
            self.tally.latencies_s.append(elapsed)
            if response.status != want:
                self.tally.errors.append(f"{method} {_shape(path)}: {response.status} (expected {want})")
                return None
        return content.decode("utf-8", "replace")


def _shape(path: str) -> str:
    """A path with its ids taken out, to group errors."""
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", path)


@dataclass(frozen=True)
class MemberPlan:
    cookies: dict
    group_id: str
    poll: tuple[str, list[int]] | None  # (public id, option ids) of the group's open poll


@dataclass(frozen=True)
class TexterPlan:
    mobiles: list[str]  # Notify's format: no "+"


@dataclass(frozen=True)
class StaffPlan:
    cookies: dict


def member_visit(user: VirtualUser, plan: MemberPlan, rng: random.Random, think) -> None:
    user.request("GET", "/")
    think()
    board = f"/my/groups/{plan.group_id}/board/"
    page = user.request("GET", board)
    think()
    if page and rng.random() < 0.3:
        token = csrf_token(page)
        body = f"{rng.choice(BOARD_POSTS)} ({user.name} {rng.randrange(10**6)})"
        if user.request("POST", board, form={"csrfmiddlewaretoken": token or "", "body": body}) is not None:
            with user.lock:
                user.tally.posts += 1
        think()
    if plan.poll is not None:
        poll_id, option_ids = plan.poll
        path = f"/my/polls/{poll_id}/"
        page = user.request("GET", path)
        think()
        if page and rng.random() < 0.5:
            answers = {f"option_{o}": rng.choice(["yes", "if_need_be", "no"]) for o in option_ids}
            form = {"csrfmiddlewaretoken": csrf_token(page) or "", **answers}
            if user.request("POST", path, form=form) is not None:
                with user.lock:
                    user.tally.answers += 1
            think()
    else:
        user.request("GET", f"/my/groups/{plan.group_id}/")
        think()


def texter_visit(user: VirtualUser, plan: TexterPlan, rng: random.Random, think, token: str) -> None:
    notify_id = str(uuid.uuid4())
    payload = {
        "id": notify_id,
        "source_number": rng.choice(plan.mobiles),
        "destination_number": "07700900000",
        "message": rng.choice(TEXTS),
        "date_received": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    headers = {"Authorization": f"Bearer {token}"}
    with user.lock:
        user.tally.texts_sent.add(notify_id)
    user.request("POST", RECEIVED_TEXT_PATH, json_body=payload, headers=headers)
    if rng.random() < 0.2:  # Notify retries a callback it thinks failed: the same id again
        user.request("POST", RECEIVED_TEXT_PATH, json_body=payload, headers=headers)
    think()


def staff_visit(user: VirtualUser, plan: StaffPlan, rng: random.Random, think) -> None:
    page = user.request("GET", "/staff/safety/queue/")
    think()
    items = _QUEUE_ITEM.findall(page or "")
    if items:
        detail = user.request("GET", rng.choice(items[:10]))
        think()
        action = _ACKNOWLEDGE.search(detail or "")
        if action:
            form = {"csrfmiddlewaretoken": csrf_token(detail) or ""}
            if user.request("POST", action.group(1), form=form) is not None:
                with user.lock:
                    user.tally.acknowledged += 1
            think()
    if rng.random() < 0.3:
        user.request("GET", "/staff/")
        think()


# -- targets ------------------------------------------------------------------------------------------


@dataclass
class Plans:
    members: list[MemberPlan]
    texters: TexterPlan
    staff: list[StaffPlan]


def _open_a_poll(current) -> dict:
    """When none of the busy service's polls can still be answered, its first open group with an
    organiser among its members opens one, as a coordinator would: through the app's own service (which
    texts every member a link), closing in three days, six times from next week. {group id: poll}."""
    from django.utils import timezone

    from followon.meetings import selectors as meeting_selectors
    from followon.meetings import services as meeting_services

    now = timezone.now()
    start = now.replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=7)
    options = [
        {"starts_at": start + dt.timedelta(days=day), "ends_at": start + dt.timedelta(days=day, hours=2)}
        for day in range(6)
    ]
    for membership in current.order_by("group_id", "id")[:500]:
        if meeting_selectors.can_organise(membership.group, membership.user):
            poll = meeting_services.poll_create(
                group=membership.group,
                created_by=membership.user,
                title="Next meeting",
                closes_at=now + dt.timedelta(days=3),
                options=options,
            )
            return {membership.group_id: poll}
    return {}


def make_plans(users: int, service_slug: str) -> Plans:
    """Real people of the busy service: members of open groups (with their group's open poll where
    there is one), members with mobiles for texting, and the service's clinicians. Members are made
    ready to post as the app makes them (the message check notice and the group agreement, accepted
    through the app's own services), and every session is made by bench/sessions.py."""
    from allauth.mfa.models import Authenticator
    from django.db.models import Count
    from django.utils import timezone

    from bench.sessions import session_cookie_for
    from followon.accounts.models import ConsentKind, ConsentRecord, ServiceMembership, User
    from followon.accounts.selectors import current_notice, safety_notice_accepted
    from followon.accounts.services import consent_notices_ensure, consent_record
    from followon.conversations import selectors as board_selectors
    from followon.conversations import services as board_services
    from followon.meetings.models import Poll, PollOption
    from followon.organisations.models import PainService, StaffRole
    from followon.peergroups.models import GroupMembership, PeerGroup

    service = PainService.objects.get(slug=service_slug)
    open_groups = PeerGroup.objects.filter(service=service, status__in=PeerGroup.OPEN_STATUSES)
    # Polls members can still answer: the dataset is generated once and kept, so the polls it left open
    # close as the calendar moves on (answering one then is a form error, not a journey).
    polls = {
        p.group_id: p
        for p in Poll.objects.filter(group__in=open_groups, status="open", closes_at__gt=timezone.now())
        .order_by("id")
        .only("group_id", "public_id")
    }
    current = GroupMembership.objects.filter(
        group__in=open_groups, status=GroupMembership.Status.MEMBER, user__is_active=True
    ).select_related("group", "user")
    if not polls:
        polls = _open_a_poll(current)
    # Members of groups with an open poll first, then of other open groups; one member per group.
    memberships = list(current.filter(group_id__in=list(polls)).order_by("group_id", "id")[: users * 20])
    memberships += list(current.exclude(group_id__in=list(polls)).order_by("-group_id", "id")[: users * 20])
    chosen, seen_groups, seen_users = [], set(), set()
    for m in memberships:
        if m.group_id not in seen_groups and m.user_id not in seen_users:
            chosen.append(m)
            seen_groups.add(m.group_id)
            seen_users.add(m.user_id)
    # The loaded dataset has no consent notices; a live service publishes the standard ones when it is
    # set up (the same service function), and members agree to the message check before they post.
    consent_notices_ensure(service=service)
    notice = current_notice(service, ConsentKind.SAFETY_SCREEN)
    member_plans = []
    for m in chosen[:users]:
        if notice is not None and not safety_notice_accepted(m.user, service):
            consent_record(
                user=m.user, service=service, kind=ConsentKind.SAFETY_SCREEN, decision=ConsentRecord.Decision.GIVEN
            )
        if not board_selectors.agreement_accepted(m.group, m.user):
            board_services.agreement_accept(group=m.group, user=m.user)
        poll = polls.get(m.group_id)
        poll_plan = None
        if poll is not None:
            options = list(PollOption.objects.filter(poll=poll).order_by("id").values_list("id", flat=True))
            poll_plan = (str(poll.public_id), options)
        name, value = session_cookie_for(m.user)
        member_plans.append(MemberPlan(cookies={name: value}, group_id=str(m.group.public_id), poll=poll_plan))
    # Members who text: the loader gives mobiles (Ofcom's 1,000 drama numbers) to the first members only,
    # so they belong to other services than the busy one. They text the service they belong to (the one
    # with most of them), and half the staff on the duty queue are that service's clinicians: a HELP
    # text raises an urgent item on its queue, which they acknowledge.
    with_mobiles = ServiceMembership.objects.filter(
        left_at__isnull=True, user__is_active=True, user__mobile__startswith="+44"
    )
    text_service_id = (
        with_mobiles.values("service_id").annotate(n=Count("id")).order_by("-n", "service_id")[0]["service_id"]
    )
    mobiles = list(
        with_mobiles.filter(service_id=text_service_id).order_by("user_id").values_list("user__mobile", flat=True)[:200]
    )
    staff_plans = []
    for service_id in (service.pk, text_service_id):
        staff_ids = list(
            StaffRole.objects.filter(service_id=service_id, role=StaffRole.Role.CLINICIAN)
            .order_by("id")
            .values_list("user_id", flat=True)[: max(1, users // 4)]
        )
        for user in User.objects.filter(pk__in=staff_ids).order_by("id"):
            try:
                name, value = session_cookie_for(user)
            except ValueError:
                # An authenticator an earlier bench run made under another key (bench data only): make it again.
                Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
                name, value = session_cookie_for(user)
            staff_plans.append(StaffPlan(cookies={name: value}))
    # Alternate the two services' clinicians between the staff users.
    half = len(staff_plans) // 2 or 1
    staff_plans = [p for pair in itertools.zip_longest(staff_plans[:half], staff_plans[half:]) for p in pair if p]
    if not member_plans or not mobiles or not staff_plans:
        raise RuntimeError(f"{service_slug}: need open groups with members, members with mobiles and clinicians")
    return Plans(member_plans, TexterPlan([m.lstrip("+") for m in mobiles]), staff_plans)


def roles_for(users: int) -> list[str]:
    """The mix of the virtual users: half members on the web, a quarter texting, a quarter staff."""
    pattern = ["member", "texter", "member", "staff"]
    return [pattern[i % len(pattern)] for i in range(users)]


# -- one run ------------------------------------------------------------------------------------------


def _note(text: str) -> None:
    print(f"bench.load: {text}", file=sys.stderr, flush=True)


def _database_figures(url: str) -> tuple[int, int]:
    """(transactions committed so far, connections open now) on the run's database."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        commits = conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [name]).fetchone()[0]
        open_now = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'", [name]
        ).fetchone()[0]
    return int(commits), int(open_now)


def _backend_pids(url: str) -> list[int]:
    """The PostgreSQL server processes serving the run's database: the app's and workers' connections, not
    autovacuum (which a freshly loaded database keeps busy for a while)."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [row[0] for row in rows]


def _own_backend_pid() -> int:
    """The harness's own connection (Django's, in this process): never one to end."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _end_orphaned_backends(url: str, pids: set[int]) -> None:
    """PostgreSQL finishes a statement whose client has gone before it notices: end the server processes
    of this run's own connections that outlived the processes that opened them (by their ids)."""
    import psycopg

    if not pids:
        return
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        left = [row[0] for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)])]
        for pid in left:
            conn.execute("SELECT pg_terminate_backend(%s)", [pid])
    if left:
        _note(f"ended {len(left)} database connections left running by stopped processes")


def _enqueue_burst(count: int, tag: str) -> None:
    """`count` emails to as many members at once (a busy board's new-post emails, an evening's reminders):
    how fast the workers send."""
    from django.db import transaction

    from followon.accounts.models import User
    from followon.notifications.services import message_enqueue

    members = User.objects.filter(is_active=True, email__endswith="@example.test").order_by("id")[:count]
    with transaction.atomic():
        for member in members:
            message_enqueue(
                template="conversations/new_post",
                context={"group_name": "Southmead walking group", "author": "Sam"},
                idempotency_key=f"bench:load:{tag}:{member.pk}",
                channel="email",
                to_address=member.email,
                recipient=member,
                urgent=True,
                essential=True,
            )


def run_once(args, env: dict, plans: Plans, *, pool: bool, log_dir: Path) -> dict:
    from django.db.models import Count
    from django.utils import timezone

    from bench.cases.notify import Workers, _wait_until
    from followon.notifications.models import InboundSms, OutboundMessage
    from followon.notifications.testing.fake_notify import FakeNotify

    label = "on" if pool else "off"
    token = secrets.token_urlsafe(24)
    app_env = {
        **env,
        # A freshly loaded ten-year dataset gives the daily retention job ten years of backlog on its
        # first run (blanking ~3M messages in one statement at S = 1, many minutes): a one-off, not the
        # steady state a day's load adds, so it is held here (--retention runs it) and reported apart.
        "RETENTION_HOLD": "false" if args.retention else "true",
        "DATABASE_POOL": "true" if pool else "false",
        "NOTIFY_RECEIVED_TEXT_TOKEN": token,
        "NOTIFY_DELIVERY_RECEIPT_TOKEN": secrets.token_urlsafe(24),
    }
    servers: list[GunicornServer] = []
    backend_pids: list[int] = []
    with FakeNotify(key_name=f"bench_load_{label}") as fake:
        # Production's polling interval (1 s), so the database's figures hold what a deployment's would.
        workers = Workers(_Ctx(app_env), fake, log_dir, interval=args.worker_interval, **_notify_env(pool))
        try:
            workers.launch(args.workers)
            for n in range(args.apps):
                port = free_port(HOST)
                server = GunicornServer(
                    {**app_env, **{k: v for k, v in workers.env.items() if k.startswith(("NOTIFY", "NOTIFICATIONS"))}},
                    host=HOST,
                    port=port,
                    workers=args.gunicorn_workers,
                    log_path=log_dir / f"app-{label}-{n}.log",
                )
                server.start(ready_timeout=180)
                servers.append(server)
            workers.wait_started()
            balancer = RoundRobin([s.port for s in servers])
            _warm(balancer, plans)
            started_at = timezone.now()
            url = env["DATABASE_URL"]
            app_pids = [pid for server in servers for pid in children_of(server.process.pid)]
            worker_pids = [process.pid for process in workers.processes]
            cpu_before = [cpu_by_pid(app_pids), cpu_by_pid(_backend_pids(url)), cpu_by_pid(worker_pids)]
            commits_before, _ = _database_figures(url)
            tally, elapsed, peak_connections, backend_cpu = _drive(args, balancer, plans, token, url)
            backend_pids.extend(backend_cpu)
            commits_after, _ = _database_figures(url)
            cpu_after = [
                cpu_by_pid(app_pids),
                {**backend_cpu, **cpu_by_pid(_backend_pids(url))},
                cpu_by_pid(worker_pids),
            ]
            app_cpu, db_cpu, worker_cpu = (cpu_used(a, b) for a, b in zip(cpu_before, cpu_after, strict=True))
            _note(f"pool={label}: {len(tally.latencies_s)} requests in {elapsed:.0f}s; waiting for the workers")

            def made():
                return OutboundMessage.objects.filter(created_at__gte=started_at)

            def settled() -> bool:
                now = timezone.now()
                due = made().filter(send_after__lte=now)
                return not due.filter(status__in=["queued", "sending"]).exists()

            drain = _wait_until(settled, timeout=args.drain_seconds, workers=workers, what="the outbox to drain")
            burst_per_s = burst_worker_cpu = burst_db_cpu = 0.0
            if args.burst:
                before = len(fake.sent)
                burst_cpu = [cpu_by_pid(worker_pids), cpu_by_pid(_backend_pids(url))]
                burst_started = time.monotonic()
                _enqueue_burst(args.burst, f"{label}-{int(time.time())}")
                _wait_until(
                    lambda: len(fake.sent) - before >= args.burst,
                    timeout=args.drain_seconds,
                    workers=workers,
                    what="the burst",
                )
                burst_per_s = args.burst / (time.monotonic() - burst_started)
                burst_worker_cpu = cpu_used(burst_cpu[0], cpu_by_pid(worker_pids))
                burst_db_cpu = cpu_used(burst_cpu[1], cpu_by_pid(_backend_pids(url)))
                _wait_until(settled, timeout=args.drain_seconds, workers=workers, what="the outbox to drain")
            time.sleep(1.0)  # a late second send would be counted
        finally:
            workers.stop()
            for server in servers:
                server.stop()
            _end_orphaned_backends(env["DATABASE_URL"], set(backend_pids) - {_own_backend_pid()})
        now = timezone.now()
        rows = list(made().values_list("public_id", "status", "send_after"))
        sends = fake.counts()
        counted = count_messages([(str(p), s, after > now) for p, s, after in rows], sends)
        recorded = {
            row["notify_id"]: row["n"]
            for row in InboundSms.objects.filter(notify_id__in=list(tally.texts_sent))
            .values("notify_id")
            .annotate(n=Count("id"))
        }
        texts_lost, texts_duplicated = count_texts(tally.texts_sent, {str(k): v for k, v in recorded.items()})
        # How long messages made by the journeys waited for a worker (the burst is timed on its own).
        sent_at = list(
            made()
            .exclude(sent_at=None)
            .exclude(idempotency_key__startswith="bench:load:")
            .values_list("created_at", "sent_at")
        )
    delays = [(b - a).total_seconds() for a, b in sent_at]
    figures = {
        "rps": len(tally.latencies_s) / elapsed if elapsed else 0.0,
        "p95_ms": stats.percentile(tally.latencies_s, 95) * 1000 if tally.latencies_s else float("nan"),
        "errors": len(tally.errors),
        "lost": counted.lost + texts_lost,
        "duplicated": counted.duplicated + texts_duplicated,
        "pool": label,
    }
    detail = {
        "pool": label,
        "requests": len(tally.latencies_s),
        "p50_ms": stats.percentile(tally.latencies_s, 50) * 1000 if tally.latencies_s else float("nan"),
        "seconds": elapsed,
        "users": args.users,
        "apps": args.apps,
        "workers": args.workers,
        "posts": tally.posts,
        "answers": tally.answers,
        "acknowledged": tally.acknowledged,
        "texts": len(tally.texts_sent),
        "messages": len(rows),
        "delivered": counted.delivered,
        "held": counted.held,
        "cancelled": counted.cancelled,
        "send_delay_p95_s": stats.percentile(delays, 95) if delays else 0.0,
        "drain_s": drain,
        "db_commits_per_s": (commits_after - commits_before) / elapsed if elapsed else 0.0,
        "db_connections_peak": peak_connections,
        # CPU each tier used per request during the closed loop (the workers' share includes their sends):
        # 1000 / <figure> is what one core of that tier could serve, on this machine, for this mix.
        "app_cpu_ms_per_req": 1000 * app_cpu / len(tally.latencies_s) if tally.latencies_s else 0.0,
        "db_cpu_ms_per_req": 1000 * db_cpu / len(tally.latencies_s) if tally.latencies_s else 0.0,
        "worker_cpu_ms_per_req": 1000 * worker_cpu / len(tally.latencies_s) if tally.latencies_s else 0.0,
        "burst": args.burst,
        "burst_sends_per_s": burst_per_s,
        # CPU per message sent in the burst: the workers' own, and their database's.
        "worker_cpu_ms_per_send": 1000 * burst_worker_cpu / args.burst if args.burst else 0.0,
        "db_cpu_ms_per_send": 1000 * burst_db_cpu / args.burst if args.burst else 0.0,
    }
    return {"line": figures, "detail": detail, "errors": tally.errors[:20]}


def _notify_env(pool: bool) -> dict:
    return {"DATABASE_POOL": "true" if pool else "false", "LOG_LEVEL": "WARNING"}


class _Ctx:
    """What bench.cases.notify.Workers needs of a bench context: `manage` with this run's environment."""

    def __init__(self, env: dict):
        self.env = env

    def manage(self, *args: str, **popen_kwargs):
        import subprocess

        from bench.runner import ROOT

        popen_kwargs.setdefault("cwd", ROOT)
        popen_kwargs["env"] = {**self.env, **popen_kwargs.get("env", {})}
        python = ROOT / ".venv" / "bin" / "python"
        return subprocess.Popen(
            [str(python if python.exists() else sys.executable), "manage.py", *args], **popen_kwargs
        )


def _warm(balancer: RoundRobin, plans: Plans) -> None:
    """A few unmeasured requests so every gunicorn worker has set itself up (templates, connections)."""
    lock = threading.Lock()
    for _ in range(3):
        for plan in plans.members[:2]:
            user = VirtualUser("warm", balancer, Tally(), lock, cookies=plan.cookies)
            user.request("GET", "/")
            user.request("GET", f"/my/groups/{plan.group_id}/board/")
        user = VirtualUser("warm", balancer, Tally(), lock, cookies=plans.staff[0].cookies)
        user.request("GET", "/staff/safety/queue/")


def _drive(args, balancer: RoundRobin, plans: Plans, token: str, database_url: str):
    tally = Tally()
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds
    stop = threading.Event()
    peak = [0]
    backend_cpu: dict[int, float] = {}

    def watch_connections():
        while not stop.wait(1.0):
            with contextlib.suppress(Exception):  # a missed sample is not a failure of the run
                peak[0] = max(peak[0], _database_figures(database_url)[1])
                # Server processes come and go (a connection closes after DATABASE_CONN_MAX_AGE): keep the
                # last CPU figure seen for each, so one that ends during the loop still counts.
                backend_cpu.update(cpu_by_pid(_backend_pids(database_url)))

    def run_user(index: int, role: str) -> None:
        rng = random.Random(args.seed * 1000 + index)

        def think() -> None:
            time.sleep(args.think_ms / 1000 * rng.uniform(0.5, 1.5))

        if role == "member":
            plan = plans.members[index % len(plans.members)]
            user = VirtualUser(f"vu{index}", balancer, tally, lock, cookies=plan.cookies)
            while time.monotonic() < deadline:
                member_visit(user, plan, rng, think)
        elif role == "texter":
            user = VirtualUser(f"vu{index}", balancer, tally, lock)
            while time.monotonic() < deadline:
                texter_visit(user, plans.texters, rng, think, token)
        else:
            plan = plans.staff[index % len(plans.staff)]
            user = VirtualUser(f"vu{index}", balancer, tally, lock, cookies=plan.cookies)
            while time.monotonic() < deadline:
                staff_visit(user, plan, rng, think)

    watcher = threading.Thread(target=watch_connections, daemon=True, name="connections")
    watcher.start()
    threads = [
        threading.Thread(target=run_user, args=(i, role), name=f"vu-{i}", daemon=True)
        for i, role in enumerate(roles_for(args.users))
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.seconds + 300)
    elapsed = time.perf_counter() - started
    stop.set()
    watcher.join(10)
    return tally, elapsed, peak[0], backend_cpu


# -- command line ---------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_LOAD_DATABASE", "scale_s1"))
    parser.add_argument("--service", default="scale-001", help="the busy service whose people take part")
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_LOAD_USERS", 8)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_LOAD_SECONDS", 60)))
    parser.add_argument("--think-ms", type=float, default=300.0, help="mean think time between requests")
    parser.add_argument("--apps", type=int, default=2, help="gunicorn app processes (masters)")
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="sync workers per app process")
    parser.add_argument("--workers", type=int, default=2, help="`manage.py worker` processes")
    parser.add_argument("--pools", default="off,on", help="run with the connection pool off, on, or both")
    parser.add_argument("--worker-interval", type=float, default=1.0, help="seconds an idle worker waits")
    parser.add_argument("--retention", action="store_true", help="let the daily retention job run (held by default)")
    parser.add_argument("--drain-seconds", type=float, default=180.0)
    parser.add_argument("--burst", type=int, default=300, help="emails enqueued at once after the loop (0: none)")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    if args.users < 4 or args.seconds <= 0 or args.apps < 1 or args.workers < 1:
        parser.error("--users at least 4 (every kind of user), positive --seconds, --apps and --workers")
    pools = [p.strip() for p in args.pools.split(",") if p.strip()]
    if not pools or any(p not in {"on", "off"} for p in pools):
        parser.error("--pools takes off, on or off,on")
    args.pools = pools
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    url = bench_database_url(server_url, args.database)
    results, lines, failed = {}, [], False
    with tempfile.TemporaryDirectory(prefix="followon-bench-load-") as tmp:
        env = bench_env(url, str(Path(tmp) / "static"))
        for hook in ("BENCH_FLOOR_ENABLED", "BENCH_COUNT_QUERIES"):
            env.pop(hook)  # nothing differs from production
        # One key for the staff's authenticator secrets across runs on the same database (bench data only).
        env["MFA_ENCRYPTION_KEY"] = os.environ.get("BENCH_LOAD_MFA_KEY", "bench-load-synthetic-staff-only")
        _note(f"{args.database}: migrate, collectstatic")
        _manage(env, "migrate", "--no-input")
        _manage(env, "collectstatic", "--no-input")
        os.environ.update(env)
        import django

        django.setup()
        plans = make_plans(args.users, args.service)
        _note(f"{len(plans.members)} members, {len(plans.texters.mobiles)} mobiles, {len(plans.staff)} clinicians")
        for pool in args.pools:
            log_dir = Path(tmp) / f"pool-{pool}"
            log_dir.mkdir()
            result = run_once(args, env, plans, pool=pool == "on", log_dir=log_dir)
            results[pool] = result
            for name, figures in (("load", result["line"]), ("load_detail", result["detail"])):
                lines.append(stats.format_line(name, figures))
                print(lines[-1], flush=True)
            for error in result["errors"]:
                _note(f"pool={pool}: {error}")
            line = result["line"]
            failed = failed or bool(line["errors"] or line["lost"] or line["duplicated"])
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(
        json.dumps({"database": args.database, "args": vars(args), "results": results, "lines": lines}, indent=2) + "\n"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
