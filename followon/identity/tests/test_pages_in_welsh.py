"""The service admin's CIS2 links page in Welsh (issue 18, ADR 0027): linked, invited and not linked
staff, under /cy/, with no English sentence left; the link email follows the page's words."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from followon.core.tests.english import english_sentences
from followon.identity.tests.test_staff_links import invite

pytestmark = pytest.mark.django_db


def test_the_staff_links_page_is_welsh(staff_client, service_admin, clinician, make_staff, service):
    invite(staff_client, service_admin, clinician)
    make_staff(service, "ptv", preferred_name="Pat Tutor")
    with translation.override("cy"):
        url = reverse("identity:staff-links")
    response = staff_client(service_admin).get(url)
    body = response.content.decode()
    assert response.status_code == 200 and '<html lang="cy"' in body
    assert english_sentences(body, "cy") == []
    body = html.unescape(body)
    assert "Mewngofnodi staff gyda CIS2" in body and "Dolen wedi'i hanfon, yn gweithio tan" in body
    assert "Heb ei gysylltu" in body
