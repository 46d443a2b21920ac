from django.urls import path

from sen_portal.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("new/", views.child_create, name="child_create"),
    path("<uuid:child_id>/", views.child_detail, name="child_detail"),
    path("<uuid:child_id>/edit/", views.child_edit, name="child_edit"),
    path("<uuid:child_id>/family/add/", views.family_member_add, name="family_member_add"),
]
