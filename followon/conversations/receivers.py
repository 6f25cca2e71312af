"""Hooks into the notifications app: free-text SMS from a member goes to their group's board
(screened first, like every post); their groups are topics they can mute."""

from __future__ import annotations

import logging

from django.utils.translation import gettext

logger = logging.getLogger(__name__)


def sms_to_board(*, user, inbound, service) -> bool:
    """The notifications fallback handler: screen every free-text SMS (the queue sees anything
    flagged, or unscreened if the screen failed), then put it on the member's group board if they
    are in exactly one group and have accepted the screen notice and the group agreement.
    Returns True if it reached the board; False leaves it for staff."""
    from followon.conversations import selectors, services
    from followon.peergroups.selectors import member_groups
    from followon.safety.services import screen_and_route

    groups = [g for g in member_groups(user) if g.is_open]
    group = groups[0] if len(groups) == 1 else None
    if group is None or not selectors.may_post(group, user):
        result = None
        if service is not None:
            result, _ = screen_and_route(
                member=user, service=service, text=inbound.body, source="sms", source_ref=f"inbound:{inbound.notify_id}"
            )
        if group is not None and user.mobile and not (result and result.flagged):
            _tell_not_posted(user, inbound, group)
        return False
    services.post_create(group=group, author=user, body=inbound.body, source="sms", sms_ref=inbound.notify_id)
    return True


def _tell_not_posted(user, inbound, group) -> None:
    """Their one group's board would have taken this text, but they have not agreed to the current
    message check notice (a new version asks everyone again, ADR 0019) or the group's agreement: say
    so, rather than let the text vanish. A flagged text is left to the duty clinician instead."""
    from followon.notifications.services import message_enqueue

    message_enqueue(
        template="conversations/sms_not_posted",
        context={"group_name": group.name[:40]},
        idempotency_key=f"inbound:{inbound.notify_id}:reply",
        channel="sms",
        to_address=user.mobile,
        recipient=user,
        service=group.service,
        essential=True,
    )


def group_topics(user) -> list[tuple[str, str]]:
    from followon.peergroups.selectors import member_groups

    return [
        (f"board:{g.public_id}", gettext("New posts on the %(group)s board") % {"group": g.name})
        for g in member_groups(user)
    ]


def register() -> None:
    from followon.conversations.selectors import post_with_context
    from followon.core import hooks
    from followon.notifications import registry
    from followon.safety.selectors import CONTEXT_POSTS_HOOK

    hooks.register(CONTEXT_POSTS_HOOK, post_with_context)
    registry.register_fallback_handler(sms_to_board)
    registry.register_topic_source(group_topics)
