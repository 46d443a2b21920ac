from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "EHC plans"

    def ready(self) -> None:
        from sen_portal.casework import stages

        stages.register(stages.StageSource("plans.Plan", "-created_at", 30, "EHC plan"))
        from plans import letters

        letters.register()
