from django.urls import path

from sen_portal.casework.letters import views as letter_views
from sen_portal.casework.notes import views as note_views
from sen_portal.casework.views import case, deadlines, notifications

app_name = "casework"
urlpatterns = [
    path("", case.child_list, name="child_list"),
    path("new/", case.child_create, name="child_create"),
    path("<uuid:child_id>/", case.child_detail, name="child_detail"),
    path("<uuid:child_id>/history/", case.child_history, name="child_history"),
    path("<uuid:child_id>/edit/", case.child_edit, name="child_edit"),
    path("<uuid:child_id>/family/add/", case.family_member_add, name="family_member_add"),
    path("<uuid:child_id>/notes/", note_views.note_list, name="note_list"),
    path("<uuid:child_id>/notes/new/", note_views.note_create, name="note_create"),
    path("<uuid:child_id>/documents/new/", note_views.document_upload, name="document_upload"),
    path(
        "<uuid:child_id>/deadlines/<int:deadline_id>/exception/",
        deadlines.deadline_exception,
        name="deadline_exception",
    ),
    # Served under /cases/ because this module is what casework owns; mount it at
    # /notifications/ from sen_portal/urls.py if the project prefers a top-level path.
    path("letters/to-post/", letter_views.to_post, name="letters_to_post"),
    path("letters/to-post/letters.pdf", letter_views.to_post_pdf, name="letters_to_post_pdf"),
    path("letters/to-post/posted/", letter_views.mark_posted, name="letters_mark_posted"),
    path("notifications/", notifications.notification_list, name="notification_list"),
]
