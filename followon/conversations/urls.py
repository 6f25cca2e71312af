from django.urls import path

from followon.conversations import views

app_name = "conversations"

base = "my/groups/<uuid:public_id>/board/"
urlpatterns = [
    path(base, views.board, name="board"),
    path(base + "agreement/", views.agreement, name="agreement"),
    path(base + "agreement/accept/", views.agreement_accept, name="agreement-accept"),
    path(base + "message-check/accept/", views.notice_accept, name="notice-accept"),
    path(base + "posts/<uuid:post_id>/reply/", views.reply, name="reply"),
    path(base + "posts/<uuid:post_id>/edit/", views.edit, name="edit"),
    path(base + "posts/<uuid:post_id>/delete/", views.delete, name="delete"),
    path(base + "posts/<uuid:post_id>/report/", views.report, name="report"),
    path(base + "posts/<uuid:post_id>/hide/", views.hide, name="hide"),
    path(base + "posts/<uuid:post_id>/support/", views.support, name="support"),
]
