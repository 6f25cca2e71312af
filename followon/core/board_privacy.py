"""What the duty clinician may see of a group's board, and the words that tell members so (ADR 0019).

"Safety net, not surveillance": staff never see group conversations beyond what the member was told.
The rule and the promise live here together, so they cannot drift apart:

- the queue (`safety.selectors.item_context_posts`) shows a flagged post with at most CONTEXT_POSTS
  earlier posts by the same author in that group from the CONTEXT_DAYS days before it; a post another
  member reported is shown alone; another member's post is never shown;
- the board, the safety-screen and privacy notices (`accounts/notices.py`), the privacy page and the
  queue item page say so in the words below.

Changing a number or a sentence here changes what members are told: publish the new notice text as a
new notice version (a data migration, as accounts/migrations/0004 does) so members agree again.
"""

from django.utils.translation import gettext_noop

CONTEXT_POSTS = 3
CONTEXT_DAYS = 7

# To a member, about their own posts (the notices and the step before a first post). The English
# words are catalogue ids (gettext_noop), shown translated on pages in another language with the
# numbers filled in (conversations/board.jinja); the constants below are the English, as before.
CLINICIAN_SEES_FLAGGED_WORDS = gettext_noop(
    "If the message check flags one of your posts, the duty clinician at your pain service sees that post "
    "and up to %(posts)s of your own posts in that group from the %(days)s days before it, "
    "so they can understand how you have been."
)
CLINICIAN_SEES_REPORTED = gettext_noop(
    "If another member reports one of your posts because they are worried, the clinician sees that post only."
)
CLINICIAN_NEVER_SEES = gettext_noop("The clinician never sees other members' posts.")
NUMBERS = {"posts": CONTEXT_POSTS, "days": CONTEXT_DAYS}
CLINICIAN_SEES_FLAGGED = CLINICIAN_SEES_FLAGGED_WORDS % NUMBERS
CLINICIAN_SEES = f"{CLINICIAN_SEES_FLAGGED} {CLINICIAN_SEES_REPORTED} {CLINICIAN_NEVER_SEES}"

# On the board, to everyone in the group.
BOARD_PROMISE = gettext_noop("Only the people in your group can read this board. Staff at your pain service cannot.")
BOARD_EXCEPTION_WORDS = gettext_noop(
    "The one exception: if the message check flags a post, or a member reports one, the duty clinician "
    "sees that post. For a flagged post they also see up to %(posts)s earlier posts by the same "
    "person in this group from the %(days)s days before it. They never see anyone else's posts."
)
BOARD_EXCEPTION = BOARD_EXCEPTION_WORDS % NUMBERS

# On the queue item page, to the clinician (catalogue ids, translated on the page with the numbers).
QUEUE_CONTEXT_EXPLAINED_WORDS = gettext_noop(
    "Earlier posts by this member in this group, at most %(posts)s from the %(days)s days "
    "before the flagged post, for context. Other members' posts are never shown."
)
QUEUE_CONTEXT_EXPLAINED = QUEUE_CONTEXT_EXPLAINED_WORDS % NUMBERS
QUEUE_REPORT_EXPLAINED = gettext_noop(
    "Another member reported this post, so you see this post only. Other members' posts are never shown."
)
