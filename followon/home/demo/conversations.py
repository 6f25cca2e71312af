"""Demo board for `make run`: a few posts in the Tuesday walking group (the demo group member's
group), one of them flagged so the demo service's queue has one open item, and a duty rota with
the demo clinician on duty for the coming week. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.selectors import safety_notice_accepted
from followon.accounts.services import consent_record
from followon.conversations import services
from followon.conversations.models import Post
from followon.peergroups.models import PeerGroup
from followon.peergroups.selectors import group_current_members
from followon.safety.models import DutyShift

_POSTS = [
    (0, "Morning all! Lovely walk on Tuesday, the sun even came out for us. Same time next week?", None),
    (1, "Count me in. My knees grumbled on the hill but it was worth it for the cake.", 0),
    (2, "Has anyone tried the pacing app the physio mentioned? My flare-ups are a bit better with it.", None),
    (1, "Honestly I have been really low this week and I feel like a burden to everyone.", None),
    (0, "Sending you a hug. You're not a burden. Fancy a coffee before the walk on Tuesday?", 3),
]


def load_board_demo(*, service, clinician) -> None:
    now = timezone.now()
    if not DutyShift.objects.filter(service=service, clinician=clinician, ends_at__gt=now).exists():
        start = now.replace(minute=0, second=0, microsecond=0)
        DutyShift.objects.create(
            service=service, clinician=clinician, starts_at=start, ends_at=start + dt.timedelta(days=7)
        )
    group = PeerGroup.objects.filter(service=service, name="Tuesday walking group").first()
    if group is None or Post.objects.filter(group=group).exists():
        return
    members = list(group_current_members(group))[:3]
    if len(members) < 2:
        return
    for user in members:
        if not safety_notice_accepted(user, service):
            consent_record(
                user=user, service=service, kind=ConsentKind.SAFETY_SCREEN, decision=ConsentRecord.Decision.GIVEN
            )
        services.agreement_accept(group=group, user=user)
    created: list[Post] = []
    for author_index, body, parent_index in _POSTS:
        author = members[author_index % len(members)]
        parent = created[parent_index] if parent_index is not None else None
        outcome = services.post_create(group=group, author=author, body=body, parent=parent)
        created.append(outcome.post)
