from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "followon.network"
    label = "network"
    verbose_name = "Network of groups"

    def ready(self):
        from followon.network.services import EVENT_RSVP_KIND, event_rsvp_by_sms
        from followon.notifications.registry import register_reply_handler

        register_reply_handler(EVENT_RSVP_KIND, event_rsvp_by_sms)
