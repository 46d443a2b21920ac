from django.urls import path

from sen_portal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("two-step/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "two-step/set-up/<str:token>/",
        views.two_factor_enrol,
        name="two_factor_enrol",
    ),
    path("two-step/", views.two_factor_verify, name="two_factor_verify"),
]
