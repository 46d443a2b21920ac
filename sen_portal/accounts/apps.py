from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sen_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and teams"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sen_portal.accounts.sessions import mark_refreshed_at_sign_in

        user_logged_in.connect(mark_refreshed_at_sign_in, dispatch_uid="idle_refreshed_at_sign_in")
