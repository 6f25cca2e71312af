"""`make run`: the embedded demo on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
# The demo is served over plain http on loopback, so cookies cannot be Secure.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# The demo signs people in with NHS login and CIS2 at the local mock, with a key made at start-up.
NATIONAL_IDENTITY_MOCK_ALLOWED = True
# The demo shows Urdu and Polish from the toggle, marked as awaiting a qualified translator's review.
SHOW_LANGUAGES_IN_REVIEW = True
NATIONAL_IDENTITY_EPHEMERAL_KEY_ALLOWED = True

# Serve static files through whitenoise straight from the finders, so the demo
# behaves like production (NHS-style error pages, no debug pages) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The web process, the worker and its heartbeat share one file: wait rather than fail on a lock.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20  # noqa: F405
# `make run PORT=8010`: links sent while serving a page open on the address the browser used.
FOLLOWON_LINKS_FROM_REQUEST = env_bool("FOLLOWON_LINKS_FROM_REQUEST", True)
