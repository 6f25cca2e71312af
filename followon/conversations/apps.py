from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "followon.conversations"
    label = "conversations"

    def ready(self):
        from followon.conversations import receivers

        receivers.register()
