"""Notifications: real `manage.py worker` processes sending through the official GOV.UK Notify client
to the local fake Notify (followon/notifications/testing/fake_notify.py) on 127.0.0.1.

- ``notify_dispatch``: 400 outbox messages, WORKERS (6) worker processes; sends a second as counted at
  the fake server (first to last accepted send). Budget: at least 50 a second.
- ``notify_reminders``: then 1,000 reminders (reminder_schedule) all due at once, on the same workers
  and Notify key, with the default self-imposed limit of 1,500 a minute: how long the batch takes
  from its due time (1,000 at 1,500 a minute allows 40 s), and the most calls on the key in any 60 s,
  the dispatch batch included (must not exceed the limit; every reminder must be sent).
- ``notify_throttle``: the limit doing its work across the worker processes: 60 messages with a limit
  of 15 calls per 2 s window (low enough to bite on any machine); the most calls workers started in
  any 2 s (must be <= 15; the fake server's own count, which network jitter can bunch, is reported
  as ``peak_at_server``), and the time taken (at least 6 s).
- ``notify_crash``: 1,000 messages; the workers are killed with SIGKILL mid-batch (at 400 sent) and
  started again; counted at the fake server per message: ``sent``, ``lost`` and ``duplicated`` (both
  must be 0), with how many sends the kill interrupted and how many of those Notify already had.

The throttle and crash parts use their own fake Notify and API key (so their own rate window). Run alone:
``.venv/bin/python -m bench.cases.notify`` (creates the database followon_bench_notify, migrates it).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORKERS = 6
DISPATCH_MESSAGES = 400
REMINDERS = 1000
THROTTLE_MESSAGES = 60
THROTTLE_LIMIT, THROTTLE_WINDOW = 15, 2
CRASH_MESSAGES = 1000
PHASE_TIMEOUT = 90.0
# Django start-up of a worker; seconds on a quiet machine, much longer on a busy one.
STARTUP_TIMEOUT = 180.0
NUMBER_PREFIX = "+447911"


class BenchCaseFailed(RuntimeError):
    pass


# -- helpers ----------------------------------------------------------------------------------------


def _members(count: int):
    """Bench members with mobiles, happy to get texts at any hour (so a night-time run is not held)."""
    from django.contrib.auth.hashers import make_password

    from followon.accounts.models import User
    from followon.notifications.models import NotificationPreference

    numbers = [f"{NUMBER_PREFIX}{n:06d}" for n in range(count)]
    existing = set(User.objects.filter(mobile__in=numbers).values_list("mobile", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(preferred_name=f"Bench member {n}", mobile=number, password=unusable)
            for n, number in enumerate(numbers)
            if number not in existing
        ]
    )
    members = list(User.objects.filter(mobile__in=numbers).order_by("mobile"))
    have = set(NotificationPreference.objects.filter(user__in=members).values_list("user_id", flat=True))
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=m, quiet_hours=False) for m in members if m.pk not in have]
    )
    return members


def _enqueue(members, tag: str) -> list[str]:
    from django.db import transaction

    from followon.notifications.services import message_enqueue

    references = []
    with transaction.atomic():
        for member in members:
            message = message_enqueue(
                template="notifications/started",
                context={},
                idempotency_key=f"bench:{tag}:{member.pk}",
                channel="sms",
                to_address=member.mobile,
                recipient=member,
            )
            references.append(str(message.public_id))
    return references


class Workers:
    """`manage.py worker` processes pointed at one fake Notify."""

    def __init__(self, ctx, fake, log_dir: Path, *, heartbeat_seconds: int = 30, interval: float = 0.1, **settings):
        self.ctx = ctx
        # How long an idle worker waits before it looks for tasks again (production's default is 1 s;
        # these cases poll faster so the figures measure sending, not waiting).
        self.interval = interval
        self.env = {
            "NOTIFY_API_KEY": fake.api_key,
            "NOTIFY_BASE_URL": fake.base_url,
            "NOTIFY_SMS_TEMPLATE_ID": fake.sms_template_id,
            "NOTIFY_EMAIL_TEMPLATE_ID": fake.email_template_id,
            "NOTIFICATIONS_SMS_CHANNEL": "notify",
            "NOTIFICATIONS_EMAIL_CHANNEL": "notify",
            # The production default, except in the crash test: there a worker is found dead after 3
            # missed 1 s beats (each beat also runs the outbox sweep, which recovers its tasks).
            "WORKER_HEARTBEAT_SECONDS": str(heartbeat_seconds),
            "NOTIFY_TIMEOUT_SECONDS": "2",
            "NOTIFICATIONS_SEND_LEASE_SECONDS": "5",
            "LOG_LEVEL": "WARNING",
        } | {k: str(v) for k, v in settings.items()}
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []
        self._logs = []
        self._ids: list[str] = []
        self._launched_at = 0.0

    def start(self, count: int = WORKERS) -> None:
        """Start `count` workers and wait until each has written its first heartbeat (it is running)."""
        self.launch(count)
        self.wait_started()

    def launch(self, count: int = WORKERS) -> None:
        """Start `count` workers without waiting for them (the harness can enqueue meanwhile)."""
        self._launched_at = time.monotonic()
        self._ids = ids = []
        for _ in range(count):
            worker_id = f"bench-notify-{os.getpid()}-{time.monotonic_ns()}"
            ids.append(worker_id)
            log = open(self.log_dir / f"worker-{len(self._logs)}.log", "w")  # noqa: SIM115 - closed in stop()
            self._logs.append(log)
            self.processes.append(
                self.ctx.manage(
                    "worker",
                    "--interval",
                    str(self.interval),
                    "--no-startup-delay",
                    "--verbosity",
                    "0",
                    "--worker-id",
                    worker_id,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )

    def wait_started(self, *, exits_expected: bool = False) -> None:
        """Wait until each worker launched last has written its first heartbeat (it is running)."""
        from followon.core.models import WorkerHeartbeat

        ids = self._ids
        _wait_until(
            lambda: WorkerHeartbeat.objects.filter(worker_id__in=ids).count() == len(ids),
            timeout=STARTUP_TIMEOUT,
            workers=None if exits_expected else self,
            what="worker start-up",
        )
        _note(f"{len(ids)} workers started in {time.monotonic() - self._launched_at:.1f}s")

    def signal_all(self, signum: int) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.kill(process.pid, signum)

    def kill(self) -> None:
        """SIGKILL: no clean-up, no chance to record anything."""
        self.signal_all(signal.SIGKILL)
        for process in self.processes:
            process.wait(timeout=10)
        self.processes = []

    def stop(self) -> None:
        started = time.monotonic()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes = []
        for log in self._logs:
            log.close()
        self._logs = []
        _note(f"workers stopped in {time.monotonic() - started:.1f}s")

    def tail(self) -> str:
        text = ""
        for path in sorted(self.log_dir.glob("worker-*.log")):
            text += f"--- {path.name}\n" + "\n".join(path.read_text().splitlines()[-15:]) + "\n"
        return text


def _note(text: str) -> None:
    """Progress on stderr (the figures go to stdout)."""
    print(f"bench: notify: {text}", file=sys.stderr, flush=True)


def _wait_until(condition, *, timeout: float, workers: Workers | None, what: str) -> float:
    """Wait for `condition`; fail after `timeout` or if one of `workers` exits (None: exits expected)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            tail = workers.tail() if workers is not None else ""
            raise BenchCaseFailed(f"{what} not done after {timeout:.0f}s\n{tail}")
        if workers is not None and any(p.poll() is not None for p in workers.processes):
            raise BenchCaseFailed(f"a worker exited while waiting for {what}\n{workers.tail()}")
        time.sleep(0.05)
    return time.monotonic() - started


