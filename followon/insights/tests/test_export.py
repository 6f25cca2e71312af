import csv
import io
import re

import pytest

from followon.accounts.services import consent_notices_ensure, consent_record
from followon.core.models import AuditEvent
from followon.insights.export import COLUMNS, research_export_csv
from followon.outcomes.tests.factories import answered
from followon.programmes.tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_export_pseudonymised_consented_only(service, researcher):
    consent_notices_ensure(service=service)
    agreed = member_of(service, preferred_name="Alice Agreed", email="alice@example.org", mobile="+447700900982")
    refused = member_of(service, preferred_name="Bob Refused", email="bob@example.org")
    consent_record(user=agreed, service=service, kind="research", decision="given")
    answered(agreed, service, "pain-intensity", values={"average_pain": 6})
    answered(refused, service, "pain-intensity", values={"average_pain": 6})

    text = research_export_csv(service=service, project="PMP-FG-1", actor=researcher)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == COLUMNS
    assert len(rows) == 1  # only the research-consented member
    row = rows[0]
    identifiers = {
        "Alice",
        "Agreed",
        "alice@example.org",
        "+447700900982",
        "07700",
        str(agreed.public_id),
    }
    for column in COLUMNS:
        for identifier in identifiers:
            assert identifier not in row[column], column
        assert row[column] != str(agreed.pk), column
    assert re.fullmatch(r"P-[0-9a-f]{16}", row["pseudonym"])
    assert re.fullmatch(r"\d{4}-\d{2}", row["completed_month"])
    assert row["questionnaire"] == "pain-intensity" and row["total"] == "6"
    assert "Bob" not in text and "bob@" not in text

    again = list(
        csv.DictReader(io.StringIO(research_export_csv(service=service, project="PMP-FG-1", actor=researcher)))
    )
    assert again[0]["pseudonym"] == row["pseudonym"]  # stable within a project
    other = list(csv.DictReader(io.StringIO(research_export_csv(service=service, project="OTHER", actor=researcher))))
    assert other[0]["pseudonym"] != row["pseudonym"]  # unlinkable across projects
    event = AuditEvent.objects.filter(action="insights.research_export").first()
    assert event.detail["rows"] == 1 and event.detail["columns"] == list(COLUMNS)
