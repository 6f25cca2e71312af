"""What every staff page costs before its own work (issue 16: pages near the framework floor).

@staff_required reads the person's active staff roles once; the MFA gate asks the same question of
those rows (`request.staff_roles_held`) instead of a query of its own, including whether they have an
authenticator app (a column the gate asked to be read with the roles; ADR 0036).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followon.organisations.models import StaffRole


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def test_a_staff_page_reads_the_staff_roles_once(staff_client, clinician):
    response, queries = _queries(staff_client(clinician), reverse("home:staff-home"))
    assert response.status_code == 200
    role_table = f'"{StaffRole._meta.db_table}"'
    assert sum(1 for sql in queries if f"FROM {role_table}" in sql) == 1
    # The session with its user (accounts/sessions.py), the roles with their services and the MFA
    # gate's "has an authenticator app" (core.staff_gates reads, ADR 0036), the queue counts.
    assert len(queries) == 3


def test_the_gate_still_sends_staff_without_an_authenticator_to_set_one_up(client, clinician):
    client.force_login(clinician)
    response = client.get(reverse("home:staff-home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_someone_whose_role_has_ended_is_refused(staff_client, clinician):
    client = staff_client(clinician)
    StaffRole.objects.filter(user=clinician).update(is_active=False)
    assert client.get(reverse("home:staff-home")).status_code == 403


def test_an_authenticator_removed_counts_on_the_next_request(staff_client, clinician):
    """The MFA gate's "has an authenticator app" is read with the roles on every request (ADR 0036)."""
    from allauth.mfa.models import Authenticator

    client = staff_client(clinician)
    assert client.get(reverse("home:staff-home")).status_code == 200
    Authenticator.objects.filter(user=clinician).delete()
    response = client.get(reverse("home:staff-home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
