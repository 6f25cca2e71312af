import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirQuestionnaireResponse

from followon.accounts.tests.factories import research_consenting
from followon.core.models import AuditEvent
from followon.core.testing import count_queries
from followon.insights.fhir import research_export_fhir
from followon.organisations.models import StaffRole
from followon.outcomes.instruments import QUESTIONNAIRES, get_questionnaire
from followon.outcomes.tests.factories import answered
from followon.programmes.tests.factories import member_of

pytestmark = pytest.mark.django_db

URL = reverse("insights:research-export")


@pytest.fixture
def people(service):
    alice = research_consenting(service, preferred_name="Alice Agreed", email="alice@example.org")
    bob = member_of(service, preferred_name="Bob Refused", email="bob@example.org")
    answered(alice, service, "phq-9", values={"q1": 2}, skip=("q2",))
    answered(alice, service, "health-service-use")
    answered(bob, service, "phq-9")
    return alice, bob


# The mobiles come from the user factory's sequence (a number written here could be one the sequence
# has already given to another test's user in the same run).
IDENTIFIERS = ("Alice", "Agreed", "alice@example.org", "Bob", "bob@example.org")


def test_fhir_bundle_validates_and_holds_no_identifiers(service, researcher, people):
    alice, bob = people
    text, summary = research_export_fhir(service=service, project="PMP-FG-1", actor=researcher)
    bundle = Bundle.model_validate_json(text)  # parses back: valid R4(B)
    assert bundle.type == "collection"
    resources = [entry.resource for entry in bundle.entry]
    questionnaires = [r for r in resources if r.get_resource_type() == "Questionnaire"]
    responses = [r for r in resources if r.get_resource_type() == "QuestionnaireResponse"]
    assert {q.id for q in questionnaires} == set(QUESTIONNAIRES)
    assert len(responses) == 2  # Alice's two; Bob did not agree to research
    assert summary == {
        "project": "PMP-FG-1",
        "format": "fhir",
        "questionnaires": len(QUESTIONNAIRES),
        "responses": 2,
        "members": 1,
        "resources": ["Questionnaire", "QuestionnaireResponse"],
    }
    for resource in questionnaires:
        FhirQuestionnaire.model_validate(resource.model_dump())
    phq9 = next(q for q in questionnaires if q.id == "phq-9")
    assert len(phq9.item) == len(get_questionnaire("phq-9").items)
    assert [o.valueCoding.code for o in phq9.item[0].answerOption] == ["0", "1", "2", "3"]
    for response in responses:
        FhirQuestionnaireResponse.model_validate(response.model_dump())
        assert response.subject.reference is None
        assert re.fullmatch(r"P-[0-9a-f]{16}", response.subject.identifier.value)
        assert response.authored == timezone.localdate().strftime("%Y-%m")
    phq9_url = f"/phq-9|{get_questionnaire('phq-9').version}"
    phq9_response = next(r for r in responses if r.questionnaire.endswith(phq9_url))
    answers = {item.linkId: item.answer[0] for item in phq9_response.item}
    assert "q2" not in answers  # skipped: no answer
    assert answers["q1"].valueCoding.code == "2"
    hsu = next(r for r in responses if "health-service-use" in r.questionnaire)
    kinds = {key for item in hsu.item for key, value in item.answer[0].model_dump().items() if value is not None}
    assert kinds <= {"valueBoolean", "valueInteger", "valueCoding"}

    mobiles = (alice.mobile, "0" + alice.mobile.removeprefix("+44"), bob.mobile)
    for identifier in (*IDENTIFIERS, *mobiles, str(alice.public_id), str(bob.public_id)):
        assert identifier not in text
    for response in responses:
        assert response.id not in {str(alice.public_id)}
    day = timezone.localdate().isoformat()
    assert f'"authored":"{day}' not in text.replace(" ", "")

    again, _ = research_export_fhir(service=service, project="PMP-FG-1", actor=researcher)
    subjects = {r["resource"]["subject"]["identifier"]["value"] for r in json.loads(again)["entry"][9:]}
    assert subjects == {responses[0].subject.identifier.value}  # stable per project
    other, _ = research_export_fhir(service=service, project="OTHER", actor=researcher)
    assert responses[0].subject.identifier.value not in other
    events = AuditEvent.objects.filter(action="insights.research_export").order_by("id")
    assert events.count() == 3 and events[0].detail["responses"] == 2


def test_fhir_query_count_does_not_grow(service, researcher, django_assert_max_num_queries):
    alice = research_consenting(service, preferred_name="Alice Agreed")
    answered(alice, service)
    with django_assert_max_num_queries(12) as small:
        research_export_fhir(service=service, project="P1", actor=researcher)
    for _ in range(4):
        answered(research_consenting(service), service, "gad-7")
    with django_assert_max_num_queries(len(small.captured_queries)):
        text, summary = research_export_fhir(service=service, project="P1", actor=researcher)
    assert summary["responses"] == 5


