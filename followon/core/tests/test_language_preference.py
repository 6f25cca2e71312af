"""A signed-in person's language choice: stored by the toggle, used for their texts where offered (ADR 0027)."""

import pytest

from followon.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(service):
    return UserFactory(preferred_name="Megan", mobile="+447700900123")


def test_the_toggle_stores_a_signed_in_persons_choice_and_shows_the_same_page(client, member):
    client.force_login(member)
    page = client.get("/need-help-now/").content.decode()
    assert 'name="language" value="cy"' in page
    response = client.post("/my-account/language/", {"language": "cy", "next": "/cy/need-help-now/"})
    assert response.status_code == 302
    assert response["Location"] == "/cy/need-help-now/"
    member.refresh_from_db()
    assert member.language == "cy"
    client.post("/cy/my-account/language/", {"language": "en-gb", "next": "/need-help-now/"})
    member.refresh_from_db()
    assert member.language == "en"


def test_the_toggle_refuses_an_unknown_language_and_an_outside_address(client, member):
    client.force_login(member)
    assert client.post("/my-account/language/", {"language": "xx", "next": "/"}).status_code == 400
    response = client.post("/my-account/language/", {"language": "cy", "next": "https://example.com/"})
    assert response["Location"] == "/cy/"


def test_the_toggle_needs_sign_in_and_post(client, member):
    assert client.post("/my-account/language/", {"language": "cy"})["Location"].startswith("/sign-in/")
    client.force_login(member)
    assert client.get("/my-account/language/").status_code == 405
