from django.urls import path

from assessments.views import staff

app_name = "assessments"
urlpatterns = [
    path("cases/<uuid:child_id>/request/", staff.request_create, name="request_create"),
    path(
        "cases/<uuid:child_id>/reassess/",
        staff.reassessment_initiate,
        name="reassessment_initiate",
    ),
    path("requests/<uuid:request_id>/", staff.request_detail, name="request_detail"),
    path(
        "requests/<uuid:request_id>/decide-to-assess/",
        staff.request_decide_to_assess,
        name="request_decide_to_assess",
    ),
    path("requests/<uuid:request_id>/decline/", staff.request_decline, name="request_decline"),
    path("requests/<uuid:request_id>/withdraw/", staff.request_withdraw, name="request_withdraw"),
    path("<uuid:assessment_id>/", staff.assessment_detail, name="assessment_detail"),
    path(
        "<uuid:assessment_id>/advice/new/",
        staff.advice_request_create,
        name="advice_request_create",
    ),
    path(
        "<uuid:assessment_id>/complete-advice/",
        staff.assessment_complete_advice,
        name="assessment_complete_advice",
    ),
    path(
        "<uuid:assessment_id>/decide-to-issue/",
        staff.assessment_decide_to_issue,
        name="assessment_decide_to_issue",
    ),
    path(
        "<uuid:assessment_id>/decide-not-to-issue/",
        staff.assessment_decide_not_to_issue,
        name="assessment_decide_not_to_issue",
    ),
    path("<uuid:assessment_id>/withdraw/", staff.assessment_withdraw, name="assessment_withdraw"),
    path("advice/<uuid:advice_id>/", staff.advice_staff_detail, name="advice_staff_detail"),
    path("advice/<uuid:advice_id>/record/", staff.advice_record, name="advice_record"),
    path("advice/<uuid:advice_id>/exception/", staff.advice_exception, name="advice_exception"),
    path("advice/<uuid:advice_id>/cancel/", staff.advice_cancel, name="advice_cancel"),
]
