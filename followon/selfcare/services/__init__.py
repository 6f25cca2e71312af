"""Writes for the self-management tools. Keyword-only, one transaction each, audited without content.

Nothing here is visible to staff: audit events name the action and the record's
public id, never what the member wrote."""

# Reads the services use, importable from here as before the split.
from followon.selfcare.selectors import london_today, week_start
from followon.selfcare.services.checkin_texts import (
    checkin_text_due,
    checkin_text_reply,
    checkin_text_send,
    checkin_texts_job,
    checkin_texts_send,
    checkin_texts_set,
    parse_checkin_text,
)
from followon.selfcare.services.checkins import (
    checkin_submit,
)
from followon.selfcare.services.common import (
    CHECKIN_HINT,
    CHECKIN_KIND,
    CHECKIN_QUESTION_DAYS,
    GOAL_CHECK_KIND,
    GOAL_CHECK_WEEKDAY,
    MAX_STEPS,
    REPLY_OUTCOMES,
    SMS_FREE_TEXT_LIMIT,
    WEB_FREE_TEXT_LIMIT,
)
from followon.selfcare.services.goal_checks import (
    goal_check_due,
    goal_check_reply,
    goal_check_send,
    goal_checks_job,
    goal_checks_send,
)
from followon.selfcare.services.goals import (
    activity_shares_set,
    goal_create,
    goal_progress_record,
    goal_shares_set,
    goal_step_add,
    goal_step_toggle,
    goal_update,
)
from followon.selfcare.services.pacing import (
    pacing_activity_create,
    pacing_log_add,
)
from followon.selfcare.services.setback import (
    setback_plan_save,
    setback_plan_send,
)
from followon.selfcare.services.techniques import (
    technique_page_reset,
    technique_page_save,
)

__all__ = [
    "london_today",
    "week_start",
    "CHECKIN_HINT",
    "CHECKIN_KIND",
    "CHECKIN_QUESTION_DAYS",
    "GOAL_CHECK_KIND",
    "GOAL_CHECK_WEEKDAY",
    "MAX_STEPS",
    "REPLY_OUTCOMES",
    "SMS_FREE_TEXT_LIMIT",
    "WEB_FREE_TEXT_LIMIT",
    "activity_shares_set",
    "checkin_submit",
    "checkin_text_due",
    "checkin_text_reply",
    "checkin_text_send",
    "checkin_texts_job",
    "checkin_texts_send",
    "checkin_texts_set",
    "goal_check_due",
    "goal_check_reply",
    "goal_check_send",
    "goal_checks_job",
    "goal_checks_send",
    "goal_create",
    "goal_progress_record",
    "goal_shares_set",
    "goal_step_add",
    "goal_step_toggle",
    "goal_update",
    "pacing_activity_create",
    "pacing_log_add",
    "parse_checkin_text",
    "setback_plan_save",
    "setback_plan_send",
    "technique_page_reset",
    "technique_page_save",
]
