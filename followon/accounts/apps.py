from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "followon.accounts"
    label = "accounts"
    verbose_name = "Accounts"
