from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = "Requests and EHC needs assessments"

    def ready(self) -> None:
        from assessments import services  # noqa: F401 - registers the steps' follow-ups
        from assessments.events import AssessmentEvent
        from assessments.panels import PANEL_TEMPLATE, case_panel, case_panel_html
        from sen_portal.casework import event_kinds, panels, stages

        event_kinds.register(AssessmentEvent)

        stages.register(
            stages.StageSource(
                "assessments.AssessmentRequest", "-received_on", 10, "Request for assessment"
            )
        )
        stages.register(
            stages.StageSource(
                "assessments.NeedsAssessment", "-started_on", 20, "EHC needs assessment"
            )
        )
        from assessments import letters

        letters.register()
        panels.register(
            panels.CasePanel("assessments", 10, PANEL_TEMPLATE, case_panel, case_panel_html)
        )

        from assessments.attach_points import steps_of_child
        from sen_portal.casework.notes import attach_points

        attach_points.register(steps_of_child, place=10)
