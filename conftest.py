"""Role fixtures shared by every app's tests (docs/product.md §6)."""

import pytest
from django.conf import settings
from django.utils import translation

from followon.accounts.tests.factories import STAFF_PASSWORD, UserFactory
from followon.organisations.models import StaffRole
from followon.organisations.tests.factories import PainServiceFactory, StaffRoleFactory

# The local mock NHS login / CIS2 and helpers (`national`): followon/identity/testing/fixtures.py.
pytest_plugins = ["followon.identity.testing.fixtures"]


@pytest.fixture
def service(db):
    return PainServiceFactory(name="North Bristol Pain Service", slug="north-bristol")


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
