import pytest

from followon.accounts.services import consent_notices_ensure
from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory


@pytest.fixture
def enrolled_member(service):
    """A member of `service` (joined by invitation), with the service's notices published."""
    user = UserFactory(preferred_name="Maggie Member", mobile="+447700900982", email="maggie@example.test")
    ServiceMembershipFactory(service=service, user=user)
    consent_notices_ensure(service=service)
    return user


@pytest.fixture
def outbox():
    from followon.notifications.models import OutboundMessage

    def messages(template=None):
        qs = OutboundMessage.objects.order_by("created_at", "id")
        return list(qs.filter(template=template) if template else qs)

    return messages