def _all_counted(fake, references) -> bool:
    counts = fake.counts()
    return all(counts.get(ref, 0) >= 1 for ref in references)


def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _per_second(times: list[float]) -> float:
    times = sorted(times)
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0.0


# -- the parts --------------------------------------------------------------------------------------


def dispatch_and_reminders(ctx, members, log_dir: Path) -> None:
    """One pool of workers and one Notify key: the dispatch batch, then the reminders, both within
    the default self-imposed limit of 1,500 calls a minute (400 + 1,000 in well under a minute)."""
    from django.db import transaction
    from django.utils import timezone

    from followon.notifications.models import OutboundMessage
    from followon.notifications.services import reminder_schedule
    from followon.notifications.testing.fake_notify import FakeNotify

    limit = 1500
    with FakeNotify(key_name="bench_dispatch") as fake:
        (log_dir / "dispatch").mkdir()
        workers = Workers(ctx, fake, log_dir / "dispatch", NOTIFY_RATE_LIMIT=limit, NOTIFY_RATE_WINDOW_SECONDS=60)
        workers.start()
        try:
            # Enqueued once every worker is up: a worker still starting (seconds of CPU for Django)
            # would otherwise slow the first ones down and the figure would measure start-up.
            references = _enqueue(members[:DISPATCH_MESSAGES], "dispatch")
            seconds = _wait_until(
                lambda: _all_counted(fake, references), timeout=PHASE_TIMEOUT, workers=workers, what="dispatch"
            )
            dispatched = len(fake.sent)
            ctx.emit(
                "notify_dispatch",
                sends_per_s=_per_second(fake.accepted_times()),
                messages=len(references),
                workers=WORKERS,
                seconds=seconds,
                duplicated=sum(n - 1 for n in fake.counts().values() if n > 1),
            )

            run_at = timezone.now() + dt.timedelta(seconds=2)
            batch = f"bench-{int(time.time())}"
            with transaction.atomic():
                for member in members[:REMINDERS]:
                    reminder_schedule(
                        key=f"bench:{batch}:2d:{member.public_id}",
                        run_at=run_at,
                        template="notifications/reminder",
                        context={
                            "what": "Southmead walking group meeting",
                            "when": run_at + dt.timedelta(days=2),
                            "where": "The Orchard Cafe",
                            "action": "Reply YES if you are coming, NO if not, or MAYBE.",
                        },
                        recipient=member,
                    )
            due_at = time.monotonic() + max(0.0, (run_at - timezone.now()).total_seconds())
            _wait_until(
                lambda: len(fake.sent) - dispatched >= REMINDERS,
                timeout=PHASE_TIMEOUT,
                workers=workers,
                what="reminders",
            )
        finally:
            workers.stop()
        seconds = max(fake.accepted_times()) - due_at
        # Every call on this key (the dispatch batch too), counted when workers started them.
        peak = _max_in_window(_claim_times(rate_key=f"notify:{fake.service_id}"), 60.0)
        sent = OutboundMessage.objects.filter(idempotency_key__startswith=f"reminder:bench:{batch}:").count()
        ctx.emit(
            "notify_reminders",
            reminders=REMINDERS,
            messages=sent,
            seconds=seconds,
            peak_per_60s=peak,
            limit_per_min=limit,
            within_limit=int(peak <= limit and sent == REMINDERS),
        )
        if peak > limit or sent != REMINDERS:
            raise BenchCaseFailed(f"reminders: {sent} sent, peak {peak} in 60 s against a limit of {limit}")


