from django.urls import path

from followon.selfcare import views

app_name = "selfcare"

urlpatterns = [
    # Members: their own tools
    path("my/plans/", views.hub, name="hub"),
    path("my/goals/new/", views.goal_new, name="goal-new"),
    path("my/goals/<uuid:public_id>/", views.goal_detail, name="goal-detail"),
    path("my/goals/<uuid:public_id>/edit/", views.goal_edit, name="goal-edit"),
    path("my/goals/<uuid:public_id>/progress/", views.goal_progress, name="goal-progress"),
    path("my/goals/<uuid:public_id>/steps/", views.goal_step_add, name="goal-step-add"),
    path("my/goals/<uuid:public_id>/steps/<int:step_id>/", views.goal_step_toggle, name="goal-step-toggle"),
    path("my/goals/<uuid:public_id>/sharing/", views.goal_sharing, name="goal-sharing"),
    path("my/pacing/new/", views.pacing_new, name="pacing-new"),
    path("my/pacing/<uuid:public_id>/", views.pacing_detail, name="pacing-detail"),
    path("my/pacing/<uuid:public_id>/sharing/", views.pacing_sharing, name="pacing-sharing"),
    path("my/setback-plan/", views.setback_plan, name="setback"),
    path("my/setback-plan/edit/", views.setback_edit, name="setback-edit"),
    path("my/setback-plan/print/", views.setback_print, name="setback-print"),
    path("my/setback-plan/send/", views.setback_send, name="setback-send"),
    path("my/check-in/", views.checkin, name="checkin"),
    path("my/check-in/texts/", views.checkin_texts, name="checkin-texts"),
    path("my/techniques/", views.techniques_list, name="techniques"),
    path("my/techniques/<slug:slug>/", views.technique_detail, name="technique"),
    # Members of a group: what its members chose to share
    path("my/groups/<uuid:public_id>/shared-goals/", views.group_shared, name="group-shared"),
    # Service admins: the technique library
    path("staff/techniques/", views.staff_techniques, name="staff-techniques"),
    path("staff/techniques/<slug:slug>/", views.staff_technique_edit, name="staff-technique-edit"),
    path("staff/techniques/<slug:slug>/reset/", views.staff_technique_reset, name="staff-technique-reset"),
]
