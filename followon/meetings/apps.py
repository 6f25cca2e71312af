from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "followon.meetings"
    label = "meetings"

    def ready(self):
        from followon.accounts.selectors import MY_ACCOUNT_SECTIONS_HOOK
        from followon.core import hooks
        from followon.meetings import selectors, services
        from followon.notifications.registry import (
            register_daily_job,
            register_reminder_guard,
            register_reply_handler,
        )
        from followon.peergroups.selectors import FORMATION_MEETING_HOOK, NEXT_MEETING_HOOK, RECENT_MEETINGS_HOOK

        # The groups app asks for the facts about meetings it shows and acts on (core.hooks).
        hooks.register(FORMATION_MEETING_HOOK, selectors.group_formation_meeting)
        hooks.register(RECENT_MEETINGS_HOOK, selectors.group_recent_meetings)
        hooks.register(NEXT_MEETING_HOOK, selectors.group_next_meeting)
        hooks.register(MY_ACCOUNT_SECTIONS_HOOK, selectors.my_account_calendar_section)
        register_reply_handler("meeting_rsvp", services.rsvp_by_sms)
        register_reply_handler("meeting_attendance", services.attendance_by_sms)
        register_daily_job("meetings-daily", services.meetings_daily, hour=7)
        register_reminder_guard("meeting:", services.meeting_reminder_still_needed)
        register_reminder_guard("poll:", services.poll_reminder_still_needed)