def throttle(ctx, members, log_dir: Path) -> None:
    from followon.notifications.testing.fake_notify import FakeNotify

    with FakeNotify(key_name="bench_throttle") as fake:
        (log_dir / "throttle").mkdir()
        references = _enqueue(members[:THROTTLE_MESSAGES], "throttle")
        workers = Workers(
            ctx,
            fake,
            log_dir / "throttle",
            NOTIFY_RATE_LIMIT=THROTTLE_LIMIT,
            NOTIFY_RATE_WINDOW_SECONDS=THROTTLE_WINDOW,
        )
        workers.start(3)
        try:
            _wait_until(lambda: _all_counted(fake, references), timeout=PHASE_TIMEOUT, workers=workers, what="throttle")
        finally:
            workers.stop()
        times = fake.accepted_times()
        # The limiter counts calls when a worker starts them; arrivals at the server can bunch up a
        # little with network and scheduling jitter (why the default is half of Notify's limit).
        claimed = _claim_times(key_prefix="bench:throttle:")
        peak = _max_in_window(claimed, THROTTLE_WINDOW)
        ctx.emit(
            "notify_throttle",
            sent=len(set(fake.counts()) & set(references)),
            limit=THROTTLE_LIMIT,
            window_s=THROTTLE_WINDOW,
            peak_in_window=peak,
            peak_at_server=_max_in_window(times, THROTTLE_WINDOW),
            seconds=max(times) - min(times),
        )
        if peak > THROTTLE_LIMIT or len(times) != THROTTLE_MESSAGES:
            raise BenchCaseFailed(f"throttle: {peak} calls in {THROTTLE_WINDOW}s against a limit of {THROTTLE_LIMIT}")


def _claim_times(*, key_prefix: str = "", rate_key: str = "") -> list[float]:
    """When workers started calls (DeliveryAttempt.started_at): what the limiter counts."""
    from followon.notifications.models import DeliveryAttempt

    attempts = DeliveryAttempt.objects.all()
    if key_prefix:
        attempts = attempts.filter(message__idempotency_key__startswith=key_prefix)
    if rate_key:
        attempts = attempts.filter(rate_key=rate_key)
    return [moment.timestamp() for moment in attempts.values_list("started_at", flat=True)]


