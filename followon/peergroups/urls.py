from django.urls import path

from followon.peergroups import views

app_name = "peergroups"

urlpatterns = [
    # Staff
    path("staff/groups/", views.staff_list, name="staff-list"),
    path("staff/groups/<uuid:public_id>/", views.staff_detail, name="staff-detail"),
    path("staff/groups/<uuid:public_id>/status/", views.staff_status, name="staff-status"),
    path("staff/groups/<uuid:public_id>/members/<uuid:membership_id>/remove/", views.staff_remove, name="staff-remove"),
    path("staff/programmes/<uuid:programme_id>/groups/new/", views.staff_new, name="staff-new"),
    # Members
    path("my/groups/", views.my_groups, name="my-groups"),
    path("my/groups/<uuid:public_id>/", views.my_group, name="member-detail"),
    path("my/groups/<uuid:public_id>/invitation/", views.my_group_respond, name="member-respond"),
    path("my/groups/<uuid:public_id>/join/", views.my_group_join, name="member-join"),
    path("my/groups/<uuid:public_id>/roles/", views.my_group_role, name="member-role"),
    path("my/groups/<uuid:public_id>/roles/step-down/", views.my_group_role_end, name="member-role-end"),
    path("my/groups/<uuid:public_id>/leave/", views.my_group_leave, name="member-leave"),
    path("my/groups/<uuid:public_id>/status/", views.my_group_status, name="member-status"),
    path(
        "my/groups/<uuid:public_id>/members/<uuid:membership_id>/remove/", views.my_group_remove, name="member-remove"
    ),
]
