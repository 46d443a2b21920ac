from django.urls import path

from sen_portal.casework import document_views

app_name = "documents"
urlpatterns = [
    path(
        "<uuid:child_id>/<uuid:document_id>/",
        document_views.document_download,
        name="document_download",
    ),
]
