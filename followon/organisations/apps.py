from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "followon.organisations"
    label = "organisations"
    verbose_name = "Pain services"
