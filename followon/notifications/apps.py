from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "followon.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from followon.core import worker_hooks
        from followon.notifications import checks  # noqa: F401 - registers the system checks
        from followon.notifications.sweep import outbox_sweep

        worker_hooks.register(outbox_sweep)
