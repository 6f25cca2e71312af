import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from followon.core.testing import count_queries
from followon.peergroups.models import PeerGroup
from followon.programmes.models import InterestResponse
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db

TABLE2 = Path(__file__).resolve().parents[1] / "data" / "study_table2_groups.csv"
URL = reverse("insights:dashboard")


@pytest.fixture
def other_researcher(other_service, make_staff):
    return make_staff(other_service, "researcher", preferred_name="Rory Other-Researcher")


def seed(service, clinician, programmes, per_programme):
    for number in range(programmes):
        programme = make_programme(
            service, clinician, start=dt.date(2024, 1, 1) + dt.timedelta(days=30 * number), title=f"PMP {number}"
        )
        for _ in range(per_programme):
            enrolment = join(programme)
            InterestResponse.objects.create(enrolment=enrolment, answer="no", reason="travel_timing")
        PeerGroup.objects.create(
            service=service, programme=programme, name=f"G{number}", status="active", formed_on=dt.date(2024, 6, 1)
        )


@pytest.mark.parametrize("role", ["clinician", "service_admin", "researcher"])
def test_allowed_and_shows_survival(request, role, service, staff_client):
    call_command("import_groups", str(TABLE2), "--service", service.slug, stdout=StringIO())
    page = staff_client(request.getfixturevalue(role)).get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "app-chart__band" in body and "app-chart__line" in body
    assert "not reached (more than half the groups are still going)" in body  # 10 of 11 groups still going
    assert "11 groups" in body and "Mean duration 22.5 months" in body and "median 13 months" in body
    assert "style=" not in body


@pytest.mark.parametrize("role", ["ptv", "member", "other_clinician", "other_researcher"])
def test_forbidden(request, role, staff_client, client, service):
    call_command("import_groups", str(TABLE2), "--service", service.slug, stdout=StringIO())
    user = request.getfixturevalue(role)
    if role == "member":
        client.force_login(user)
        page = client.get(URL)
    else:
        page = staff_client(user).get(URL)
    if role in ("other_clinician", "other_researcher"):
        # Their own service's dashboard: none of this service's groups.
        assert page.status_code == 200 and "0 groups" in page.content.decode()
    else:
        assert page.status_code in (302, 403, 404)
    assert "11 groups" not in page.content.decode()


def test_small_numbers_suppressed(service, clinician, staff_client):
    seed(service, clinician, programmes=1, per_programme=3)
    body = staff_client(clinician).get(URL).content.decode()
    assert "&lt;5" in body
    # No bare count 1-4 in any numeric cell.
    import re

    cells = re.findall(r'nhsuk-table__cell--numeric">([^<]*)<', body)
    assert cells and all(cell.strip() not in {"1", "2", "3", "4"} for cell in cells)


def test_fixed_number_of_queries(service, clinician, staff_client):
    client = staff_client(clinician)
    seed(service, clinician, programmes=1, per_programme=2)
    with count_queries() as small:
        assert client.get(URL).status_code == 200
    seed(service, clinician, programmes=4, per_programme=6)
    with count_queries() as large:
        body = client.get(URL).content.decode()
    assert len(large) == len(small)
    assert "PMP 3" in body


def test_the_researcher_sees_aggregates_and_a_link_to_their_export(service, researcher, staff_client):
    body = staff_client(researcher).get(URL).content.decode()
    assert "How small numbers are hidden" in body
    assert reverse("insights:research-export") in body


def test_clinicians_get_no_export_link_on_the_dashboard(service, clinician, staff_client):
    assert reverse("insights:research-export") not in staff_client(clinician).get(URL).content.decode()
