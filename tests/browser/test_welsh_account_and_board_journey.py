"""Issue 18 phase C (ADR 0027): a member invited in Welsh opens the Welsh link on a 375 px phone,
accepts, and finds their choices, account, contact preferences and group board in Welsh: each page
passes axe and reflows at 320 px, with no English sentence left (bar people's own words)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from followon.accounts import services as account_services
from followon.accounts.models import User
from followon.conversations import services as board_services
from followon.conversations.tests.factories import add_member, make_group
from followon.core.tests.english import english_sentences
from followon.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPT = "Derbyn y gwahoddiad"


def _cy(name, *args) -> str:
    with translation.override("cy"):
        return reverse(name, args=args)


def test_a_member_invited_in_welsh_finds_their_account_and_board_in_welsh(phone_375, service, clinician):
    service.message_languages = ["cy"]
    service.save()
    account_services.invitation_create(
        service=service, invited_by=clinician, preferred_name="Megan", mobile="07700 900 219", language="cy"
    )
    text = OutboundMessage.objects.get(template="invitation").body
    assert text.startswith("Helo Megan,")
    path = re.search(r"https?://[^/\s]+(/cy/invitations/[^\s]+/)", text).group(1)
    page = phone_375.page
    phone_375.visit(path)
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert english_sentences(page.content(), "cy") == []
    phone_375.screenshot_at(375, "invitation-cy")

    group = make_group(service, name="Grŵp cerdded dydd Mawrth")
    ravi = add_member(group, preferred_name="Ravi")
    board_services.post_create(group=group, author=ravi, body="Bore da bawb, pwy sy'n dod ddydd Mawrth?")
    page.get_by_role("button", name=ACCEPT).click()
    page.wait_for_load_state("load")
    phone_375.check_page("accepted-cy")
    assert "/cy/" in page.url
    megan = User.objects.get(mobile="+447700900219")
    assert megan.language == "cy"
    add_member(group, megan)
    for name, args, label in [
        ("accounts:choices", (), "choices-cy"),
        ("accounts:my-account", (), "my-account-cy"),
        ("notifications:preferences", (), "preferences-cy"),
        ("conversations:board", (group.public_id,), "board-cy"),
        ("conversations:agreement", (group.public_id,), "agreement-cy"),
    ]:
        phone_375.visit(_cy(name, *args))
        assert page.evaluate("document.documentElement.lang") == "cy"
        left = english_sentences(page.content(), "cy")
        if name == "accounts:choices":
            left = [s for s in left if not s.startswith(("How we use", "Keeping group", "Sharing your", "Using your"))]
        assert left == [], (label, left)
        phone_375.screenshot_at(375, label)
