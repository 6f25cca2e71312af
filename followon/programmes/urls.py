from django.urls import path

from followon.programmes import views

app_name = "programmes"

urlpatterns = [
    # Staff
    path("staff/programmes/", views.staff_list, name="staff-list"),
    path("staff/programmes/new/", views.staff_create, name="staff-create"),
    path("staff/programmes/<uuid:public_id>/", views.staff_detail, name="staff-detail"),
    path("staff/programmes/<uuid:public_id>/edit/", views.staff_edit, name="staff-edit"),
    path("staff/programmes/<uuid:public_id>/sessions/", views.staff_sessions, name="staff-sessions"),
    path(
        "staff/programmes/<uuid:public_id>/sessions/<int:number>/",
        views.staff_session_move,
        name="staff-session-move",
    ),
    path(
        "staff/programmes/<uuid:public_id>/protocol/<uuid:step_id>/",
        views.staff_protocol_step,
        name="staff-protocol-step",
    ),
    path("staff/programmes/<uuid:public_id>/interest/send/", views.staff_interest_send, name="staff-interest-send"),
    path("staff/programmes/<uuid:public_id>/participants/invite/", views.staff_invite, name="staff-invite"),
    path("staff/programmes/<uuid:public_id>/participants/upload/", views.staff_upload, name="staff-upload"),
    path(
        "staff/programmes/<uuid:public_id>/participants/upload/<uuid:upload_id>/",
        views.staff_upload_preview,
        name="staff-upload-preview",
    ),
    path(
        "staff/programmes/<uuid:public_id>/participants/<uuid:enrolment_id>/withdraw/",
        views.staff_withdraw,
        name="staff-withdraw",
    ),
    # Service admin
    path("staff/protocol/", views.admin_protocol, name="admin-protocol"),
    path("staff/protocol/add/", views.admin_protocol_step, name="admin-protocol-add"),
    path("staff/protocol/<uuid:step_id>/", views.admin_protocol_step, name="admin-protocol-step"),
    path("staff/protocol/<uuid:step_id>/remove/", views.admin_protocol_step_delete, name="admin-protocol-delete"),
    path("staff/information-sheet/", views.admin_information_sheet, name="admin-information-sheet"),
    # Members
    path("my/programmes/", views.my_programmes, name="my-programmes"),
    path("my/programmes/<uuid:public_id>/", views.my_programme, name="my-programme"),
    path("my/programmes/<uuid:public_id>/follow-on-group/", views.my_interest, name="my-interest"),
    path("my/programmes/<uuid:public_id>/contacts/", views.my_contacts, name="my-contacts"),
    path("my/programmes/<uuid:public_id>/contacts/sharing/", views.my_contact_sharing, name="my-contact-sharing"),
    # The follow-on group question from a text message link: no sign-in.
    path("q/<token:token>/", views.interest_link, name="interest-link"),
]
