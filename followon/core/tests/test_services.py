import ast
from pathlib import Path

import pytest

import followon
from followon.core.audit_actions import AuditAction, action_label
from followon.core.models import AuditEvent
from followon.core.request_context import reset_request_id, set_request_id
from followon.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_takes_service_from_target_and_request_id_from_context(clinician, service):
    token = set_request_id("req-12345678")
    try:
        event = audit_record(actor=clinician, action="network.settings_updated", target=service)
    finally:
        reset_request_id(token)
    assert event.service == service
    assert event.request_id == "req-12345678"
    assert event.target_type == "organisations.painservice"
    assert event.target_id == str(service.public_id)


def test_audit_record_refuses_an_action_not_in_the_registry(clinician, service):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record(actor=clinician, action="network.setings_updated", target=service)
    assert not AuditEvent.objects.exists()


def _action_strings(node):
    """The string literals and f-strings an action expression can evaluate to (both arms of an if)."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return [node]
    return [found for child in ast.iter_child_nodes(node) for found in _action_strings(child)]


def test_every_action_the_code_records_is_in_the_registry():
    """Each audit_record(action=...) in the code names a registered action (f-strings by their
    fixed parts), so none of them can fail at run time with "unknown audit action"."""
    found = 0
    for path in Path(followon.__file__).parent.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit_record"):
                continue
            (action,) = [k.value for k in node.keywords if k.arg == "action"]
            for value in _action_strings(action):
                found += 1
                if isinstance(value, ast.JoinedStr):  # f"safety.item_{to_state}": its fixed start
                    start = value.values[0].value
                    assert any(a.startswith(start) for a in AuditAction.values), f"{path}:{node.lineno}"
                else:
                    assert value.value in AuditAction.values, f"{path}:{node.lineno} {value.value}"
    assert found > 100


def test_the_audit_page_label_of_an_action_no_longer_listed_is_the_action_itself():
    assert action_label("group.viewed") == "Group: viewed"
    assert action_label("retired.action") == "retired.action"


@pytest.mark.parametrize("key", ["body", "code", "token", "Message", "password"])
def test_audit_record_refuses_content_in_detail(clinician, service, key):
    with pytest.raises(ValueError):
        audit_record(actor=clinician, action="network.settings_updated", target=service, detail={key: "secret"})
    assert not AuditEvent.objects.exists()
