"""casework's services, by concept: the case itself and its chronology (case), statutory
deadlines (deadlines), uploaded and generated documents (documents), notifications to
staff (notifications). The transition kernel every workflow uses is casework/steps.py.

Other apps import the public names from here: `from sen_portal.casework.services import
chronology_record`."""

from sen_portal.casework.services.case import (
    child_create,
    child_update,
    chronology_record,
    data_export_record,
    family_member_add,
    record_access_log,
    record_access_log_statement,
)
from sen_portal.casework.services.deadlines import (
    DeadlineTransitionNotAllowed,
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadline_record_exception,
    deadlines_close_for_subject,
)
from sen_portal.casework.services.documents import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED_WORDS,
    delete_files_on_error,
    detect_file_type,
    document_store,
)
from sen_portal.casework.services.notifications import (
    email_text,
    notification_create,
    notifications_deliver_pending,
    notifications_mark_read,
)

__all__ = [
    "ACCEPTED_WORDS",
    "ACCEPT_ATTRIBUTE",
    "DeadlineTransitionNotAllowed",
    "child_create",
    "child_update",
    "chronology_record",
    "data_export_record",
    "deadline_cancel",
    "deadline_meet",
    "deadline_open",
    "deadline_record_exception",
    "deadlines_close_for_subject",
    "delete_files_on_error",
    "detect_file_type",
    "document_store",
    "email_text",
    "family_member_add",
    "notification_create",
    "notifications_deliver_pending",
    "notifications_mark_read",
    "record_access_log",
    "record_access_log_statement",
]
