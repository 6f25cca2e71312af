from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "followon.outcomes"
    label = "outcomes"

    def ready(self):
        from followon.notifications.registry import register_reminder_context, register_reminder_guard
        from followon.outcomes import receivers, services  # noqa: F401 - receivers connect the signal receivers

        register_reminder_guard("questionnaire:", services.reminder_still_needed)
        register_reminder_context("questionnaire:", services.invitation_link_context)
        # One message per member per timepoint for a whole questionnaire set (ADR 0017).
        register_reminder_guard(services.SET_KEY, services.questionnaire_set_still_needed)
        register_reminder_context(services.SET_KEY, services.questionnaire_set_link_context)
