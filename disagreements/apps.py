from django.apps import AppConfig


class DisagreementsConfig(AppConfig):
    name = "disagreements"
    verbose_name = "Mediation and appeals"

    def ready(self) -> None:
        from disagreements import services  # noqa: F401 - registers the steps' follow-ups
        from disagreements.events import DisagreementEvent
        from sen_portal.casework import event_kinds

        event_kinds.register(DisagreementEvent)
