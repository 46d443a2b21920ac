from sen_portal.casework.models.case import Child, FamilyMember
from sen_portal.casework.models.chronology import (
    ChronologyEvent,
    ChronologyIsAppendOnly,
    DataExport,
    RecordAccess,
)
from sen_portal.casework.models.deadline import Deadline
from sen_portal.casework.models.document import Document
from sen_portal.casework.models.letter import CouncilContacts, Letter
from sen_portal.casework.models.note import CaseNote
from sen_portal.casework.models.notification import Notification

__all__ = [
    "CaseNote",
    "Child",
    "ChronologyEvent",
    "ChronologyIsAppendOnly",
    "CouncilContacts",
    "Deadline",
    "Document",
    "FamilyMember",
    "Letter",
    "Notification",
    "DataExport",
    "RecordAccess",
]
