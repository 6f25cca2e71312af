from django.apps import AppConfig


class PeergroupsConfig(AppConfig):
    name = "followon.peergroups"
    label = "peergroups"
