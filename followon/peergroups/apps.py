from django.apps import AppConfig


class PeergroupsConfig(AppConfig):
    name = "followon.peergroups"
    label = "peergroups"

    def ready(self):
        from followon.peergroups import receivers  # noqa: F401 - connects the signal receivers
