from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "followon.network"
    label = "network"
    verbose_name = "Network of groups"
