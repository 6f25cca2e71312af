from django.urls import path

from followon.meetings import views

app_name = "meetings"

urlpatterns = [
    path("my/groups/<uuid:public_id>/meetings/", views.group_meetings, name="group"),
    path("my/groups/<uuid:public_id>/polls/new/", views.poll_new, name="poll-new"),
    path("my/groups/<uuid:public_id>/polls/new/pattern/", views.poll_new_pattern, name="poll-new-pattern"),
    path("my/groups/<uuid:public_id>/meetings/plan/", views.meeting_new, name="meeting-new"),
    path("my/groups/<uuid:public_id>/venues/new/", views.venue_new, name="venue-new"),
    path("my/groups/<uuid:public_id>/meetings/settings/", views.plan_edit, name="plan"),
    path("my/polls/<uuid:public_id>/", views.poll_detail, name="poll"),
    path("my/polls/<uuid:public_id>/confirm/", views.poll_confirm, name="poll-confirm"),
    path("my/meetings/<uuid:public_id>/", views.meeting_detail, name="meeting"),
    path("my/meetings/<uuid:public_id>/rsvp/", views.meeting_rsvp, name="rsvp"),
    path("my/meetings/<uuid:public_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("my/meetings/<uuid:public_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("my/meetings/<uuid:public_id>/handover/", views.meeting_handover, name="handover"),
    path("my/meetings/<uuid:public_id>/take/", views.meeting_take, name="take"),
    path("my/meetings/<uuid:public_id>/meeting.ics", views.meeting_ics, name="ics"),
    path("my/calendar/", views.my_calendar, name="my-calendar"),
    path("m/<token:token>/", views.poll_link, name="poll-link"),
    path("calendar/<token:token>.ics", views.feed, name="feed"),
    path("my/groups/<uuid:public_id>/meetings/new/", views.member_meeting_record, name="record-member"),
    path("staff/groups/<uuid:public_id>/meetings/new/", views.staff_meeting_record, name="record-staff"),
    path("staff/venues/", views.staff_venues, name="staff-venues"),
    path("staff/venues/new/", views.staff_venue_edit, name="staff-venue-new"),
    path("staff/venues/<uuid:public_id>/", views.staff_venue_edit, name="staff-venue"),
]
