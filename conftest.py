"""Role fixtures shared by every app's tests (docs/product.md §6), and the test-session clock."""

import os

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from followon.accounts.tests.factories import STAFF_PASSWORD, UserFactory
from followon.conversations.tests.factories import add_member, make_group
from followon.core.tests.clock import describe, parse_clock
from followon.organisations.models import StaffRole
from followon.organisations.tests.factories import PainServiceFactory, StaffRoleFactory

# The local mock NHS login / CIS2 and helpers (`national`): followon/identity/testing/fixtures.py.
pytest_plugins = ["followon.identity.testing.fixtures"]

# The test-session clock (docs/architecture.md, "Testing"): `--clock` or FOLLOWON_TEST_CLOCK moves the
# whole test process, live server threads included, to one instant, and lets it tick from there.
CLOCK_ENV = "FOLLOWON_TEST_CLOCK"
_CLOCK_KEY = pytest.StashKey[tuple]()


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get(CLOCK_ENV, ""),
        help=f'run the tests as if started at this instant, e.g. "2026-12-08T21:30 Europe/London" (env {CLOCK_ENV})',
    )


def pytest_configure(config):
    value = config.getoption("--clock")
    if not value:
        return
    try:
        instant = parse_clock(value)
    except ValueError as error:
        raise pytest.UsageError(f"test clock {value!r}: {error}") from error
    # Started before any test runs and stopped only at the end: time-machine moves the process's clock
    # functions, so every thread (the browser tests' live server too) reads the moved clock. A test's own
    # time_machine.travel nests inside it and comes back to it.
    traveller = time_machine.travel(instant, tick=True)
    traveller.start()
    config.stash[_CLOCK_KEY] = (instant, traveller)


def pytest_unconfigure(config):
    started = config.stash.get(_CLOCK_KEY, None)
    if started is not None:
        started[1].stop()


def pytest_report_header(config):
    started = config.stash.get(_CLOCK_KEY, None)
    if started is not None:
        return f"test clock: {describe(started[0])}"
    return None


@pytest.fixture
def service(db):
    return PainServiceFactory(name="North Bristol Pain Service", slug="north-bristol")


@pytest.fixture
def group(service):
    """A follow-on group of the service, for the board's and the duty queue's tests (apps' own conftests
    may give `group` another meaning, e.g. the meetings tests' group formed from a programme)."""
    return make_group(service)


@pytest.fixture
def maggie(group):
    return add_member(group, preferred_name="Maggie")


@pytest.fixture
def ravi(group):
    return add_member(group, preferred_name="Ravi")


@pytest.fixture
def other_service(db):
    return PainServiceFactory(name="Other Pain Service", slug="other")


def _staff(service, role, **kwargs):
    user = UserFactory(password=STAFF_PASSWORD, **kwargs)
    StaffRoleFactory(service=service, user=user, role=role)
    return user


@pytest.fixture
def make_staff():
    return _staff


@pytest.fixture
def clinician(service):
    return _staff(service, StaffRole.Role.CLINICIAN, preferred_name="Dr Clare Clinician")


@pytest.fixture
def service_admin(service):
    return _staff(service, StaffRole.Role.SERVICE_ADMIN, preferred_name="Alex Admin")


@pytest.fixture
def ptv(service):
    return _staff(service, StaffRole.Role.PTV, preferred_name="Pat Tutor")


@pytest.fixture
def researcher(service):
    return _staff(service, StaffRole.Role.RESEARCHER, preferred_name="Rae Researcher")


@pytest.fixture
def other_clinician(other_service):
    return _staff(other_service, StaffRole.Role.CLINICIAN, preferred_name="Dr Otto Other")


@pytest.fixture
def member(db):
    return UserFactory(preferred_name="Maggie Member")


@pytest.fixture
def staff_client(client):
    """Log a staff user into the test client, passing every staff gate (e.g. MFA)."""

    def login(user):
        from followon.accounts.tests.helpers import pass_mfa

        client.force_login(user)
        pass_mfa(client, user)  # an authenticator app, and a session that has used it
        return client

    return login


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request, django_db_setup, django_db_blocker):
    """Rate limits (sign-in codes, passwords) live in the cache table: start each test clean."""
    # A test without the database cannot reach the cache table; and when only such tests run,
    # pytest-django creates no test database, so there is no table to clear.
    if not (_DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db")):
        return
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request to a page in another language (/cy/...) leaves that language active in the thread;
    the next test's reverse() would then build Welsh addresses. Start every test in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
