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
        # Texts taken as answers to a question; those passed on (board, staff) are screened there.
        ANSWER_OUTCOMES = {
            InboundSms.Outcome.ANSWERED,
            InboundSms.Outcome.INVALID_REPLY,
            InboundSms.Outcome.HANDLER_ERROR,
        }

        def on_inbound(sender, instance, update_fields=None, **kwargs):
            # The notifications app replies to HELP with the crisis signposting (its wording); we
            # add the queue item. The routed outcome is saved with update_fields containing "outcome".
            if not update_fields or "outcome" not in update_fields:
                return
            if instance.outcome == InboundSms.Outcome.HELP:
                services.help_text_received(inbound=instance)
            elif instance.outcome in ANSWER_OUTCOMES:
                services.answer_text_screened(inbound=instance)

        post_save.connect(on_inbound, sender=InboundSms, dispatch_uid="safety-help-text", weak=False)
