from django.urls import path

from disagreements import views

app_name = "disagreements"
urlpatterns = [
    path("", views.disagreement_list, name="list"),
    path("child/<uuid:child_id>/new/", views.disagreement_record, name="record"),
    path("<uuid:disagreement_id>/", views.disagreement_detail, name="detail"),
    path("<uuid:disagreement_id>/orders/new/", views.order_add, name="order_add"),
    path("<uuid:disagreement_id>/agreement/new/", views.agreement_add, name="agreement_add"),
    path(
        "<uuid:disagreement_id>/recommendations/new/",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "<uuid:disagreement_id>/orders/<int:order_id>/complied/",
        views.order_comply,
        name="order_comply",
    ),
    path("<uuid:disagreement_id>/<slug:step>/", views.disagreement_step, name="step"),
]
