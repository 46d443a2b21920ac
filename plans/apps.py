from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "EHC plans"

    def ready(self) -> None:
        from plans import services  # noqa: F401 - registers the steps' follow-ups
        from plans.events import PlanEvent
        from plans.panels import PANEL_TEMPLATE, case_panel
        from sen_portal.casework import event_kinds, panels, stages

        stages.register(stages.StageSource("plans.Plan", "-created_at", 30, "EHC plan"))
        from plans import letters

        letters.register()
        event_kinds.register(PlanEvent)
        panels.register(panels.CasePanel("plans", 20, PANEL_TEMPLATE, case_panel))

        from plans.attach_points import steps_of_child
        from sen_portal.casework.notes import attach_points

        attach_points.register(steps_of_child, place=20)