def crash(ctx, members, log_dir: Path) -> None:
    from followon.notifications.models import DeliveryAttempt, OutboundMessage
    from followon.notifications.testing.fake_notify import FakeNotify

    with FakeNotify(key_name="bench_crash") as fake:
        fake.delay = 0.005  # a little network time, as with the real Notify
        (log_dir / "crash").mkdir()
        workers = Workers(ctx, fake, log_dir / "crash", heartbeat_seconds=1)
        kill_at = CRASH_MESSAGES * 4 // 10
        # SIGKILL every worker from inside the fake server, once it has accepted the 400th message
        # and before it answers: that worker dies in the worst place, Notify has the message and
        # our database does not know; the others die wherever they are.
        fake.on_accept = lambda count: count == kill_at and workers.signal_all(signal.SIGKILL)
        started = time.monotonic()
        kills = 0
        try:
            # Enqueued while the workers start (no throughput is measured here; it saves time).
            workers.launch()
            references = _enqueue(members[:CRASH_MESSAGES], "crash")
            workers.wait_started(exits_expected=True)  # the kill may come first
            _wait_until(lambda: len(fake.sent) >= kill_at, timeout=PHASE_TIMEOUT, workers=None, what="crash")
            workers.kill()
            kills += 1
            _note(f"killed at {len(fake.sent)} sent, {time.monotonic() - started:.1f}s in")
            fake.on_accept = None
            workers.start()
            recovering = time.monotonic()
            _wait_until(lambda: _all_counted(fake, references), timeout=PHASE_TIMEOUT, workers=workers, what="recovery")
            _note(f"the other {len(references) - kill_at} sent {time.monotonic() - recovering:.1f}s after restart")
            # Let any task still holding a message finish, so a late duplicate would be counted.
            _wait_until(
                lambda: (
                    not OutboundMessage.objects.filter(
                        idempotency_key__startswith="bench:crash:", status__in=["queued", "sending"]
                    ).exists()
                ),
                timeout=PHASE_TIMEOUT,
                workers=workers,
                what="recorded results",
            )
            time.sleep(1.0)
        finally:
            workers.stop()
        counts = fake.counts()
        ours = [counts.get(ref, 0) for ref in references]
        attempts = DeliveryAttempt.objects.filter(message__idempotency_key__startswith="bench:crash:")
        ctx.emit(
            "notify_crash",
            sent=sum(1 for n in ours if n >= 1),
            lost=sum(1 for n in ours if n == 0),
            duplicated=sum(n - 1 for n in ours if n > 1),
            kills=kills,
            lost_mid_send=attempts.filter(outcome="lost").count(),
            reconciled=attempts.filter(outcome="reconciled").count(),
            seconds=time.monotonic() - started,
        )


def run(ctx, parts: list[str] | None = None) -> None:
    members = _members(max(DISPATCH_MESSAGES, REMINDERS, THROTTLE_MESSAGES, CRASH_MESSAGES))
    chosen = parts or list(ALL_PARTS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="followon-bench-notify-") as tmp:
        for name in chosen:
            part_started = time.monotonic()
            ALL_PARTS[name](ctx, members, Path(tmp))
            print(f"bench: notify {name} took {time.monotonic() - part_started:.0f}s", file=sys.stderr)
    print(f"bench: the notify case took {time.monotonic() - started:.0f}s", file=sys.stderr)


ALL_PARTS = {"dispatch": dispatch_and_reminders, "throttle": throttle, "crash": crash}


# -- run alone ----------------------------------------------------------------------------------------


class _StandaloneContext:
    """The parts of the harness's context this case uses."""

    def __init__(self, database_url: str, env: dict):
        self.database_url = database_url
        self.env = env

    def emit(self, name: str, **figures) -> dict:
        from bench import stats

        print(stats.format_line(name, figures), flush=True)
        return figures

    def manage(self, *args: str, **popen_kwargs) -> subprocess.Popen:
        root = Path(__file__).resolve().parents[2]
        popen_kwargs.setdefault("cwd", root)
        popen_kwargs["env"] = {**self.env, **popen_kwargs.get("env", {})}
        python = root / ".venv" / "bin" / "python"
        return subprocess.Popen(
            [str(python if python.exists() else sys.executable), "manage.py", *args], **popen_kwargs
        )


def main(argv: list[str]) -> int:
    """`python -m bench.cases.notify [dispatch|reminders|throttle|crash ...]` (all by default)."""
    from bench.database import DEFAULT_SERVER_URL, recreate_database
    from bench.runner import _manage, bench_env

    # A SIGTERM (timeout, Ctrl-C in a wrapper) unwinds normally, so the `finally` blocks stop the workers.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    with tempfile.TemporaryDirectory(prefix="followon-bench-") as tmp:
        database_url = recreate_database(server_url, "followon_bench_notify")
        env = bench_env(database_url, str(Path(tmp) / "static"))
        _manage(env, "migrate", "--no-input")
        os.environ.update(env)
        import django

        django.setup()
        run(_StandaloneContext(database_url, env), [a for a in argv if a in ALL_PARTS] or None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
