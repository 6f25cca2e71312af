"""Sessions in the database with the signed-in person read in the same query (issue 16, ADR 0030).

Django's database sessions cost every signed-in page two queries before its own work: the session
row, then the user it names. `SessionStore` keeps the user's id in a column of its own
(`accounts.UserSession.user`, written from the session data whenever the session is saved) and reads
the session with that user joined. `get_user` then gives the user read with the session to Django's
own `auth.get_user` checks, in place of the backend's second query: only when the session data names
that same user and the backend is one whose `get_user` is a plain look-up by primary key (Django's
`ModelBackend` and allauth's, which inherits it). In any other case (a session saved before the
column, a custom backend) it is `auth.get_user` exactly, with its own query.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from followon.accounts.models import User, UserSession
from followon.core.prepared import PreparedQuery

_NOT_READ = object()
# The session with its user: read on every signed-in request, its SQL built once per process (core.prepared).
_SESSION_WITH_USER = PreparedQuery(
    lambda session_key, now: UserSession.objects.select_related("user").filter(
        session_key=session_key, expire_date__gt=now
    ),
    session_key=str,
    now=dt.datetime,
)


def _user_id(value):
    try:
        return User._meta.pk.to_python(value) if value is not None else None
    except ValidationError:
        return None


class SessionStore(DatabaseSessionStore):
    # Keep the class name: Django salts the signature of the session data with it, so a session
    # written by django.contrib.sessions' SessionStore reads the same here (migration 0005).
    def __init__(self, session_key=None):
        super().__init__(session_key)
        # The user row read with the session (None: nobody, or not read yet).
        self.user_read_with_session = None

    @classmethod
    def get_model_class(cls):
        return UserSession

    def _get_session_from_db(self):
        try:
            row = _SESSION_WITH_USER.get(session_key=self.session_key, now=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            self._session_key = None
            return None
        self.user_read_with_session = row.user
        return row

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.user_id = _user_id(data.get(SESSION_KEY))
        return instance


def _plain_lookup(backend) -> bool:
    return isinstance(backend, ModelBackend) and type(backend).get_user is ModelBackend.get_user


def get_user(request):
    """django.contrib.auth.get_user, answering the backend's look-up with the user read with the session."""
    session = request.session
    if not isinstance(session, SessionStore):
        return auth.get_user(request)
    try:
        user_id = _user_id(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    stored = session.user_read_with_session
    if stored is None or stored.pk != user_id or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    backend = load_backend(backend_path)
    if not _plain_lookup(backend):
        return auth.get_user(request)
    # From here, auth.get_user's own steps with `user = backend.get_user(user_id)` (ModelBackend: the
    # user by primary key, if user_can_authenticate) answered from the row already read.
    user = stored if backend.user_can_authenticate(stored) else None
    if hasattr(user, "get_session_auth_hash"):
        session_hash = session.get(HASH_SESSION_KEY)
        if not session_hash:
            session_hash_verified = False
        else:
            session_auth_hash = user.get_session_auth_hash()
            session_hash_verified = constant_time_compare(session_hash, session_auth_hash)
        if not session_hash_verified:
            # The current secret did not verify the session: try the fallback secrets.
            if session_hash and any(
                constant_time_compare(session_hash, fallback_auth_hash)
                for fallback_auth_hash in user.get_session_auth_fallback_hash()
            ):
                session.cycle_key()
                session[HASH_SESSION_KEY] = session_auth_hash
            else:
                session.flush()
                user = None
    return user or AnonymousUser()
