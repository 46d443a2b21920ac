from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = "Requests and EHC needs assessments"

    def ready(self) -> None:
        from sen_portal.casework import stages

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
