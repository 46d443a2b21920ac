from django.urls import path

from reviews.views import pages, steps

app_name = "reviews"
urlpatterns = [
    path("", pages.review_list, name="review_list"),
    path("phase-transfers/", pages.phase_transfers, name="phase_transfers"),
    path("phase-transfers/<int:transfer_id>/name/", steps.transfer_name, name="transfer_name"),
    path("plans/<uuid:plan_id>/start/", steps.review_start, name="review_start"),
    path("plans/<uuid:plan_id>/frequency/", steps.review_frequency, name="review_frequency"),
    path("<uuid:review_id>/", pages.review_detail, name="review_detail"),
    path("<uuid:review_id>/meeting/", steps.review_schedule, name="review_schedule"),
    path("<uuid:review_id>/invite/", steps.participant_add, name="participant_add"),
    path("<uuid:review_id>/advice/", steps.advice_add, name="advice_add"),
    path(
        "<uuid:review_id>/advice/<int:advice_id>/received/",
        steps.advice_receive,
        name="advice_receive",
    ),
    path("<uuid:review_id>/papers/", steps.papers_sent, name="papers_sent"),
    path("<uuid:review_id>/held/", steps.review_hold, name="review_hold"),
    path("<uuid:review_id>/report/", steps.review_report, name="review_report"),
    path(
        "<uuid:review_id>/prepare-amendments/",
        steps.review_prepare_amendments,
        name="review_prepare_amendments",
    ),
    path("<uuid:review_id>/decision/", steps.review_decide, name="review_decide"),
    path("<uuid:review_id>/cancel/", steps.review_cancel, name="review_cancel"),
]
