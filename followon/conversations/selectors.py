"""Reads for group boards. Only current members of the group ever get a board (never staff)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext, gettext_noop

from followon.accounts.models import User
from followon.accounts.selectors import safety_notice_accepted
from followon.conversations.models import AgreementAcceptance, GroupAgreement, Post
from followon.core.prepared import PreparedQuery
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup

# The suggested agreement: stored in English (the msgid); shown in the page's language while a group
# has not changed it (agreement_text).
DEFAULT_AGREEMENT = gettext_noop("""\
What is said in the group stays in the group. We do not share each other's stories, names or posts outside it.

We are kind. We listen, we do not judge, and we take turns. Everyone's pain is real.

We have fun. Our meetings and this board are for company, laughs and plans as well as pain.

We are not a moaning shop. It is fine to have a bad day and say so, and we try to leave each other feeling a bit \
better, not worse.

If we are worried about someone, we say so kindly, and we use "Raise a concern" so the pain service can check in. In \
an emergency we call 999.

We can change this agreement together at any time.""")


def board_group(user, public_id) -> PeerGroup:
    """A group whose board this user may read: they are a current member now. Else DoesNotExist."""
    return (
        PeerGroup.objects.filter(
            public_id=public_id, memberships__user=user, memberships__status=GroupMembership.Status.MEMBER
        )
        .select_related("service")
        .distinct()
        .get()
    )


_BOARD_PAGE_GROUP = PreparedQuery(
    lambda user_id, public_id: (
        PeerGroup.objects.filter(
            Exists(
                GroupMembership.objects.filter(
                    group_id=OuterRef("pk"), user_id=user_id, status=GroupMembership.Status.MEMBER
                )
            ),
            public_id=public_id,
        )
        .select_related("service", "agreement")
        .annotate(
            viewer_agreed=Exists(AgreementAcceptance.objects.filter(group_id=OuterRef("pk"), user_id=user_id)),
            viewer_organises=Exists(
                GroupRole.objects.filter(
                    group_id=OuterRef("pk"), user_id=user_id, role__in=GroupRole.ORGANISER_ROLES, ended_at__isnull=True
                )
            ),
        )
    ),
    user_id=int,
    public_id=uuid.UUID,
)


def board_page_group(user, public_id) -> PeerGroup:
    """`board_group` (the same rule: a current member now, else DoesNotExist) with what the board page
    needs of the viewer read in the same query: `viewer_agreed` (`agreement_accepted`),
    `viewer_organises` (peergroups' `is_group_organiser`: a current coordinator or organiser role) and
    the group's agreement if it has one (`board_page_agreement`). Its SQL is built once per process
    (core.prepared)."""
    return _BOARD_PAGE_GROUP.get(user_id=user.pk, public_id=public_id)


def agreement_for(group: PeerGroup) -> GroupAgreement:
    found = GroupAgreement.objects.filter(group=group).first()
    return found or GroupAgreement(group=group, body=DEFAULT_AGREEMENT, version=0)


def board_page_agreement(group: PeerGroup) -> GroupAgreement:
    """`agreement_for` a group read by `board_page_group`, which joined its agreement: no query."""
    found = getattr(group, "agreement", None)  # None when the join found none
    return found or GroupAgreement(group=group, body=DEFAULT_AGREEMENT, version=0)


def agreement_text(agreement: GroupAgreement) -> str:
    """The agreement's words to show: the suggested agreement in the page's language while the group
    has not changed it, otherwise exactly what the group wrote."""
    if agreement.body == DEFAULT_AGREEMENT:
        return gettext(DEFAULT_AGREEMENT)
    return agreement.body


def agreement_accepted(group: PeerGroup, user) -> bool:
    return AgreementAcceptance.objects.filter(group=group, user=user).exists()


def may_post(group: PeerGroup, user) -> bool:
    return (
        group.is_open
        and group.memberships.filter(user=user, status=GroupMembership.Status.MEMBER).exists()
        and safety_notice_accepted(user, group.service)
        and agreement_accepted(group, user)
    )


def _visible(user, *, organiser: bool = False):
    """Posts the group sees, plus the viewer's own held posts (only they see them waiting);
    coordinators also see the posts they hid, so that they can show them again."""
    shown = Q(hidden_at__isnull=True, held_for_review=False) | Q(author_id=getattr(user, "pk", user))
    if organiser:
        shown |= Q(hidden_at__isnull=False, held_for_review=False)
    return Q(deleted_at__isnull=True) & shown


# What the board shows of each post (conversations.presenters.BoardPost): values, not model objects.
BOARD_POST_FIELDS = (
    "id",
    "public_id",
    "author_id",
    "author_name",
    "body",
    "source",
    "created_at",
    "edited_at",
    "screen_level",
    "held_for_review",
    "hidden_at",
)


def _on_board(group_id, user_id, organiser: bool):
    # The author's name by a subquery rather than a join: PostgreSQL then looks it up for the rows
    # shown only, after the sort and limit, where a join hashed every member of the service first.
    return (
        Post.objects.filter(group_id=group_id)
        .filter(_visible(user_id, organiser=organiser))
        .annotate(
            author_name=Subquery(User.objects.filter(pk=OuterRef("author_id")).order_by().values("preferred_name")[:1])
        )
    )


# The board's two reads, the same SQL on every request for a viewer kind (member or organiser) and page
# size: built once per process (core.prepared, ADR 0032). The replies are asked for the posts shown by
# id, as a list of `limit` parameters, the unused ones given NO_POST (no post has that id), so the SQL
# has one shape whatever the number of posts shown.
NO_POST = -1
_BOARD_READS: dict[tuple[bool, int], tuple[PreparedQuery, PreparedQuery]] = {}


def _board_reads(organiser: bool, limit: int) -> tuple[PreparedQuery, PreparedQuery]:
    reads = _BOARD_READS.get((organiser, limit))
    if reads is None:
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= 200:
            raise ValueError(f"a board shows 1 to 200 posts at a time, not {limit!r}")
        shown = [f"post{n}" for n in range(limit)]
        posts = PreparedQuery(
            lambda group_id, user_id: (
                _on_board(group_id, user_id, organiser)
                .filter(parent__isnull=True)
                .order_by("-created_at", "-id")
                .values(*BOARD_POST_FIELDS)[:limit]
            ),
            group_id=int,
            user_id=int,
        )
        replies = PreparedQuery(
            lambda group_id, user_id, **ids: (
                _on_board(group_id, user_id, organiser)
                .filter(parent_id__in=[ids[name] for name in shown])
                .order_by("created_at", "id")
                .values("parent_id", *BOARD_POST_FIELDS)
            ),
            group_id=int,
            user_id=int,
            **dict.fromkeys(shown, int),
        )
        reads = _BOARD_READS[(organiser, limit)] = (posts, replies)
    return reads


def board_post_rows(group: PeerGroup, user, *, limit: int = 50, organiser: bool = False) -> list[dict]:
    """Top-level posts newest first, each with `replies` oldest first, as dicts of BOARD_POST_FIELDS:
    the posts `_visible` allows (the group's; the viewer's own held posts; for organisers, the posts
    they hid), in two queries however many there are. Values rather than model objects: the board
    shows a few columns of up to 50 posts and their replies (issue 16)."""
    posts_read, replies_read = _board_reads(bool(organiser), limit)
    posts = posts_read.list(group_id=group, user_id=user)
    by_id = {post["id"]: post for post in posts}
    for post in posts:
        post["replies"] = []
    if by_id:
        ids = [*by_id, *[NO_POST] * (limit - len(by_id))]
        replies = replies_read.list(group_id=group, user_id=user, **{f"post{n}": i for n, i in enumerate(ids)})
        for reply in replies:
            by_id[reply.pop("parent_id")]["replies"].append(reply)
    return posts


def post_for_member(group: PeerGroup, user, public_id) -> Post:
    return (
        Post.objects.filter(group=group)
        .filter(_visible(user))
        .select_related("author", "group")
        .get(public_id=public_id)
    )


def post_for_organiser(group: PeerGroup, public_id) -> Post:
    """Coordinators also reach posts they hid (to show them again)."""
    return Post.objects.filter(group=group, deleted_at__isnull=True).select_related("author").get(public_id=public_id)


def hidden_posts(group: PeerGroup):
    return Post.objects.filter(group=group, deleted_at__isnull=True, hidden_at__isnull=False).select_related("author")


def post_with_context(post: Post, *, before: int, within_days: int) -> list[Post]:
    """`post` and at most `before` earlier posts **by the same author** on the same board from the
    `within_days` days before it, oldest first: what the duty clinician sees of a flagged post
    (safety's CONTEXT_POSTS_HOOK; what members are told: core/board_privacy.py, ADR 0019). Never
    another member's post."""
    earlier = list(
        Post.objects.filter(
            group_id=post.group_id,
            author_id=post.author_id,
            deleted_at__isnull=True,
            created_at__lt=post.created_at,
            created_at__gte=post.created_at - dt.timedelta(days=within_days),
        )
        .select_related("author")
        .order_by("-created_at", "-id")[:before]
    )
    return [*reversed(earlier), post]
