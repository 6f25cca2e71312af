from django.urls import path

from followon.notifications import views

app_name = "notifications"

urlpatterns = [
    path("callbacks/notify/delivery-receipt", views.notify_delivery_receipt, name="notify-delivery-receipt"),
    path("callbacks/notify/received-text", views.notify_received_text, name="notify-received-text"),
    path("staff/messages/failed/", views.staff_failed_messages, name="staff-failed"),
    path("staff/messages/failed/<uuid:public_id>/retry/", views.staff_message_retry, name="staff-retry"),
    path("staff/messages/replies/", views.staff_replies, name="staff-replies"),
    path("staff/messages/text-lengths/", views.staff_text_lengths, name="staff-text-lengths"),
    path("account/how-we-contact-you/", views.member_preferences, name="preferences"),
]
