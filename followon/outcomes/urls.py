from django.urls import path

from followon.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("questionnaire/<token:token>/", views.answer_by_link, name="answer_by_link"),
    # One link per member per timepoint: the list, and each questionnaire in it (ADR 0017).
    path("questionnaires/<token:token>/", views.set_by_link, name="set_by_link"),
    path("questionnaires/<token:token>/<slug:questionnaire_id>/", views.set_answer, name="set_answer"),
    path("my/questionnaires/<uuid:public_id>/", views.answer_signed_in, name="answer"),
]
