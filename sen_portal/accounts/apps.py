from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sen_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and teams"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sen_portal.accounts.sessions import mark_refreshed_at_sign_in

        user_logged_in.connect(mark_refreshed_at_sign_in, dispatch_uid="idle_refreshed_at_sign_in")

        from django.db.models.signals import post_delete
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from sen_portal.accounts.enrolment import on_device_deleted

        # The owner is told whoever removes a device (the admin deletes it directly).
        post_delete.connect(on_device_deleted, sender=TOTPDevice, dispatch_uid="device_removed")
