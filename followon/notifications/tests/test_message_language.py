"""Texts in the member's language where their service offers it and the translation is reviewed (ADR 0027)."""

import pytest

from followon.notifications import services

pytestmark = pytest.mark.django_db


def _started_text(member, service, key):
    return services.message_enqueue(
        template="notifications/started",
        context={},
        idempotency_key=key,
        channel="sms",
        to_address=member.mobile,
        recipient=member,
        service=service,
    ).body


def test_texts_follow_the_preference_only_where_the_service_offers_a_reviewed_language(tasks, texter, service):
    texter.language = "cy"
    texter.save()
    assert _started_text(texter, service, "k-en").startswith("FollowOn: you will get texts")
    service.message_languages = ["cy", "ur"]
    service.save()
    assert _started_text(texter, service, "k-cy").startswith("FollowOn: byddwch yn cael negeseuon testun")
    texter.language = "ur"
    texter.save()
    # Urdu awaits a qualified translator's review: English, even though the service lists it.
    assert _started_text(texter, service, "k-ur").startswith("FollowOn: you will get texts")
    # No service (a sign-in code): English.
    texter.language = "cy"
    texter.save()
    assert _started_text(texter, None, "k-none").startswith("FollowOn: you will get texts")
