"""Invitations in the person's language (issue 18, ADR 0027): staff choose it from English and the
languages the service offers for messages; the text or email and its link are in it where the outbox's
rules allow (never a language in review); accepting makes it the new member's preference."""

import re

import pytest
from django.urls import reverse

from followon.accounts import services
from followon.accounts.models import Invitation, User
from followon.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/(?:cy/|pl/|ur/)?invitations/[^\s/]+/)")


def _link(message) -> str:
    return LINK.search(message.body).group(1)


def _offer(service, *codes):
    service.message_languages = list(codes)
    service.save()


def _invite(staff_client, clinician, **data):
    return staff_client(clinician).post(
        reverse("accounts:invitation-new"),
        {"preferred_name": "Maggie", "channel": "sms", "mobile": "07700 900123", "email": "", **data},
    )


def test_the_form_asks_only_when_the_service_offers_another_language(staff_client, clinician, service):
    page = staff_client(clinician).get(reverse("accounts:invitation-new")).content.decode()
    assert "Which language should the invitation be in?" not in page
    _offer(service, "cy")
    page = staff_client(clinician).get(reverse("accounts:invitation-new")).content.decode()
    assert "Which language should the invitation be in?" in page
    radios = [tag for tag in re.findall(r"<input[^>]*>", page) if 'name="language"' in tag and "radio" in tag]
    assert [re.search(r'value="([^"]+)"', tag).group(1) for tag in radios] == ["en", "cy"]
    assert "Cymraeg (Welsh)" in page
    # English is chosen unless staff choose otherwise.
    assert "checked" in radios[0] and "checked" not in radios[1]


def test_without_a_choice_the_invitation_is_english(staff_client, clinician, service, outbox):
    _offer(service, "cy")
    missing = _invite(staff_client, clinician)
    assert missing.status_code == 200 and "Select which language the invitation should be in" in (
        missing.content.decode()
    )
    assert not Invitation.objects.exists()
    assert _invite(staff_client, clinician, language="en").status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.language == "en"
    message = outbox("invitation")[-1]
    assert message.body.startswith("Hello Maggie,") and _link(message).startswith("/invitations/")


def test_a_welsh_invitation_is_written_in_welsh_with_a_welsh_link(staff_client, clinician, service, outbox):
    _offer(service, "cy")
    assert _invite(staff_client, clinician, language="cy").status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.language == "cy"
    text = outbox("invitation")[-1]
    assert text.body.startswith("Helo Maggie,") and "you" not in text.body.split()
    assert _link(text).startswith("/cy/invitations/")
    # By email too, with a Welsh subject.
    services.invitation_create(
        service=service, invited_by=clinician, preferred_name="Sam", email="sam@example.test", language="cy"
    )
    email = outbox("invitation")[-1]
    assert email.subject.endswith("yn eich gwahodd i FollowOn") and "Helo Sam," in email.body
    assert _link(email).startswith("/cy/invitations/")


def test_sending_again_keeps_the_language(staff_client, clinician, service, outbox):
    _offer(service, "cy")
    _invite(staff_client, clinician, language="cy")
    invitation = Invitation.objects.get()
    staff_client(clinician).post(reverse("accounts:invitation-resend", args=[invitation.public_id]))
    again = outbox("invitation")[-1]
    assert len(outbox("invitation")) == 2
    assert again.body.startswith("Helo Maggie,") and _link(again).startswith("/cy/invitations/")


def test_a_language_the_service_does_not_offer_is_refused(staff_client, clinician, service):
    _offer(service, "cy")
    response = _invite(staff_client, clinician, language="pl")
    body = response.content.decode()
    assert response.status_code == 200 and "Select which language the invitation should be in" in body
    assert "Maggie" in body and "07700 900123" in body  # nothing typed is lost
    assert not Invitation.objects.exists()
    with pytest.raises(ValueError):
        services.invitation_create(
            service=service, invited_by=clinician, preferred_name="M", mobile="07700 900124", language="pl"
        )


def test_a_language_in_review_is_never_used_for_the_message(staff_client, clinician, service, outbox, client):
    # Polish awaits a qualified translator's review (its catalogue has fuzzy entries).
    _offer(service, "cy", "pl")
    page = staff_client(clinician).get(reverse("accounts:invitation-new")).content.decode()
    assert "the invitation is sent in English" in page
    assert _invite(staff_client, clinician, language="pl").status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.language == "pl"
    message = outbox("invitation")[-1]
    assert message.body.startswith("Hello Maggie,")
    path = _link(message)
    assert path.startswith("/invitations/")
    # Accepting still records the language staff chose: it is the person's, and their texts follow
    # it once it is reviewed.
    staff_client(clinician).logout()
    client.post(path)
    assert User.objects.get(mobile="+447700900123").language == "pl"


def test_the_welsh_link_opens_the_welsh_page_and_accepting_sets_the_preference(
    staff_client, clinician, service, outbox, client
):
    _offer(service, "cy")
    _invite(staff_client, clinician, language="cy")
    path = _link(outbox("invitation")[-1])
    staff_client(clinician).logout()
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert '<html lang="cy"' in body and "wedi eich gwahodd" in body
    response = client.post(path)
    assert response.status_code == 302 and response.url.startswith("/cy/")
    member = User.objects.get(mobile="+447700900123")
    assert member.language == "cy"
    # They can change it.
    client.post(reverse("accounts:choose-language"), {"language": "en-gb", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"


def test_an_existing_account_keeps_its_own_preference(service, clinician, client, outbox):
    _offer(service, "cy")
    person = UserFactory(mobile="+447700900123", language="en")
    services.invitation_create(
        service=service, invited_by=clinician, preferred_name="Maggie", mobile="07700 900123", language="cy"
    )
    client.force_login(person)
    client.post(_link(outbox("invitation")[-1]))
    person.refresh_from_db()
    assert person.language == "en"
    assert person.service_memberships.filter(service=service).exists()
