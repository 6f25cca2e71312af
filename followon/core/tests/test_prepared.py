"""core.prepared: SQL built once per process, rows exactly as the ORM makes them, nothing read kept."""

import datetime as dt
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Count, Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.utils import timezone

from followon.accounts.models import ServiceMembership, User
from followon.conversations.tests.factories import add_member, make_group
from followon.core.prepared import PreparedQuery
from followon.core.testing import count_queries
from followon.peergroups.models import GroupMembership, PeerGroup

pytestmark = pytest.mark.django_db


def _groups_of(user_id, public_id):
    return (
        PeerGroup.objects.filter(public_id=public_id)
        .select_related("service")
        .annotate(
            mine=Exists(GroupMembership.objects.filter(group_id=OuterRef("pk"), user_id=user_id, status="member")),
            members=Count("memberships"),
        )
    )


GROUP_OF = PreparedQuery(_groups_of, user_id=int, public_id=uuid.UUID)


@pytest.fixture
def two_groups(service):
    walking, knitting = make_group(service), make_group(service, name="Knitting group")
    maggie = add_member(walking, preferred_name="Maggie")
    ravi = add_member(knitting, preferred_name="Ravi")
    return walking, knitting, maggie, ravi


def test_rows_are_the_orms_for_every_value(two_groups):
    walking, knitting, maggie, ravi = two_groups
    for group in (walking, knitting):
        for person in (maggie, ravi):
            mine = GROUP_OF.get(user_id=person.pk, public_id=group.public_id)
            orm = _groups_of(person.pk, group.public_id).get()
            assert (mine.pk, mine.name, mine.mine, mine.members) == (orm.pk, orm.name, orm.mine, orm.members)
            assert mine.service == orm.service and mine.service.name == orm.service.name  # select_related
    # The same SQL text each time (built once), different parameters.
    compiled = GROUP_OF._get_compiled(None, True)
    assert GROUP_OF._get_compiled(None, True) is compiled


def test_values_and_values_list_rows_stay_as_asked(two_groups):
    walking, _, maggie, _ = two_groups
    as_values = PreparedQuery(lambda pk: User.objects.filter(pk=pk).values("pk", "preferred_name"), pk=int)
    as_tuples = PreparedQuery(lambda pk: User.objects.filter(pk=pk).values_list("pk", "preferred_name"), pk=int)
    flat = PreparedQuery(lambda pk: User.objects.filter(pk=pk).values_list("preferred_name", flat=True), pk=int)
    assert as_values.list(pk=maggie.pk) == [{"pk": maggie.pk, "preferred_name": "Maggie"}]
    assert as_tuples.list(pk=maggie.pk) == [(maggie.pk, "Maggie")]
    assert flat.list(pk=maggie.pk) == ["Maggie"]


def test_get_says_none_and_more_than_one_as_the_orm_does(two_groups, service):
    walking, _, maggie, ravi = two_groups
    with pytest.raises(PeerGroup.DoesNotExist):
        GROUP_OF.get(user_id=maggie.pk, public_id=uuid.uuid4())
    by_service = PreparedQuery(lambda service_id: PeerGroup.objects.filter(service_id=service_id), service_id=int)
    with pytest.raises(PeerGroup.MultipleObjectsReturned):
        by_service.get(service_id=service.pk)


def test_every_call_runs_its_query_so_a_write_counts_at_once(two_groups):
    """Nothing read is remembered: the next call after a write sees it."""
    walking, _, maggie, _ = two_groups
    with count_queries() as queries:
        assert GROUP_OF.get(user_id=maggie.pk, public_id=walking.public_id).mine
    assert len(queries) == 1
    GroupMembership.objects.filter(group=walking, user=maggie).update(status=GroupMembership.Status.REMOVED)
    with count_queries() as queries:
        assert not GROUP_OF.get(user_id=maggie.pk, public_id=walking.public_id).mine
    assert len(queries) == 1


def test_a_value_written_into_the_sql_text_is_refused():
    def inlined(user_id):
        return User.objects.annotate(
            me=RawSQL(f"id = {user_id}", (), output_field=BooleanField())  # noqa: S611 - the mistake under test
        )

    with pytest.raises(ValueError, match="written into the SQL text"):
        PreparedQuery(inlined, user_id=int).list(user_id=1)


def test_a_slot_that_is_not_a_parameter_is_refused():
    with pytest.raises(ValueError, match="not parameters"):
        PreparedQuery(lambda user_id: User.objects.all(), user_id=int).list(user_id=1)


def test_values_of_the_wrong_kind_are_refused_never_compared_with_null(two_groups):
    walking, _, maggie, _ = two_groups
    with pytest.raises(ValueError):
        GROUP_OF.list(user_id=None, public_id=walking.public_id)  # the ORM would write IS NULL
    with pytest.raises(ValueError):
        GROUP_OF.list(user_id=True, public_id=walking.public_id)
    with pytest.raises(ValidationError):
        GROUP_OF.list(user_id=maggie.pk, public_id="not-a-uuid")
    with pytest.raises(TypeError):
        GROUP_OF.list(user_id=maggie.pk)
    # A model instance stands for its primary key; a UUID as text is read as the field would.
    assert GROUP_OF.get(user_id=maggie, public_id=str(walking.public_id)).pk == walking.pk


