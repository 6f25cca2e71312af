"""generate_scale_data at a tiny scale on the test database: the shape of the data, and the key pages open on it."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from bench import scale as bench_scale
from followon.accounts.models import ServiceMembership, User
from followon.assurance.scale_data import (
    MODEL_NAMES,
    CopyLoader,
    Plan,
    bench_targets,
    fingerprint,
    generate,
    loader_version,
)
from followon.conversations.models import Post
from followon.insights.outcome_change import change_rows
from followon.meetings.models import Meeting, Poll, PollAnswer
from followon.notifications.models import DeliveryAttempt, OutboundMessage
from followon.organisations.models import PainService
from followon.outcomes.models import Response
from followon.peergroups.models import PeerGroup

TINY = 0.003  # the floor of the plan: 2 services, 60 programme completers a year for ten years


@pytest.fixture
def tiny(db):
    return generate(TINY, seed=7)


def test_the_shape_follows_the_plan(tiny):
    plan = Plan(TINY)
    members = plan.members_per_year * 10
    assert PainService.objects.filter(slug__startswith="scale-").count() == plan.services
    assert ServiceMembership.objects.count() == members
    assert OutboundMessage.objects.count() == members * plan.messages_per_member
    assert DeliveryAttempt.objects.count() == OutboundMessage.objects.count()
    assert not OutboundMessage.objects.exclude(status="delivered").exists()  # nothing for the worker to send
    assert Response.objects.count() >= 2 * members
    # The study's survival shape: most groups have folded, some are still going after years.
    folded = PeerGroup.objects.filter(status="folded").count()
    active = PeerGroup.objects.filter(status="active").count()
    assert folded > active > 0
    assert Meeting.objects.filter(status="held").count() > PeerGroup.objects.count()
    assert Post.objects.count() > 10 * PeerGroup.objects.count()
    assert tiny["conversations_post"] == Post.objects.count()
    # The insights dashboard has baseline and follow-up pairs to compare.
    assert change_rows(service=PainService.objects.get(slug="scale-001"))


def test_the_benchmarks_poll_and_board_are_there(tiny):
    targets = bench_targets()
    poll = Poll.objects.get(public_id=targets.pages[3][1].split("/")[3])
    assert poll.options.count() == 60
    assert PollAnswer.objects.filter(option__poll=poll).values("user").distinct().count() == min(
        15, poll.group.memberships.count()
    )
    first = Post.objects.filter(group=poll.group).earliest("created_at").created_at
    last = Post.objects.filter(group=poll.group).latest("created_at").created_at
    assert (last - first).days >= 700  # two years of posts


def test_synthetic_people_only(tiny):
    mobiles = list(User.objects.exclude(mobile=None).values_list("mobile", flat=True))
    assert mobiles and all(m.startswith("+447700900") and len(m) == 13 for m in mobiles)
    assert (
        not User.objects.exclude(email__endswith="@example.test")
        .filter(email__isnull=False, service_memberships__service__slug__startswith="scale-")
        .exists()
    )


def _snapshot():
    return (
        list(PeerGroup.objects.order_by("id").values_list("id", "public_id", "name", "status", "formed_on")),
        list(Post.objects.order_by("id").values_list("id", "group_id", "author_id", "parent_id", "created_at")[:500]),
        list(User.objects.order_by("id").values_list("id", "public_id", "date_joined")),
        list(OutboundMessage.objects.order_by("id").values_list("id", "recipient_id", "created_at")[:500]),
        list(Response.objects.order_by("id").values_list("id", "member_id", "invitation_id", "total")[:500]),
    )


def test_same_seed_same_data(db):
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            generate(TINY, seed=7)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)  # as if on a fresh database again
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][0]


def test_the_command_refuses_a_database_that_already_has_a_dataset(tiny):
    with pytest.raises(Exception, match="already holds a scale dataset"):
        call_command("generate_scale_data", "--scale", str(TINY), verbosity=0)


def test_every_key_page_opens_for_the_busy_service(tiny, client, staff_client):
    targets = bench_targets()
    for name, path, who in targets.pages:
        if who == "member":
            client.force_login(targets.member)
        elif who != "anonymous":
            staff_client(targets.staff[who])
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code, response.get("Location"))
        client.logout()


def _schema(tables):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint
            WHERE conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[])
            UNION ALL
            -- (an index's definition is compared by its parts: a predicate reads back in another form)
            SELECT indrelid::regclass::text, indexrelid::regclass::text,
                   concat_ws(' ', indisunique, indkey::text, indclass::text, indpred IS NOT NULL), indisvalid
            FROM pg_index WHERE indrelid = ANY(%s::regclass[])
            """,
            [tables, tables, tables],
        )
        return sorted(cursor.fetchall())


def test_every_key_index_and_foreign_key_is_put_back_after_the_load(db):
    from django.apps import apps

    tables = [f'"{apps.get_model(name)._meta.db_table}"' for name in MODEL_NAMES]
    before = _schema(tables)
    assert any("FOREIGN KEY" in row[2] for row in before) and any("PRIMARY KEY" in row[2] for row in before)
    generate(TINY, seed=7)
    assert _schema(tables) == before


def test_a_dangling_id_still_fails_the_load(db):
    loader = CopyLoader(seed=7)
    loader.prepare([Post._meta.db_table, PeerGroup._meta.db_table])
    loader.copy(Post, ("id", "group_id", "author_id", "body", "screen_level"), [(1, 999_999, 999_999, "Hello", "none")])
    with pytest.raises(IntegrityError, match="conversations_post"):
        loader.finish([Post])


def test_a_duplicate_id_still_fails_the_load(db):
    loader = CopyLoader(seed=7)
    loader.prepare([PainService._meta.db_table])
    row = ("scale-x", "A service", "ZX0001", "07700 900001", "1 Road", "BS16")
    loader.copy(PainService, ("id", "slug", "name", "ods_code", "contact_phone", "address", "outcode"), [(5, *row)])
    loader.copy(PainService, ("id", "slug", "name", "ods_code", "contact_phone", "address", "outcode"), [(5, *row)])
    with pytest.raises(IntegrityError):
        loader.finish([PainService])


def test_the_database_records_what_it_holds(tiny):
    held = fingerprint()
    assert held == {"scale": TINY, "seed": 7, "loader_version": loader_version(), "rows": sum(tiny.values())}
    # `make bench-scale --reuse` reads the same version without Django.
    assert bench_scale.loader_version() == loader_version()
