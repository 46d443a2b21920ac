"""Advice givers' pages, mounted at /advice/."""

from django.urls import path

from assessments.views import advice_giver

app_name = "advice"
urlpatterns = [
    path("", advice_giver.advice_list, name="advice_list"),
    path("<uuid:advice_id>/", advice_giver.advice_detail, name="advice_detail"),
    path(
        "<uuid:advice_id>/exception/",
        advice_giver.advice_exception_claim,
        name="advice_exception_claim",
    ),
    path("<uuid:advice_id>/document/", advice_giver.advice_document, name="advice_document"),
]
