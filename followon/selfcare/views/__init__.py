"""Pages for the self-management tools. Members see only their own records; a group sees only
what its members shared with it; staff see none of it (they edit the technique library)."""

from followon.selfcare.views.checkins import (
    checkin,
    checkin_texts,
)
from followon.selfcare.views.common import (
    hub,
)
from followon.selfcare.views.goals import (
    goal_detail,
    goal_edit,
    goal_new,
    goal_progress,
    goal_sharing,
    goal_step_add,
    goal_step_toggle,
    goal_url,
)
from followon.selfcare.views.pacing import (
    pacing_detail,
    pacing_new,
    pacing_sharing,
)
from followon.selfcare.views.setback import (
    setback_edit,
    setback_plan,
    setback_print,
    setback_send,
)
from followon.selfcare.views.techniques import (
    group_shared,
    staff_technique_edit,
    staff_technique_reset,
    staff_techniques,
    technique_detail,
    techniques_list,
)

__all__ = [
    "checkin",
    "checkin_texts",
    "goal_detail",
    "goal_edit",
    "goal_new",
    "goal_progress",
    "goal_sharing",
    "goal_step_add",
    "goal_step_toggle",
    "goal_url",
    "group_shared",
    "hub",
    "pacing_detail",
    "pacing_new",
    "pacing_sharing",
    "setback_edit",
    "setback_plan",
    "setback_print",
    "setback_send",
    "staff_technique_edit",
    "staff_technique_reset",
    "staff_techniques",
    "technique_detail",
    "techniques_list",
]
