from django.apps import AppConfig


class CeasingConfig(AppConfig):
    name = "ceasing"
    verbose_name = "Ceasing EHC plans"

    def ready(self) -> None:
        from sen_portal.casework import stages

        stages.register(
            stages.StageSource("ceasing.CeasingProposal", "-created_at", 50, "Ceasing the plan")
        )
        from ceasing import letters

        letters.register()
