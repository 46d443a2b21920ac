from django.urls import path

from sen_portal.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.timeliness, name="timeliness"),
    path("action/", views.action, name="action"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("caseloads/<int:user_id>/reassign/", views.reassign, name="reassign"),
    path("sen2/", views.sen2_check, name="sen2_check"),
    path("sen2/<slug:module>.csv", views.sen2_module_csv, name="sen2_module_csv"),
    path("sen2/return.xml", views.sen2_xml, name="sen2_xml"),
]
