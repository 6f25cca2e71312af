"""A message the screen cannot read (mostly not English) is unscreened with the reason "language" (H-014)."""

import pytest

from followon.safety.language import LANGUAGE_REASON, mostly_not_english
from followon.safety.models import ConcernItem
from followon.safety.services import screen_and_route

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Dw i ddim eisiau byw rhagor",  # Welsh
        "مجھے اب جینے کی خواہش نہیں ہے",  # Urdu
        "Nie chcę już dłużej żyć, nie mam siły na nic",  # Polish
    ],
)
def test_a_message_mostly_not_in_english_goes_to_the_queue_unscreened(member, service, text):
    assert mostly_not_english(text)
    result, item = screen_and_route(member=member, service=service, text=text, source="free_text", source_ref=text)
    assert result.level.value == "unscreened"
    assert result.error == "language"
    assert item is not None
    assert item.level == ConcernItem.Level.UNSCREENED
    assert item.reasons == (LANGUAGE_REASON,)


@pytest.mark.parametrize("text", ["See you on Tuesday", "Great walk, lovely weather", "Thanks all, it was a good week"])
def test_ordinary_english_is_screened_as_before(member, service, text):
    assert not mostly_not_english(text)
    result, item = screen_and_route(member=member, service=service, text=text, source="free_text", source_ref=text)
    assert result.level.value == "none"
    assert item is None


def test_english_that_the_screen_flags_keeps_its_own_level(member, service):
    text = "I want to end my life tonight"
    result, item = screen_and_route(member=member, service=service, text=text, source="free_text", source_ref="x")
    assert result.level.value == "urgent"
    assert LANGUAGE_REASON not in item.reasons