def test_times_and_dates_are_parameters(two_groups, service):
    walking, _, maggie, _ = two_groups
    since = PreparedQuery(
        lambda user_id, after, day: ServiceMembership.objects.filter(
            user_id=user_id, joined_at__gt=after, joined_at__date__gte=day
        ),
        user_id=int,
        after=dt.datetime,
        day=dt.date,
    )
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    assert len(since.list(user_id=maggie.pk, after=hour_ago, day=hour_ago.date() - dt.timedelta(days=1))) == 1
    assert since.list(user_id=maggie.pk, after=timezone.now() + dt.timedelta(hours=1), day=hour_ago.date()) == []
    with pytest.raises(ValueError):
        since.list(user_id=maggie.pk, after=dt.datetime(2026, 1, 1), day=hour_ago.date())  # naive: refused


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_it_on_its_own_connection(service):
    """Built in one thread (a gthread worker's first request), run in another: each uses its own connection."""
    walking = make_group(service)
    maggie = add_member(walking, preferred_name="Maggie")
    prepared = PreparedQuery(_groups_of, user_id=int, public_id=uuid.UUID)
    assert prepared.get(user_id=maggie.pk, public_id=walking.public_id).mine
    found = []

    def other():
        try:
            found.append(prepared.get(user_id=maggie.pk, public_id=walking.public_id).mine)
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert found == [True]


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_postgresql_plans_it_once_per_connection(two_groups):
    """After `prepare_threshold` runs on a connection the read is one of the connection's prepared
    statements (parsed and planned once, ADR 0035); its rows and its query count stay the ORM's."""
    walking, knitting, maggie, ravi = two_groups
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold is not None  # config/settings/base.py turns prepared statements on for PostgreSQL
    for _ in range(threshold + 1):
        for group, person in ((walking, maggie), (knitting, maggie), (walking, ravi)):
            mine = GROUP_OF.get(user_id=person.pk, public_id=group.public_id)
            orm = _groups_of(person.pk, group.public_id).get()
            assert (mine.pk, mine.mine, mine.members, mine.service) == (orm.pk, orm.mine, orm.members, orm.service)
    assert any('"peergroups_peergroup"' in statement and "$1" in statement for statement in _prepared_statements())
    with count_queries() as queries:
        assert GROUP_OF.get(user_id=maggie.pk, public_id=walking.public_id).mine
    assert len(queries) == 1


def test_times_dates_and_text_as_prepared_statements(two_groups, service):
    """Values sent apart from the SQL (server-side binding) compare as the ORM's inlined values did."""
    walking, _, maggie, _ = two_groups
    since = PreparedQuery(
        lambda user_id, after, day, name: ServiceMembership.objects.filter(
            user_id=user_id, joined_at__gt=after, joined_at__date__gte=day, user__preferred_name=name
        ),
        user_id=int,
        after=dt.datetime,
        day=dt.date,
        name=str,
    )
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    for _ in range(connection.connection.prepare_threshold + 1 if connection.connection else 6):
        assert len(since.list(user_id=maggie.pk, after=hour_ago, day=hour_ago.date(), name="Maggie")) == 1
        assert since.list(user_id=maggie.pk, after=hour_ago, day=hour_ago.date(), name="maggie") == []
        assert since.list(user_id=maggie.pk, after=timezone.now(), day=hour_ago.date(), name="Maggie") == []


def test_without_prepared_statements_it_is_the_usual_cursor(two_groups):
    """DATABASE_PREPARED_STATEMENTS=false (a transaction-pooling PgBouncer): nothing is prepared."""
    walking, _, maggie, _ = two_groups
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None
    try:
        before = len(_prepared_statements())
        for _ in range(8):
            assert GROUP_OF.get(user_id=maggie.pk, public_id=walking.public_id).mine
        assert len(_prepared_statements()) == before
    finally:
        connection.connection.prepare_threshold = threshold


def test_the_query_log_shows_a_prepared_read_with_its_values(two_groups):
    """Django's query log (DEBUG, CaptureQueriesContext) shows the SQL with its values, as for any query,
    also once the read is a prepared statement."""
    walking, _, maggie, _ = two_groups
    connection.ensure_connection()
    for _ in range(connection.connection.prepare_threshold + 2):
        with count_queries() as queries:
            GROUP_OF.get(user_id=maggie.pk, public_id=walking.public_id)
        (logged,) = queries
        sql = logged["sql"]
        assert "$1" not in sql and f"= {maggie.pk}" in sql and f"'{walking.public_id.hex}'::uuid" in sql
