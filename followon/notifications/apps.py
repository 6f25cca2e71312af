from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "followon.notifications"
    label = "notifications"
    verbose_name = "Notifications"
