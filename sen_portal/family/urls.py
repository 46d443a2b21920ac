from django.urls import path

from sen_portal.family import views

app_name = "family"

urlpatterns = [
    path("invitations/continue/", views.invitation_continue, name="invitation_continue"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("cases/<uuid:child_id>/", views.case, name="case"),
    path("email-settings/", views.email_settings, name="email_settings"),
    path("cases/<uuid:child_id>/documents/", views.documents, name="documents"),
    path("cases/<uuid:child_id>/letters/<uuid:document_id>/", views.letter, name="letter"),
    path(
        "cases/<uuid:child_id>/plans/<uuid:plan_id>/<int:number>.pdf",
        views.plan_pdf,
        name="plan_pdf",
    ),
    path("cases/<uuid:child_id>/who-does-what/", views.who_does_what, name="who_does_what"),
    path("staff/cases/<uuid:child_id>/invite/", views.invite, name="invite"),
    path(
        "staff/cases/<uuid:child_id>/parents-access/",
        views.parents_access,
        name="parents_access",
    ),
]
