from django.urls import path

from sen_portal.casework.views import documents

app_name = "documents"
urlpatterns = [
    path(
        "<uuid:child_id>/<uuid:document_id>/",
        documents.document_download,
        name="document_download",
    ),
]
