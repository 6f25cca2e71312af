"""The notices now say what the duty clinician sees (ADR 0019): migration accounts/0004 publishes the new
standard wording as a new version for services still on the old standard text, members are asked again
before their next post, and a service's own wording is kept (its admin is prompted)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from followon.accounts.models import ConsentKind, ConsentNotice, ConsentRecord
from followon.accounts.notices import DEFAULT_NOTICES
from followon.accounts.selectors import current_notice, member_has_current_consent, safety_notice_accepted
from followon.accounts.services import consent_record
from followon.conversations.models import Post
from followon.conversations.tests.factories import add_member
from followon.core import board_privacy
from followon.core.models import AuditEvent
from followon.core.tests.markup import visible_text
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("followon.accounts.migrations.0004_notices_say_what_the_clinician_sees")
SAFETY, PRIVACY = ConsentKind.SAFETY_SCREEN.value, ConsentKind.PRIVACY.value


def old_notices(service, *, own_safety_text: str = ""):
    """Version 1 of each notice as services had them before: the old standard text (or their own)."""
    for kind, (title, body) in DEFAULT_NOTICES.items():
        if kind.value in MIGRATION.OLD:
            body = own_safety_text if (own_safety_text and kind.value == SAFETY) else MIGRATION.OLD[kind.value]
        ConsentNotice.objects.create(service=service, kind=kind.value, version=1, title=title, body=body)


@pytest.fixture
def group(service):
    old_notices(service)
    return PeerGroup.objects.create(service=service, name="Tuesday walking group", status=PeerGroup.Status.ACTIVE)


@pytest.fixture
def maggie(group, service):
    user = add_member(group, preferred_name="Maggie")  # agreed to the safety notice, version 1
    consent_record(user=user, service=service, kind=PRIVACY, decision=ConsentRecord.Decision.GIVEN)
    return user


def test_the_migration_publishes_todays_standard_wording():
    """If the standard wording changes again, a new migration must publish it (this one stays as it was)."""
    for kind, (title, body) in MIGRATION.NEW.items():
        assert (title, body) == DEFAULT_NOTICES[ConsentKind(kind)]
        assert board_privacy.CLINICIAN_SEES in " ".join(body.split())


def test_member_under_the_old_notice_is_asked_again_before_posting(client, service, group, maggie):
    MIGRATION.publish_new_wording(apps, None)
    safety = current_notice(service, SAFETY)
    assert (safety.version, safety.requires_new_agreement, safety.body) == (2, True, DEFAULT_NOTICES[SAFETY][1])
    assert AuditEvent.objects.filter(action="consent_notice.published", target_id=str(safety.public_id)).exists()
    assert not safety_notice_accepted(maggie, service)

    client.force_login(maggie)
    board = reverse("conversations:board", args=[group.public_id])
    page = visible_text(client.get(board).content.decode())
    assert "We have changed this notice since you last agreed to it" in page
    assert board_privacy.CLINICIAN_SEES in page
    client.post(board, {"body": "Morning all"})
    assert not Post.objects.exists()

    # Agreeing to what was on the page records the new version; then the post goes on.
    client.post(reverse("conversations:notice-accept", args=[group.public_id]), {"version": "2"})
    record = ConsentRecord.objects.get(user=maggie, kind=SAFETY, is_current=True)
    assert (record.version, record.notice) == (2, safety)
    client.post(board, {"body": "Morning all"})
    assert Post.objects.filter(author=maggie).count() == 1


def test_agreeing_to_a_version_that_has_since_changed_records_nothing(client, service, group, maggie):
    MIGRATION.publish_new_wording(apps, None)
    client.force_login(maggie)
    response = client.post(reverse("conversations:notice-accept", args=[group.public_id]), {"version": "1"})
    assert response.status_code == 302
    assert ConsentRecord.objects.get(user=maggie, kind=SAFETY, is_current=True).version == 1
    assert not safety_notice_accepted(maggie, service)


def test_privacy_is_corrected_without_taking_anyones_agreement_away(service, group, maggie):
    MIGRATION.publish_new_wording(apps, None)
    privacy = current_notice(service, PRIVACY)
    assert (privacy.version, privacy.requires_new_agreement) == (2, False)
    assert member_has_current_consent(maggie, service, PRIVACY)


def test_a_service_that_wrote_its_own_words_keeps_them_and_its_admin_is_prompted(
    client, staff_client, other_service, make_staff
):
    own = "Our own words about the message check."
    old_notices(other_service, own_safety_text=own)
    MIGRATION.publish_new_wording(apps, None)
    assert current_notice(other_service, SAFETY).version == 1  # untouched
    assert current_notice(other_service, PRIVACY).version == 2  # still the old standard text: updated
    MIGRATION.publish_new_wording(apps, None)  # running it again changes nothing
    assert ConsentNotice.objects.filter(service=other_service).count() == len(DEFAULT_NOTICES) + 1

    # Its members are still told, in FollowOn's words, before their first post.
    group = PeerGroup.objects.create(service=other_service, name="Fridays", status=PeerGroup.Status.ACTIVE)
    newcomer = add_member(group, ready=False)
    client.force_login(newcomer)
    page = visible_text(client.get(reverse("conversations:board", args=[group.public_id])).content.decode())
    assert own in page and board_privacy.CLINICIAN_SEES in page

    admin = make_staff(other_service, "service_admin")
    notices = visible_text(staff_client(admin).get(reverse("accounts:notice-list")).content.decode())
    assert "Say what the duty clinician sees" in notices
    assert "group message safety screen does not say what the duty clinician sees" in notices


def test_a_new_service_gets_the_new_wording_as_version_1_and_no_prompt(staff_client, service_admin, service):
    from followon.accounts.services import consent_notices_ensure

    consent_notices_ensure(service=service)
    assert current_notice(service, SAFETY).body == DEFAULT_NOTICES[SAFETY][1]
    page = visible_text(staff_client(service_admin).get(reverse("accounts:notice-list")).content.decode())
    assert "Say what the duty clinician sees" not in page


def test_a_member_who_texts_the_group_under_the_old_notice_is_told_why_it_is_not_on_the_board(service, group, maggie):
    import uuid

    from django.utils import timezone

    from followon.conversations import receivers
    from followon.notifications.models import InboundSms, OutboundMessage
    from followon.notifications.services import inbound_sms_receive

    receivers.register()
    MIGRATION.publish_new_wording(apps, None)
    inbound, _ = inbound_sms_receive(
        notify_id=str(uuid.uuid4()), source_number=maggie.mobile, message="Morning all", received_at=timezone.now()
    )
    assert inbound.outcome == InboundSms.Outcome.FOR_STAFF and not Post.objects.exists()
    reply = OutboundMessage.objects.get(template="conversations/sms_not_posted", recipient=maggie)
    assert reply.channel == "sms" and "has not gone on the Tuesday walking group board" in reply.body
    assert "sign in to FollowOn and open your group's board" in reply.body