def test_page_explains_and_downloads(service, researcher, people, staff_client):
    client = staff_client(researcher)
    page = client.get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    for phrase in ("pseudonym", "months only", "agreed to their answers being used for research", "completed_month"):
        assert phrase in body
    assert "Alice" not in body

    csv_download = client.post(URL, {"project": "PMP-FG-1", "format": "csv"})
    assert csv_download.status_code == 200
    assert csv_download["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_download.content.decode())))
    assert len(rows) == 2 and all(row["pseudonym"].startswith("P-") for row in rows)

    fhir_download = client.post(URL, {"project": "PMP-FG-1", "format": "fhir"})
    assert fhir_download.status_code == 200
    assert fhir_download["Content-Type"].startswith("application/fhir+json")
    Bundle.model_validate_json(fhir_download.content)
    # The same pseudonym in both formats for the same project.
    assert rows[0]["pseudonym"] in fhir_download.content.decode()

    details = [e.detail for e in AuditEvent.objects.filter(action="insights.research_export").order_by("id")]
    assert [d["format"] for d in details] == ["csv", "fhir"]
    assert details[0]["rows"] == 2 and details[1]["responses"] == 2
    assert all(e.actor_id == researcher.id for e in AuditEvent.objects.filter(action="insights.research_export"))


@pytest.mark.parametrize("project", ["", "has spaces", "x" * 61, "<script>"])
def test_bad_project_code_keeps_what_was_typed(service, researcher, staff_client, project):
    page = staff_client(researcher).post(URL, {"project": project, "format": "csv"})
    assert page.status_code == 400
    body = page.content.decode()
    assert "There is a problem" in body and "nhsuk-error-message" in body
    if project:
        assert 'value="' + project.replace("<", "&lt;").replace(">", "&gt;") in body
    assert not AuditEvent.objects.filter(action="insights.research_export").exists()


@pytest.mark.parametrize("role", ["clinician", "service_admin", "ptv"])
def test_other_staff_roles_forbidden(request, role, people, staff_client):
    client = staff_client(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"project": "P", "format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="insights.research_export").exists()


def test_other_services_researcher_gets_only_their_own_service(other_service, make_staff, people, staff_client):
    outsider = make_staff(other_service, StaffRole.Role.RESEARCHER)
    client = staff_client(outsider)
    download = client.post(URL, {"project": "PMP-FG-1", "format": "csv"})
    assert download.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(download.content.decode())))) == 0
    fhir = client.post(URL, {"project": "PMP-FG-1", "format": "fhir"}).content.decode()
    assert 'QuestionnaireResponse"' not in fhir.replace('"resourceType":"Questionnaire"', "")
    event = AuditEvent.objects.filter(action="insights.research_export").first()
    assert event.service_id == other_service.id


def test_member_and_signed_out_forbidden(client, member, people):
    assert client.get(URL).status_code == 302  # to sign in
    assert client.post(URL, {"project": "P", "format": "csv"}).status_code == 302
    client.force_login(member)
    assert client.get(URL).status_code in (302, 403)
    assert client.post(URL, {"project": "P", "format": "csv"}).status_code in (302, 403)
    assert not AuditEvent.objects.filter(action="insights.research_export").exists()


def test_researcher_without_mfa_is_stopped_by_the_gate(client, researcher, people):
    client.force_login(researcher)
    page = client.post(URL, {"project": "P", "format": "csv"})
    assert page.status_code == 302 and "attachment" not in page.get("Content-Disposition", "")
    assert not AuditEvent.objects.filter(action="insights.research_export").exists()


def test_page_query_count_does_not_grow(service, researcher, staff_client):

    client = staff_client(researcher)
    answered(research_consenting(service), service, "gad-7")
    with count_queries() as small:
        assert client.get(URL).status_code == 200
    for _ in range(6):
        answered(research_consenting(service), service, "gad-7")
    with count_queries() as large:
        body = client.get(URL).content.decode()
    assert len(large) == len(small)
    assert re.search(r'Members who agreed to research</dt>\s*<dd class="nhsuk-summary-list__value">7</dd>', body)


def test_the_page_figures_are_what_the_orm_counts(service, other_service, people):
    """The two reads built once per process (core.prepared) give the ORM's figures, this service's only;
    with no responses at all the count is 0 and there are no months."""
    from django.db.models import Count, Max, Min

    from followon.accounts.selectors import consented_members
    from followon.insights.selectors import research_export_summary
    from followon.insights.suppression import suppress_count
    from followon.outcomes.models import Response

    research_consenting(other_service)
    consented = consented_members(service, "research")
    expected = Response.objects.filter(service=service, completed_at__isnull=False, member__in=consented).aggregate(
        n=Count("id"), first=Min("completed_at"), last=Max("completed_at")
    )
    summary = research_export_summary(service=service)
    assert expected["n"] == 2 and consented.count() == 1
    assert (summary["consented_members"], summary["completed_responses"]) == (
        suppress_count(consented.count()),
        suppress_count(expected["n"]),
    )
    assert summary["first_month"] and summary["last_month"]
    empty = research_export_summary(service=other_service)
    assert empty["first_month"] is None and empty["last_month"] is None
