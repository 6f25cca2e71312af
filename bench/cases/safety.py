"""The safety net: an urgent group post reaching the duty clinician.

- ``bench urgent_to_queue p99_ms=<n>``: from the start of the post (the same code the board's POST
  runs: ``conversations.services.post_create`` — screen, post, queue item and the duty alerts in one
  transaction) to the queue item existing and committed, over ``POSTS`` urgent posts.
- ``bench urgent_to_sms p99_ms=<n>``: from the post being committed to the duty clinician's SMS being
  accepted by the local fake GOV.UK Notify (followon/notifications/testing/fake_notify.py), sent by one
  real ``manage.py worker`` process polling every 0.1 s (one worker cycle), over ``SMS_POSTS`` posts.

Each post goes to a different clinician on duty (a shift moved to them just before), so the per-number
hourly text limit never holds an alert back; the queue part's alerts are cancelled first and one
warm-up post is not counted. Bounded: about 20 s on a quiet machine. Needs the harness (``ctx``).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import time
from pathlib import Path

POSTS = 60
SMS_POSTS = 15
SMS_TIMEOUT = 20.0
CRISIS = "I'm having a really bad day. This is awful, I can't carry on"


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def _setup(ctx):
    from django.utils import timezone

    from followon.accounts.tests.factories import UserFactory
    from followon.conversations.tests.factories import add_member, make_group
    from followon.organisations.models import StaffRole
    from followon.safety.models import DutyShift

    group = make_group(ctx.service, name="Bench safety group")
    author = add_member(group, preferred_name="Bench author", mobile="+447911900001", email=None)
    clinicians = []
    for n in range(SMS_POSTS + 1):
        user = UserFactory(preferred_name=f"Bench duty {n}", mobile=f"+4479119{n + 10:05d}", email=None)
        StaffRole.objects.create(service=ctx.service, user=user, role=StaffRole.Role.CLINICIAN)
        clinicians.append(user)
    now = timezone.now()
    shift = DutyShift.objects.create(
        service=ctx.service,
        clinician=clinicians[0],
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
    )
    return group, author, clinicians, shift


def _queue_times(group, author) -> list[float]:
    from followon.conversations.services import post_create
    from followon.safety.models import ConcernItem

    times = []
    for _ in range(POSTS):
        started = time.perf_counter()
        outcome = post_create(group=group, author=author, body=CRISIS)
        exists = ConcernItem.objects.filter(pk=outcome.item.pk, level="urgent").exists()
        times.append((time.perf_counter() - started) * 1000)
        if not exists:
            raise RuntimeError("urgent post made no queue item")
    return times


def _sms_times(ctx, group, author, clinicians, shift) -> list[float]:
    from followon.conversations.services import post_create
    from followon.notifications.models import OutboundMessage
    from followon.notifications.testing.fake_notify import FakeNotify

    times = []
    # The queue part's alerts all went to one number; they are not what is measured here.
    OutboundMessage.objects.filter(status=OutboundMessage.Status.QUEUED).update(
        status=OutboundMessage.Status.CANCELLED, failure_reason="bench: queue part"
    )
    with FakeNotify(key_name="bench_safety") as fake, tempfile.TemporaryDirectory() as tmp:
        env = ctx.env | {
            "NOTIFY_API_KEY": fake.api_key,
            "NOTIFY_BASE_URL": fake.base_url,
            "NOTIFY_SMS_TEMPLATE_ID": fake.sms_template_id,
            "NOTIFY_EMAIL_TEMPLATE_ID": fake.email_template_id,
            "NOTIFICATIONS_SMS_CHANNEL": "notify",
            "NOTIFICATIONS_EMAIL_CHANNEL": "notify",
            "LOG_LEVEL": "WARNING",
        }
        log = open(Path(tmp) / "worker.log", "w")  # noqa: SIM115 - closed below
        worker = ctx.manage(
            "worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--verbosity",
            "0",
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            # The first post only warms the worker up (its start-up is not one worker cycle).
            for n, clinician in enumerate(clinicians):
                shift.clinician = clinician
                shift.save(update_fields=["clinician"])
                outcome = post_create(group=group, author=author, body=CRISIS)
                committed = time.perf_counter()
                message = OutboundMessage.objects.get(
                    idempotency_key=f"safety:alert:{outcome.item.public_id}:{clinician.public_id}:sms"
                )
                reference = str(message.public_id)
                while fake.count_for(reference) < 1:
                    if time.perf_counter() - committed > SMS_TIMEOUT:
                        raise RuntimeError(f"duty SMS not sent within {SMS_TIMEOUT:.0f}s (item {outcome.item.pk})")
                    if worker.poll() is not None:
                        raise RuntimeError("the worker exited")
                    time.sleep(0.005)
                if n:
                    times.append((time.perf_counter() - committed) * 1000)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=10)
            log.close()
    return times


def run(ctx) -> None:
    group, author, clinicians, shift = _setup(ctx)
    queue = _queue_times(group, author)
    ctx.emit("urgent_to_queue", p99_ms=_p99(queue), p50_ms=sorted(queue)[len(queue) // 2], posts=len(queue))
    sms = _sms_times(ctx, group, author, clinicians, shift)
    ctx.emit(
        "urgent_to_sms", p99_ms=_p99(sms), p50_ms=sorted(sms)[len(sms) // 2], posts=len(sms), worker_interval_s=0.1
    )
