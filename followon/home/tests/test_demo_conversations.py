import pytest

from followon.conversations.models import Post
from followon.home.demo import load_demo_data
from followon.safety.models import ConcernItem, DutyShift
from followon.safety.selectors import duty_clinicians

pytestmark = pytest.mark.django_db


def test_demo_has_a_board_an_open_item_and_a_clinician_on_duty():
    service = load_demo_data()["service"]
    load_demo_data()  # idempotent
    assert Post.objects.filter(group__service=service, group__name="Tuesday walking group").count() == 5
    items = ConcernItem.objects.filter(service=service).exclude(state="closed")
    # The flagged post is "really low this week and I feel like a burden to everyone" (burdensomeness, a concern).
    # 2026.12.28 rated it concern; 2026.12.29 (phase 28) rated it urgent, the cost ADR 0010 names ("Phase 28 adopted":
    # about a quarter of concern messages page the duty clinician); 2026.12.34 (phase 33) rates it concern again
    # ("Phase 33 adopted"). Pinned exactly.
    assert items.count() == 1 and items.get().level == "concern"
    assert DutyShift.objects.filter(service=service).count() == 1
    assert [u.email for u in duty_clinicians(service)] == ["clinician@demo.followon.test"]
