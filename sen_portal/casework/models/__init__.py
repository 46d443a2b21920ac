from sen_portal.casework.models.case import Child, FamilyMember
from sen_portal.casework.models.chronology import (
    ChronologyEvent,
    ChronologyIsAppendOnly,
    RecordAccess,
)

__all__ = [
    "Child",
    "ChronologyEvent",
    "ChronologyIsAppendOnly",
    "FamilyMember",
    "RecordAccess",
]
