"""One letters capability for every statutory notice (DESIGN.md principle 14).

A workflow app adds a notice in three steps:

1. Declare it once, in its AppConfig.ready()::

       letters.register(letters.LetterKind(
           code="assessment_refused",
           title="Decision not to carry out an EHC needs assessment",
           template="letters/assessment_refused.html",  # extends letters/base.html
           regulation="SEND Regulations 2014, regulation 5(3)",
           meaning="We decided not to assess. You can appeal.",
           appealable=True,                           # adds the Reg 32 rights block
           act_by=lambda subject, letter: letters.appeal_act_by(subject.appeal_due_on),
           context=lambda subject: {"decision": subject},
       ))

2. Issue it when the decision is made. On the transition kernel (casework.steps), one
   line registers it as a follow-up of the step (in the app's letters.register())::

       steps.after(NeedsAssessment, "decide_not_to_issue")(
           letters.follow_up("assessment_refused"))

   or, in a service not yet on the kernel, inside its transaction::

       letters.letter_issue(kind="assessment_refused", subject=decision,
                            child=decision.child, acting_user=user)

   One letter per (kind, subject, ``key_extra``): calling it again returns the same row.
   The addressees are resolved on the letter's date (addressees.rights_holders), the
   chronology records it, and the worker renders the PDF after commit.

3. Write the template: it extends ``letters/base.html`` (letterhead, addressee, date,
   reference) and fills ``{% block body %}``. A council overrides any template by putting
   its own copy in ``LETTER_TEMPLATES_DIR``.
"""

from sen_portal.casework.letters.kinds import (
    APPEAL_BY,
    LetterKind,
    Recipient,
    appeal_act_by,
    get,
    register,
)
from sen_portal.casework.letters.services import follow_up, letter_issue

__all__ = [
    "APPEAL_BY",
    "LetterKind",
    "Recipient",
    "appeal_act_by",
    "follow_up",
    "get",
    "letter_issue",
    "register",
]
