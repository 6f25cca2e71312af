import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from followon.core import views as core_views
from followon.core.services import audit_record
from followon.core.testing import count_queries

pytestmark = pytest.mark.django_db


def test_need_help_page_lists_every_crisis_signpost(client):
    body = client.get(reverse("core:need-help")).content.decode()
    for wording in ["116 123", "option 2", "999", "SHOUT", "85258"]:
        assert wording in body


@pytest.mark.parametrize("name", ["core:accessibility", "core:privacy", "core:need-help"])
def test_public_pages_are_open_to_anonymous_people(client, name):
    assert client.get(reverse(name)).status_code == 200


class TestHealthz:
    def test_reports_ok_when_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["database"] == "ok"

    def test_reports_worker_heartbeat_age(self, client):
        from followon.core.services import worker_heartbeat_beat

        worker_heartbeat_beat(worker_id="w1")
        body = client.get("/healthz").json()
        assert body["worker"] == "ok"
        assert 0 <= body["worker_heartbeat_age_seconds"] < 5

    def test_broken_database_gives_503(self, client, monkeypatch):
        def broken_cursor(*args, **kwargs):
            raise connection.Database.OperationalError("server closed the connection")

        monkeypatch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"


class TestAuditPages:
    def test_clinician_sees_own_services_events(self, staff_client, clinician, service):
        audit_record(actor=clinician, action="network.settings_updated", target=service)
        response = staff_client(clinician).get(reverse("core:audit-list"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Network: settings updated" in body, "the audit page shows the action's label"
        assert "network.settings_updated" not in body

    def test_audit_list_does_not_show_other_services_events(
        self, staff_client, clinician, other_service, other_clinician
    ):
        audit_record(actor=other_clinician, action="programme.roster_viewed", target=other_service)
        body = staff_client(clinician).get(reverse("core:audit-list")).content.decode()
        assert "Programme: participant list viewed" not in body

    def test_the_audit_trail_pages_without_counting_the_whole_trail(
        self, staff_client, clinician, service, monkeypatch
    ):
        """Previous and Next only: one read of a page and one row more, never a COUNT of every event (issue
        16), and the same number of queries with 5 events or 140."""
        monkeypatch.setattr(core_views, "AUDIT_PAGE_SIZE", 2)
        for number in range(5):
            audit_record(actor=clinician, action="network.settings_updated", target=service, detail={"n": number})
        client = staff_client(clinician)
        url = reverse("core:audit-list")
        client.get(url)

        def read(query=""):
            with count_queries() as queries:
                body = client.get(url + query).content.decode()
            assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
            return body, len(queries)

        first, few = read()
        assert 'href="?page=2"' in first and "?page=0" not in first
        last, _ = read("?page=3")
        assert 'href="?page=2"' in last and "?page=4" not in last

        def rows(body):
            return body[body.index("<tbody") : body.index("</tbody>")]

        assert rows(read("?page=99")[0]) == rows(first) and rows(read("?page=x")[0]) == rows(first)
        for number in range(135):
            audit_record(actor=clinician, action="network.settings_updated", target=service, detail={"n": number})
        assert read()[1] == few

    def test_ptv_cannot_read_the_audit_trail(self, staff_client, ptv):
        assert staff_client(ptv).get(reverse("core:audit-list")).status_code == 403

    def test_member_cannot_read_the_audit_trail(self, client, member):
        client.force_login(member)
        assert client.get(reverse("core:audit-list")).status_code == 403

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(reverse("core:audit-list"))
        assert response.status_code == 302
        assert reverse("accounts:staff-sign-in") in response.url

    def test_audit_detail_allowed_for_own_service(self, staff_client, clinician, service):
        event = audit_record(actor=clinician, action="network.settings_updated", target=service)
        response = staff_client(clinician).get(reverse("core:audit-detail", args=[event.public_id]))
        assert response.status_code == 200

    def test_audit_list_query_count_does_not_grow_with_events(
        self, staff_client, clinician, service, django_assert_max_num_queries
    ):
        client = staff_client(clinician)
        audit_record(actor=clinician, action="network.settings_updated", target=service)
        with django_assert_max_num_queries(12) as few:
            client.get(reverse("core:audit-list"))
        for _ in range(40):
            audit_record(actor=clinician, action="network.settings_updated", target=service)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("core:audit-list"))


class TestTenancy:
    def test_clinician_gets_404_for_another_services_audit_event(
        self, staff_client, clinician, other_clinician, other_service
    ):
        event = audit_record(actor=other_clinician, action="network.settings_updated", target=other_service)
        response = staff_client(clinician).get(reverse("core:audit-detail", args=[event.public_id]))
        assert response.status_code == 404

    def test_staff_pages_show_only_own_service(self, staff_client, clinician, other_service):
        body = staff_client(clinician).get(reverse("home:service-detail")).content.decode()
        assert other_service.name not in body


class TestBadInput:
    def test_unknown_url_gets_nhs_style_404(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
        assert "nhsuk-header" in response.content.decode()

    def test_malformed_id_gets_404_not_500(self, staff_client, clinician):
        response = staff_client(clinician).get("/staff/audit/not-a-uuid/")
        assert response.status_code == 404

    def test_unknown_uuid_gets_404(self, staff_client, clinician):
        response = staff_client(clinician).get(reverse("core:audit-detail", args=[uuid.uuid4()]))
        assert response.status_code == 404

    def test_bad_csrf_gets_nhs_style_page(self, member):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("accounts:staff-sign-in"), {"username": "a@b.test", "password": "x"})
        assert response.status_code == 403
        assert "Your form could not be sent" in response.content.decode()

    def test_oversized_body_gets_nhs_style_400(self, client, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        response = client.post(reverse("accounts:staff-sign-in"), {"username": "a" * 5000, "password": "x"})
        assert response.status_code == 400
        assert "problem with your request" in response.content.decode()

    def test_too_many_fields_gets_400(self, client, settings):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
        response = client.post(reverse("accounts:staff-sign-in"), {f"f{i}": "x" for i in range(20)})
        assert response.status_code == 400

    def test_server_error_page_is_nhs_style(self, client):
        from django.test import RequestFactory

        from followon.core.views import server_error

        response = server_error(RequestFactory().get("/"))
        assert response.status_code == 500
        assert "problem with the service" in response.content.decode()
