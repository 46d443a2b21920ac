"""casework's forms, by concept: the case and its family (case), deadlines (deadlines)."""

from sen_portal.casework.forms.case import ChildForm, FamilyMemberForm
from sen_portal.casework.forms.deadlines import DeadlineExceptionForm

__all__ = ["ChildForm", "DeadlineExceptionForm", "FamilyMemberForm"]
