from django.urls import path

from followon.network import views

app_name = "network"

urlpatterns = [
    # Members
    path("network/", views.directory, name="directory"),
    path("network/groups/<uuid:public_id>/", views.listing, name="listing"),
    path("network/groups/<uuid:public_id>/join/", views.join, name="join"),
    path("network/requests/<uuid:public_id>/withdraw/", views.join_withdraw, name="join-withdraw"),
    path("network/help/", views.help_request, name="help"),
    path("network/events/", views.my_events, name="my-events"),
    path("network/events/<uuid:public_id>/", views.my_event, name="my-event"),
    # Coordinators
    path("network/my-groups/<uuid:public_id>/listing/", views.group_listing, name="group-listing"),
    path("network/my-groups/<uuid:public_id>/requests/", views.group_requests, name="group-requests"),
    path("network/requests/<uuid:public_id>/decide/", views.request_decide, name="request-decide"),
    # Staff
    path("staff/network/settings/", views.staff_settings, name="staff-settings"),
    path("staff/network/help/", views.staff_help, name="staff-help"),
    path("staff/network/help/<uuid:public_id>/", views.staff_help_suggest, name="staff-help-suggest"),
    path("staff/network/support/", views.staff_support, name="staff-support"),
    path("staff/network/support/<uuid:public_id>/offer/", views.staff_offer, name="staff-offer"),
    path("staff/network/events/", views.staff_events, name="staff-events"),
    path("staff/network/events/new/", views.staff_event_new, name="staff-event-new"),
    path("staff/network/events/<uuid:public_id>/", views.staff_event, name="staff-event"),
]
