from django.apps import AppConfig


class CeasingConfig(AppConfig):
    name = "ceasing"
    verbose_name = "Ceasing EHC plans"

    def ready(self) -> None:
        from ceasing import (
            letters,
            services,  # noqa: F401 - registers the steps' follow-ups
        )
        from ceasing.events import CeasingEvent
        from ceasing.panels import PANEL_TEMPLATE, case_panel
        from sen_portal.casework import event_kinds, panels, stages

        stages.register(
            stages.StageSource("ceasing.CeasingProposal", "-created_at", 50, "Ceasing the plan")
        )
        event_kinds.register(CeasingEvent)
        panels.register(panels.CasePanel("ceasing", 30, PANEL_TEMPLATE, case_panel))
        from ceasing.panels import CASE_PROPOSALS
        from plans.selectors import register_case_plan_rows

        register_case_plan_rows("ceasing_proposals", CASE_PROPOSALS)
        letters.register()
