"""Every action the audit trail records, with the label staff read on the audit page.

`audit_record` refuses an action that is not here, so a typo cannot write an event nobody can find,
and a test checks that every action the code writes is listed. Add a new one here, in its group,
when a service starts recording it. The value is what is stored (never change a stored value: old
events keep it); the label may be reworded at any time.
"""

from django.db import models
from django.utils.translation import gettext


class AuditAction(models.TextChoices):
    # Account closure
    ACCOUNT_CLOSURE_COMPLETED = "account_closure.completed", "Account closure: completed"
    ACCOUNT_CLOSURE_REQUESTED = "account_closure.requested", "Account closure: requested"

    # Group board
    BOARD_AGREEMENT_ACCEPTED = "board.agreement_accepted", "Group board: agreement accepted"
    BOARD_AGREEMENT_UPDATED = "board.agreement_updated", "Group board: agreement updated"
    BOARD_POST_CREATED = "board.post_created", "Group board: post created"
    BOARD_POST_DELETED = "board.post_deleted", "Group board: post deleted"
    BOARD_POST_EDITED = "board.post_edited", "Group board: post edited"
    BOARD_POST_HIDDEN = "board.post_hidden", "Group board: post hidden"
    BOARD_POST_REPORTED = "board.post_reported", "Group board: post reported"
    BOARD_POST_SHOWN = "board.post_shown", "Group board: post shown"

    # Calendar link
    CALENDAR_FEED_ISSUED = "calendar_feed.issued", "Calendar link: issued"
    CALENDAR_FEED_REVOKED = "calendar_feed.revoked", "Calendar link: revoked"

    # Consent
    CONSENT_DECLINED = "consent.declined", "Consent: did not agree"
    CONSENT_GIVEN = "consent.given", "Consent: agreed"
    CONSENT_WITHDRAWN = "consent.withdrawn", "Consent: withdrawn"

    # Consent notice
    CONSENT_NOTICE_PUBLISHED = "consent_notice.published", "Consent notice: published"

    # Contact sharing
    CONTACT_SHARING_CHANGED = "contact_sharing.changed", "Contact sharing: changed"

    # Programme place
    ENROLMENT_FORGOTTEN = "enrolment.forgotten", "Programme place: forgotten (account closed)"
    ENROLMENT_INVITED = "enrolment.invited", "Programme place: invited"
    ENROLMENT_JOINED = "enrolment.joined", "Programme place: joined"
    ENROLMENT_MERGED = "enrolment.merged", "Programme place: merged"
    ENROLMENT_WITHDRAWN = "enrolment.withdrawn", "Programme place: withdrawn"

    # Participant upload
    ENROLMENT_UPLOAD_CONFIRMED = "enrolment_upload.confirmed", "Participant upload: confirmed"
    ENROLMENT_UPLOAD_DISCARDED = "enrolment_upload.discarded", "Participant upload: discarded"
    ENROLMENT_UPLOAD_PREVIEWED = "enrolment_upload.previewed", "Participant upload: previewed"

    # Group
    GROUP_CREATED = "group.created", "Group: created"
    GROUP_INVITATION_DECLINED = "group.invitation_declined", "Group: invitation declined"
    GROUP_MEMBER_INVITED = "group.member_invited", "Group: member invited"
    GROUP_MEMBER_JOINED = "group.member_joined", "Group: member joined"
    GROUP_MEMBER_LEFT = "group.member_left", "Group: member left"
    GROUP_MEMBER_REMOVED = "group.member_removed", "Group: member removed (coordinator or service)"
    GROUP_REJOIN_REFUSED = "group.rejoin_refused", "Group: removed member's re-join stopped"
    GROUP_MEMBERSHIPS_ENDED = "group.memberships_ended", "Group: memberships ended (account closed)"
    GROUP_ROLE_ENDED = "group.role_ended", "Group: role ended"
    GROUP_ROLE_TAKEN = "group.role_taken", "Group: role taken"
    GROUP_ROLES_ROTATED = "group.roles_rotated", "Group: roles rotated"
    GROUP_STATUS_CHANGED = "group.status_changed", "Group: status changed"
    GROUP_SUPPORTER_DETACHED = "group.supporter_detached", "Group: supporter detached"
    GROUP_VIEWED = "group.viewed", "Group: viewed"

    # Information sheet
    INFORMATION_SHEET_UPDATED = "information_sheet.updated", "Information sheet: updated"

    # Insights
    INSIGHTS_GROUPS_IMPORTED = "insights.groups_imported", "Insights: historical groups imported"
    INSIGHTS_RESEARCH_EXPORT = "insights.research_export", "Insights: research export made"

    # Follow-on group question
    INTEREST_ANSWERED = "interest.answered", "Follow-on group question: answered"
    INTEREST_CHANGED = "interest.changed", "Follow-on group question: changed"

    # Invitation
    INVITATION_ACCEPTED = "invitation.accepted", "Invitation: accepted"
    INVITATION_CREATED = "invitation.created", "Invitation: created"
    INVITATION_RESENT = "invitation.resent", "Invitation: resent"
    INVITATION_REVOKED = "invitation.revoked", "Invitation: revoked"

    # Meeting
    MEETING_ATTENDANCE_ASKED = "meeting.attendance_asked", "Meeting: attendance asked"
    MEETING_ATTENDANCE_RECORDED = "meeting.attendance_recorded", "Meeting: attendance recorded"
    MEETING_CANCELLED = "meeting.cancelled", "Meeting: cancelled"
    MEETING_CREATED = "meeting.created", "Meeting: created"
    MEETING_HANDOVER_ASKED = "meeting.handover_asked", "Meeting: handover asked"
    MEETING_HANDOVER_TAKEN = "meeting.handover_taken", "Meeting: handover taken"
    MEETING_MOVED = "meeting.moved", "Meeting: moved"
    MEETING_PLAN_UPDATED = "meeting.plan_updated", "Meeting: plan updated"
    MEETING_RECORDED = "meeting.recorded", "Meeting: recorded"
    MEETING_RSVP = "meeting.rsvp", "Meeting: RSVP given"

    # Authenticator
    MFA_RECOVERY_CODES_ADDED = "mfa.recovery_codes_added", "Authenticator: recovery codes made"
    MFA_TOTP_ADDED = "mfa.totp_added", "Authenticator: authenticator app added"
    MFA_WEBAUTHN_ADDED = "mfa.webauthn_added", "Authenticator: security key added"

    # Member's data
    MY_DATA_DOWNLOADED = "my_data.downloaded", "Member's data: downloaded by the member"

    # Network
    NETWORK_EVENT_CREATED = "network.event_created", "Network: event created"
    NETWORK_EVENT_FEEDBACK = "network.event_feedback", "Network: event feedback"
    NETWORK_EVENT_RSVP = "network.event_rsvp", "Network: event RSVP given"
    NETWORK_GROUP_SUGGESTED = "network.group_suggested", "Network: group suggested"
    NETWORK_HELP_REQUESTED = "network.help_requested", "Network: help requested"
    NETWORK_JOIN_ACCEPTED = "network.join_accepted", "Network: join accepted"
    NETWORK_JOIN_DECLINED = "network.join_declined", "Network: join declined"
    NETWORK_JOIN_REQUESTED = "network.join_requested", "Network: join requested"
    NETWORK_JOIN_WITHDRAWN = "network.join_withdrawn", "Network: join withdrawn"
    NETWORK_LISTING_UPDATED = "network.listing_updated", "Network: listing updated"
    NETWORK_SETTINGS_UPDATED = "network.settings_updated", "Network: settings updated"
    NETWORK_SUPPORT_OFFERED = "network.support_offered", "Network: support offered"

    # Message
    NOTIFICATION_FAILED = "notification.failed", "Message: failed"
    NOTIFICATION_RETRIED = "notification.retried", "Message: retried"

    # Messages
    NOTIFICATIONS_PREFERENCES_CHANGED = "notifications.preferences_changed", "Messages: preferences changed"
    NOTIFICATIONS_REPLIES_VIEWED = "notifications.replies_viewed", "Messages: members' replies viewed"
    NOTIFICATIONS_SMS_STARTED = "notifications.sms_started", "Messages: texts turned on (START)"
    NOTIFICATIONS_SMS_STOPPED = "notifications.sms_stopped", "Messages: texts turned off (STOP)"
    NOTIFICATIONS_TOPIC_MUTED = "notifications.topic_muted", "Messages: topic muted"
    NOTIFICATIONS_TOPIC_UNMUTED = "notifications.topic_unmuted", "Messages: topic unmuted"

    # Questionnaires
    OUTCOMES_INVITATION_CREATED = "outcomes.invitation_created", "Questionnaires: invitation created"
    OUTCOMES_QUESTIONNAIRE_SET_CREATED = (
        "outcomes.questionnaire_set_created",
        "Questionnaires: questionnaire set created",
    )
    OUTCOMES_RESPONSE_COMPLETED = "outcomes.response_completed", "Questionnaires: response completed"

    # Poll
    POLL_ANSWERED = "poll.answered", "Poll: answered"
    POLL_CONFIRMED = "poll.confirmed", "Poll: confirmed"
    POLL_CREATED = "poll.created", "Poll: created"

    # Programme
    PROGRAMME_CREATED = "programme.created", "Programme: created"
    PROGRAMME_INTEREST_QUESTION_SENT = "programme.interest_question_sent", "Programme: follow-on group question sent"
    PROGRAMME_ROSTER_VIEWED = "programme.roster_viewed", "Programme: participant list viewed"
    PROGRAMME_SESSION_MOVED = "programme.session_moved", "Programme: session moved"
    PROGRAMME_UPDATED = "programme.updated", "Programme: updated"

    # Hand-over step
    PROTOCOL_STEP_DONE = "protocol_step.done", "Hand-over step: done"
    PROTOCOL_STEP_REOPENED = "protocol_step.reopened", "Hand-over step: reopened"

    # Hand-over template
    PROTOCOL_TEMPLATE_DELETED = "protocol_template.deleted", "Hand-over template: deleted"
    PROTOCOL_TEMPLATE_SAVED = "protocol_template.saved", "Hand-over template: saved"

    # Safety
    SAFETY_DUTY_SHIFT_ADDED = "safety.duty_shift_added", "Safety: duty shift added"
    SAFETY_DUTY_SHIFT_REMOVED = "safety.duty_shift_removed", "Safety: duty shift removed"
    SAFETY_ITEM_ACKNOWLEDGED = "safety.item_acknowledged", "Safety: item acknowledged"
    SAFETY_ITEM_ACTIONED = "safety.item_actioned", "Safety: item actioned"
    SAFETY_ITEM_CLOSED = "safety.item_closed", "Safety: item closed"
    SAFETY_ITEM_ESCALATED = "safety.item_escalated", "Safety: item escalated"
    SAFETY_ITEM_RAISED = "safety.item_raised", "Safety: item raised"
    SAFETY_ITEM_VIEWED = "safety.item_viewed", "Safety: item viewed"
    SAFETY_SETTINGS_UPDATED = "safety.settings_updated", "Safety: settings updated"

    # Self-management
    SELFCARE_CHECKIN = "selfcare.checkin", "Self-management: check-in recorded"
    SELFCARE_CHECKIN_CHANGED = "selfcare.checkin_changed", "Self-management: check-in changed"
    SELFCARE_CHECKIN_TEXTS_SET = "selfcare.checkin_texts_set", "Self-management: check-in texts changed"
    SELFCARE_GOAL_CREATED = "selfcare.goal_created", "Self-management: goal created"
    SELFCARE_GOAL_PROGRESS = "selfcare.goal_progress", "Self-management: goal progress recorded"
    SELFCARE_GOAL_SHARING_CHANGED = "selfcare.goal_sharing_changed", "Self-management: goal sharing changed"
    SELFCARE_GOAL_UPDATED = "selfcare.goal_updated", "Self-management: goal updated"
    SELFCARE_PACING_CREATED = "selfcare.pacing_created", "Self-management: pacing activity created"
    SELFCARE_PACING_LOGGED = "selfcare.pacing_logged", "Self-management: pacing logged"
    SELFCARE_PACING_SHARING_CHANGED = "selfcare.pacing_sharing_changed", "Self-management: pacing sharing changed"
    SELFCARE_SETBACK_SAVED = "selfcare.setback_saved", "Self-management: set-back plan saved"
    SELFCARE_SETBACK_SENT = "selfcare.setback_sent", "Self-management: set-back plan sent"
    SELFCARE_TECHNIQUE_RESET = "selfcare.technique_reset", "Self-management: technique reset"
    SELFCARE_TECHNIQUE_SAVED = "selfcare.technique_saved", "Self-management: technique saved"

    # National sign-in (NHS login, CIS2)
    NATIONAL_IDENTITY_LINKED = "national_identity.linked", "National sign-in: identity linked"
    NATIONAL_IDENTITY_UNLINKED = "national_identity.unlinked", "National sign-in: identity unlinked"
    NATIONAL_SIGN_IN_LEVEL_TOO_LOW = "national_sign_in.level_too_low", "National sign-in: identity level too low"
    NATIONAL_SIGN_IN_NOT_LINKED = "national_sign_in.not_linked", "National sign-in: identity not linked to an account"
    NATIONAL_SIGN_IN_REFUSED = "national_sign_in.refused", "National sign-in: response refused (tampered or invalid)"
    NATIONAL_SIGN_IN_SUCCEEDED = "national_sign_in.succeeded", "National sign-in: signed in"
    STAFF_SERVICE_SWITCHED = "staff.service_switched", "Staff: switched to working in another service"
    STAFF_IDENTITY_INVITATION_CREATED = "staff_identity_invitation.created", "CIS2 link: sent to a staff member"
    STAFF_IDENTITY_INVITATION_REVOKED = "staff_identity_invitation.revoked", "CIS2 link: cancelled"

    # Retention
    RETENTION_APPLIED = "retention.applied", "Retention: records past their period deleted or anonymised"

    # Sign-in
    SIGN_IN_CODE_ATTEMPTS_EXCEEDED = "sign_in.code_attempts_exceeded", "Sign-in: too many wrong codes"
    SIGN_IN_LOCKED_OUT = "sign_in.locked_out", "Sign-in: locked out"

    # Venue
    VENUE_CHANGED = "venue.changed", "Venue: changed"
    VENUE_CREATED = "venue.created", "Venue: created"


def action_label(action: str) -> str:
    """The human label of a stored action in the active language (core/audit_labels.py marks the labels
    for translation); the action itself for one no longer listed."""
    try:
        return gettext(AuditAction(action).label)
    except ValueError:
        return action
