"""The accounts pages in Welsh (issue 18, ADR 0027): each page under /cy/, as the person who uses it,
with realistic data so optional sections show, has no English sentence left. The consent notices'
titles and words are the service's own text (versioned, what members agree to) and stay as written."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from followon.accounts import services
from followon.accounts.models import ConsentKind, ConsentNotice, ConsentRecord, Invitation
from followon.core.tests.english import english_sentences

pytestmark = pytest.mark.django_db


def _cy(name, *args) -> str:
    with translation.override("cy"):
        return reverse(name, args=args)


def _sentences(*texts) -> frozenset[str]:
    found = set()
    for text in texts:
        for chunk in re.split(r"[\n.?!:;·]+", text):
            found.add(" ".join(chunk.split()))
    return frozenset(found)


def _notices(service) -> frozenset[str]:
    return _sentences(
        *[text for notice in ConsentNotice.objects.filter(service=service) for text in (notice.title, notice.body)]
    )


def _welsh(client, url, allowed=frozenset(), status=200, **post):
    response = client.post(url, post) if post else client.get(url)
    assert response.status_code == status, url
    body = response.content.decode()
    assert '<html lang="cy"' in body, url
    # A notice's English title also reaches the browser tab's <title> and the staff list's "<title>,
    # published ...", where no element can mark it as English: a sentence that starts with one is data.
    titles = tuple(ConsentNotice.objects.values_list("title", flat=True).distinct())
    left = [s for s in english_sentences(body, "cy", allowed) if not (allowed and s.startswith(titles))]
    assert left == [], url
    assert "&lt;p&gt;" not in body and "&lt;strong&gt;" not in body, url  # markup shown as text
    return html.unescape(body)


def test_a_members_account_pages_are_welsh(client, service, enrolled_member):
    services.consent_record(
        user=enrolled_member, service=service, kind=ConsentKind.PRIVACY, decision=ConsentRecord.Decision.GIVEN
    )
    services.consent_record(
        user=enrolled_member, service=service, kind=ConsentKind.RESEARCH, decision=ConsentRecord.Decision.DECLINED
    )
    client.force_login(enrolled_member)
    notices = _notices(service)
    body = _welsh(client, _cy("accounts:my-account"))
    assert "Eich cyfrif" in body and "Gwasanaeth poen" in body
    # Each card's heading and description once (a translated value given to the card as a bare string
    # is Markup, which the NHS.UK macro shows twice).
    assert body.count("Eich dewisiadau") == 1 and body.count("Gweld a lawrlwytho popeth") == 1
    body = _welsh(client, _cy("accounts:choices"), notices)
    assert "Rydych chi wedi cytuno" in body and "Wnaethoch chi ddim cytuno" in body and "Heb ateb eto" in body
    decide = _cy("accounts:consent-decide", service.public_id, "privacy")
    body = _welsh(client, decide, notices)
    assert "Rydych chi wedi cytuno i hyn" in body
    # A blank answer: the error in Welsh, on the same page.
    body = _welsh(client, _cy("accounts:consent-decide", service.public_id, "contact-sharing"), notices, decision="")
    assert "Dewiswch ydw os ydych chi" in body
    _welsh(client, _cy("accounts:my-data"))
    body = _welsh(client, _cy("accounts:close-account"))
    assert "Mae cau'r cyfrif yn dod i rym ar unwaith" in body
    response = client.post(_cy("accounts:close-account"), {"reason": "Moving away"}, follow=True)
    assert "gwasanaeth poen gau eich cyfrif" in response.content.decode()
    body = _welsh(client, _cy("accounts:my-account"))
    assert "Gwnaethoch chi ofyn i" in body
    body = _welsh(client, _cy("accounts:close-account"))
    assert "Rydych chi eisoes wedi gofyn" in body


@pytest.mark.parametrize("reason", ["unknown", "expired", "accepted", "revoked", "signed_in_as_other", "sign_in_first"])
def test_every_unusable_invitation_page_is_welsh(client, service, clinician, member, outbox, reason):
    invitation = services.invitation_create(
        service=service, invited_by=clinician, preferred_name="Maggie", mobile="07700 900123"
    )
    token = re.search(r"/invitations/([^/\s]+)/", outbox("invitation")[-1].body).group(1)
    if reason == "unknown":
        token = "not-a-real-token-at-all-0000000000000000000"
    elif reason == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    elif reason == "accepted":
        services.invitation_accept(token=token)
    elif reason == "revoked":
        services.invitation_revoke(invitation=invitation, actor=clinician)
    elif reason == "signed_in_as_other":
        client.force_login(member)
    elif reason == "sign_in_first":
        member.mobile = "+447700900123"
        member.save()
    body = _welsh(client, _cy("accounts:invitation-accept", token), status=404 if reason == "unknown" else 200)
    assert "<h1>" in body


def test_the_invitation_page_is_welsh(client, service, clinician, outbox):
    services.invitation_create(service=service, invited_by=clinician, preferred_name="Maggie", mobile="07700 900123")
    token = re.search(r"/invitations/([^/\s]+)/", outbox("invitation")[-1].body).group(1)
    _welsh(client, _cy("accounts:invitation-accept", token))


def test_staff_invitation_pages_are_welsh(staff_client, service, clinician, outbox):
    service.message_languages = ["cy"]
    service.save()
    invitation = services.invitation_create(
        service=service, invited_by=clinician, preferred_name="Maggie", mobile="07700 900123", language="cy"
    )
    services.invitation_create(service=service, invited_by=clinician, preferred_name="Sam", email="sam@example.test")
    client = staff_client(clinician)
    body = _welsh(client, _cy("accounts:invitation-list"))
    assert "Gwahodd rhywun" in body
    body = _welsh(client, _cy("accounts:invitation-detail", invitation.public_id))
    assert "Cymraeg" in body
    body = _welsh(client, _cy("accounts:invitation-new"))
    assert "Cymraeg (Cymraeg)" not in body  # a language named once when both names are the same
    assert "Ym mha iaith ddylai" in body
    body = _welsh(client, _cy("accounts:invitation-new"), preferred_name="", channel="")
    assert "Rhowch" in body or "Dewiswch" in body


def test_staff_account_pages_are_welsh(staff_client, client, service, service_admin, enrolled_member):
    services.closure_request_create(user=enrolled_member, reason="Moving away")
    closure = enrolled_member.closure_requests.get()
    admin = staff_client(service_admin)
    notices = _notices(service)
    body = _welsh(admin, _cy("accounts:closure-list"))
    assert "Ceisiadau i gau cyfrifon" in body
    # The retention rule is stored with the request, in English, as the record of what was said.
    body = _welsh(
        admin, _cy("accounts:closure-detail", closure.public_id), _sentences("Moving away", closure.retention_rule)
    )
    assert "Rheol cadw" in body
    response = admin.post(_cy("accounts:closure-detail", closure.public_id), follow=True)
    assert "Mae'r cyfrif wedi'i gau." in html.unescape(response.content.decode())
    body = _welsh(admin, _cy("accounts:notice-list"), notices)
    assert "Hysbysiadau cydsynio" in body
    body = _welsh(admin, _cy("accounts:notice-edit", "privacy"), notices)
    assert "Cyhoeddi fersiwn newydd" in body
    admin.logout()
    body = _welsh(client, _cy("accounts:staff-sign-in"))
    assert "Mewngofnodi fel aelod o staff" in body
