from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "followon.meetings"
    label = "meetings"

    def ready(self):
        from followon.meetings import services
        from followon.notifications.registry import (
            register_daily_job,
            register_reminder_guard,
            register_reply_handler,
        )

        register_reply_handler("meeting_rsvp", services.rsvp_by_sms)
        register_reply_handler("meeting_attendance", services.attendance_by_sms)
        register_daily_job("meetings-daily", services.meetings_daily, hour=7)
        register_reminder_guard("meeting:", services.meeting_reminder_still_needed)
        register_reminder_guard("poll:", services.poll_reminder_still_needed)
