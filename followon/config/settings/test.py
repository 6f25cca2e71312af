"""`make test`: PostgreSQL (DATABASE_URL), plain http test servers, fast hashing."""

from .base import *  # noqa: F403
from .base import DATABASES, env

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError(
        "The test suite runs against PostgreSQL: set DATABASE_URL, or use `make test`, "
        f"which does. Got DATABASE_URL={env('DATABASE_URL')!r}."
    )
# Each pytest-xdist worker or each parallel checkout can name its own test database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", None)}

DEBUG = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "notifications"]}
}
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# As in the demo: a link sent while serving a page opens on the test server's own port.
FOLLOWON_LINKS_FROM_REQUEST = True
WHITENOISE_USE_FINDERS = True
# Tests read sign-in codes and links from the outbox after the (immediate) send, so sensitive bodies
# stay; followon/notifications/tests/test_sensitive_messages.py turns the removal back on.
NOTIFICATIONS_REMOVE_SENSITIVE_BODIES = False
# National sign-in runs against the local mock provider the tests start, with a key made per process.
NATIONAL_IDENTITY_MOCK_ALLOWED = True
SHOW_LANGUAGES_IN_REVIEW = True
NATIONAL_IDENTITY_EPHEMERAL_KEY_ALLOWED = True
