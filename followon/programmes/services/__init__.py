"""Writes for programmes: courses and sessions, enrolment, the hand-over
protocol, interest answers, single-purpose member links and the consented
contact exchange.

Each function takes keyword arguments, checks what it needs, changes state in
one transaction, writes its audit event and enqueues its messages. Views
check the caller's role and scope (service, member) before calling.

One module per sub-topic (courses, protocol, enrolment, interest, contacts, prompts, uploads);
every public name is importable from this package, as before the split."""

from followon.programmes.services.common import (
    LINK_VALID_FOR,
    MAX_LENGTH,
    MAX_SESSIONS,
    MIN_LENGTH,
    MIN_SESSIONS,
)
from followon.programmes.services.contacts import (
    contact_notice_ensure,
    contact_sharing_set,
    contact_sharing_stop,
)
from followon.programmes.services.courses import (
    programme_create,
    programme_update,
    session_move,
)
from followon.programmes.services.enrolment import (
    enrolment_accept_invitation,
    enrolment_add,
    enrolment_invite,
    enrolment_withdraw,
    enrolments_forget,
)
from followon.programmes.services.interest import (
    INTEREST_QUESTION_KIND,
    SMS_INTEREST_REPLIES,
    interest_by_sms,
    interest_question_send,
    interest_record,
    member_link_issue,
    member_link_used,
)
from followon.programmes.services.prompts import (
    PROMPT_FROM_HOUR,
    protocol_prompts_job,
    protocol_prompts_send,
)
from followon.programmes.services.protocol import (
    information_sheet_ensure,
    information_sheet_update,
    protocol_step_mark,
    protocol_steps_tick,
    protocol_template_ensure,
    protocol_template_step_delete,
    protocol_template_step_save,
)
from followon.programmes.services.uploads import (
    UPLOAD_VALID_FOR,
    upload_confirm,
    upload_discard,
    upload_preview_create,
)

__all__ = [
    "INTEREST_QUESTION_KIND",
    "LINK_VALID_FOR",
    "MAX_LENGTH",
    "MAX_SESSIONS",
    "MIN_LENGTH",
    "MIN_SESSIONS",
    "PROMPT_FROM_HOUR",
    "SMS_INTEREST_REPLIES",
    "UPLOAD_VALID_FOR",
    "contact_notice_ensure",
    "contact_sharing_set",
    "contact_sharing_stop",
    "enrolment_accept_invitation",
    "enrolment_add",
    "enrolment_invite",
    "enrolment_withdraw",
    "enrolments_forget",
    "information_sheet_ensure",
    "information_sheet_update",
    "interest_by_sms",
    "interest_question_send",
    "interest_record",
    "member_link_issue",
    "member_link_used",
    "programme_create",
    "programme_update",
    "protocol_prompts_job",
    "protocol_prompts_send",
    "protocol_step_mark",
    "protocol_steps_tick",
    "protocol_template_ensure",
    "protocol_template_step_delete",
    "protocol_template_step_save",
    "session_move",
    "upload_confirm",
    "upload_discard",
    "upload_preview_create",
]
