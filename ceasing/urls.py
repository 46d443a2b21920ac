from django.urls import path

from ceasing import views

app_name = "ceasing"
urlpatterns = [
    path("plan/<uuid:plan_id>/propose/", views.propose, name="propose"),
    path("<uuid:proposal_id>/", views.detail, name="detail"),
    path("<uuid:proposal_id>/consult/", views.consult, name="consult"),
    path("<uuid:proposal_id>/decide/", views.decide_cease, name="decide_cease"),
    path("<uuid:proposal_id>/continue/", views.decide_continue, name="decide_continue"),
    path("<uuid:proposal_id>/cease-now/", views.cease_now, name="cease_now"),
]
