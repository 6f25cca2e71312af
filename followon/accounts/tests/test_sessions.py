"""Sessions read with their user in one query (accounts/sessions.py, ADR 0030; issue 16)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followon.accounts.models import UserSession
from followon.accounts.sessions import SessionStore
from followon.accounts.tests.factories import UserFactory

HOME = "/"
MEMBER_PAGE = "/my-account/"


def _get(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [q["sql"] for q in captured.captured_queries]


def _reads_users_on_their_own(queries) -> int:
    # A read whose own table is the users' (as auth.get_user's is), not one that joins it for a name
    # (member home's group activity shows each goal's owner: its first column is theirs).
    return sum(1 for sql in queries if sql.startswith("SELECT ") and ' FROM "accounts_user" ' in sql)


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def _row(client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


def test_the_session_row_names_its_user(signed_in, member):
    assert _row(signed_in).user_id == member.pk


def test_one_query_reads_the_session_and_the_person(signed_in, member):
    response, queries = _get(signed_in, HOME)
    assert response.status_code == 200 and member.preferred_name in response.content.decode()
    session_reads = [sql for sql in queries if 'FROM "accounts_usersession"' in sql]
    assert len(session_reads) == 1 and 'JOIN "accounts_user"' in session_reads[0]
    assert _reads_users_on_their_own(queries) == 0


def test_a_changed_password_still_signs_the_session_out(signed_in, member):
    member.set_password("a new long passphrase 123")
    member.save()
    response = signed_in.get(MEMBER_PAGE)
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]
    assert not UserSession.objects.filter(user=member).exists()  # flushed, as auth.get_user does


def test_someone_made_inactive_is_signed_out(signed_in, member):
    member.is_active = False
    member.save()
    assert signed_in.get(MEMBER_PAGE).status_code == 302


def test_the_session_data_decides_who_is_signed_in_not_the_column(signed_in, member):
    someone_else = UserFactory(preferred_name="Someone Else")
    UserSession.objects.filter(user=member).update(user=someone_else)
    response, queries = _get(signed_in, HOME)
    body = response.content.decode()
    assert member.preferred_name in body and "Someone Else" not in body
    assert _reads_users_on_their_own(queries) == 1  # the data's user, read as Django reads it


def test_a_session_without_the_column_works_as_before(signed_in, member):
    UserSession.objects.filter(user=member).update(user=None)
    response, queries = _get(signed_in, HOME)
    assert response.status_code == 200 and member.preferred_name in response.content.decode()
    assert _reads_users_on_their_own(queries) == 1


def test_signing_out_ends_the_session_row(signed_in, member):
    key = signed_in.session.session_key
    signed_in.post(reverse("accounts:sign-out"))
    assert not UserSession.objects.filter(session_key=key).exists()


def test_the_migration_moves_djangos_sessions_with_their_user(db, member):
    old = DjangoSessionStore()
    old[SESSION_KEY] = str(member.pk)
    old.create()
    anonymous = DjangoSessionStore()
    anonymous["x"] = 1
    anonymous.create()
    UserSession.objects.all().delete()
    migration = importlib.import_module("followon.accounts.migrations.0005_user_session")
    migration.move_to_user_sessions(apps, None)
    assert not Session.objects.exists()
    assert UserSession.objects.get(session_key=old.session_key).user_id == member.pk
    assert UserSession.objects.get(session_key=anonymous.session_key).user_id is None
    # Django's store and ours read the same data (the signature's salt is the class name).
    assert SessionStore(old.session_key).load()[SESSION_KEY] == str(member.pk)
    migration.move_back(apps, None)
    assert Session.objects.count() == 2 and not UserSession.objects.exists()
