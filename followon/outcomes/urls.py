from django.urls import path

from followon.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("questionnaire/<str:token>/", views.answer_by_link, name="answer_by_link"),
    path("my/questionnaires/<uuid:public_id>/", views.answer_signed_in, name="answer"),
]
