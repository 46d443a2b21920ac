from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Annual reviews and phase transfers"

    def ready(self) -> None:
        from reviews import services  # noqa: F401 - registers the steps' follow-ups
        from reviews.events import ReviewEvent
        from reviews.panels import PANEL_TEMPLATE, case_panel
        from sen_portal.casework import event_kinds, panels, stages

        # After the plan (30): a case under review is at its review's stage.
        stages.register(stages.StageSource("reviews.Review", "-due_on", 40, "Annual review"))
        from reviews import letters

        letters.register()
        event_kinds.register(ReviewEvent)
        panels.register(panels.CasePanel("reviews", 50, PANEL_TEMPLATE, case_panel))
        from plans.selectors import register_case_plan_rows
        from reviews.panels import CASE_REVIEWS

        register_case_plan_rows("reviews", CASE_REVIEWS)

        from reviews.attach_points import steps_of_child
        from sen_portal.casework.notes import attach_points

        attach_points.register(steps_of_child, place=40)
