from django.apps import AppConfig


class DisagreementsConfig(AppConfig):
    name = "disagreements"
    verbose_name = "Mediation and appeals"

    def ready(self) -> None:
        from disagreements import letters, services  # services registers the follow-ups
        from disagreements.events import DisagreementEvent
        from disagreements.panels import PANEL_TEMPLATE, case_panel
        from sen_portal.casework import event_kinds, panels

        event_kinds.register(DisagreementEvent)
        letters.register()
        services.orders.register_follow_ups()
        panels.register(panels.CasePanel("disagreements", 40, PANEL_TEMPLATE, case_panel))
