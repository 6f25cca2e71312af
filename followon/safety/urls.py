from django.urls import path

from followon.safety import views

app_name = "safety"

urlpatterns = [
    path("my/concerns/new/", views.concern_new, name="concern-new"),
    path("my/concerns/contact-me/", views.contact_me, name="contact-me"),
    path("my/concerns/<uuid:public_id>/", views.concern_done, name="concern-done"),
    path("staff/safety/queue/", views.queue, name="queue"),
    path("staff/safety/queue/<uuid:public_id>/", views.item_detail, name="item"),
    path("staff/safety/queue/<uuid:public_id>/<slug:to_state>/", views.item_move, name="item-move"),
    path("staff/safety/rota/", views.rota, name="rota"),
    path("staff/safety/rota/<uuid:public_id>/remove/", views.shift_remove, name="shift-remove"),
]
