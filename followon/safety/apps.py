from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "followon.safety"
    label = "safety"

    def ready(self):
        from django.db.models.signals import post_save

        from followon.core import worker_hooks
        from followon.notifications.models import InboundSms
        from followon.safety import services

        worker_hooks.register(services.escalations_job)

        def on_inbound(sender, instance, update_fields=None, **kwargs):
            # The notifications app replies to HELP with the crisis signposting (its wording); we
            # add the queue item. The routed outcome is saved with update_fields containing "outcome".
            if update_fields and "outcome" in update_fields and instance.outcome == InboundSms.Outcome.HELP:
                services.help_text_received(inbound=instance)

        post_save.connect(on_inbound, sender=InboundSms, dispatch_uid="safety-help-text", weak=False)
