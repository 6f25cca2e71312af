"""What the self-management services share: question kinds, limits and the member's service."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from followon.accounts.selectors import member_primary_service
from followon.selfcare.models import (
    GoalProgress,
)

GOAL_CHECK_KIND = "selfcare_goal_check"
# What a text reply means for a goal (the notifications app normalises DONE, PARTLY and
# NOT THIS WEEK to YES, MAYBE and NO; the plain keywords work too).
REPLY_OUTCOMES = {
    "YES": GoalProgress.Outcome.DONE,
    "MAYBE": GoalProgress.Outcome.PARTLY,
    "NO": GoalProgress.Outcome.NOT_THIS_WEEK,
}
MAX_STEPS = 8
CHECKIN_KIND = "selfcare_checkin"
# Texted back when a check-in reply has no score: lazy, written in the member's message language with
# the reply (notifications ReplyNotUnderstood).
CHECKIN_HINT = gettext_lazy("Reply with a number from 0 to 10, like 6.")
# The weekly goal check goes out on Mondays (the daily job does nothing on other days).
GOAL_CHECK_WEEKDAY = 0
CHECKIN_QUESTION_DAYS = 3
WEB_FREE_TEXT_LIMIT = 300
SMS_FREE_TEXT_LIMIT = 1000


def _member_service(user):

    return member_primary_service(user)
