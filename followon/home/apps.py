from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The composition app, at the top of the layers (docs/architecture.md): the member and staff
    home pages and the demo data, which draw on every other app. Nothing imports it."""

    name = "followon.home"
    label = "home"
    verbose_name = "Home pages"
