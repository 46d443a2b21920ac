from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sen_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and teams"
