import pytest

from followon.core.models import AuditEvent
from followon.core.request_context import reset_request_id, set_request_id
from followon.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_takes_service_from_target_and_request_id_from_context(clinician, service):
    token = set_request_id("req-12345678")
    try:
        event = audit_record(actor=clinician, action="service.viewed", target=service)
    finally:
        reset_request_id(token)
    assert event.service == service
    assert event.request_id == "req-12345678"
    assert event.target_type == "organisations.painservice"
    assert event.target_id == str(service.public_id)


@pytest.mark.parametrize("key", ["body", "code", "token", "Message", "password"])
def test_audit_record_refuses_content_in_detail(clinician, service, key):
    with pytest.raises(ValueError):
        audit_record(actor=clinician, action="x", target=service, detail={key: "secret"})
    assert not AuditEvent.objects.exists()
