from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "sen_portal.family"
    label = "family"
    verbose_name = "Family portal"

    def ready(self):
        # A decoupled concern: casework writes the history, the portal tells families.
        from django.db.models.signals import post_save

        from sen_portal.casework.access import register_family_rule
        from sen_portal.casework.models import ChronologyEvent
        from sen_portal.family.access import may_see_case
        from sen_portal.family.notifications import on_chronology_event_saved

        post_save.connect(
            on_chronology_event_saved,
            sender=ChronologyEvent,
            dispatch_uid="family_notify_case_update",
        )

        # Letters go by email to the family accounts that agreed to it (family/letters.py).
        from sen_portal.casework.letters.addressees import register_email_accounts
        from sen_portal.family.letters import email_accounts

        register_email_accounts(email_accounts)
        # The one rule for which family accounts may follow a case, for the workflow
        # pages families read too (plan versions).
        register_family_rule(may_see_case)
        # The family portal's panel on the case page: inviting people, the young
        # person's decision (after the workflows' panels).
        from sen_portal.casework import panels

        panels.register(
            panels.CasePanel(
                "family", 60, "family/_case_panel_body.html", lambda request, child: {}
            )
        )
