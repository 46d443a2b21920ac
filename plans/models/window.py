"""The family's window on a draft plan (SEND Regs 2014 reg 13(1)) and on proposed
amendments (reg 22(2)(c)), shared by the plan (its draft) and each amendment (its
proposals).

Reg 13(1)(a): the council must give the parent or young person "at least 15 days,
beginning with the day on which the draft plan was served, in which to (i) make
representations about the content of the draft plan, and to request that a particular
school or other institution be named in the plan; and (ii) require the local authority
to arrange a meeting between them and an officer of the local authority at which the
draft plan can be discussed". Reg 22(2)(c) gives the same 15 days, beginning with the day
served, on proposed amendments, with (iii) "request a meeting with an officer of the
local authority, if they wish to make representations orally" (legislation.gov.uk, SI
2014/1530 regs 13 and 22, read 4 December 2026).

So:
* the 15 days run from the day of service (``timescales.service_date``: post, the second
  working day after posting; email, portal or hand, the same day), day 1 being the day
  of service: posted Thursday 3 December 2026, served Monday 7 December, the last day is
  Monday 21 December 2026;
* a first comment does not end the window: the family may say more until it ends;
* the council may finalise before it ends only once the rights-holder has told it they
  have nothing more to say (recorded, with the date) - the regulations give no such
  exception; it follows from the window being theirs to waive, as practice reads it
  (STATUTORY.md "Subtle rules" 4), and is recorded so that the waiver can be shown;
* a meeting they ask for must be held (and recorded as held) before the plan is final.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from sen_portal import timescales
from sen_portal.dates import long_date


class FamilyWindow(models.Model):
    """Abstract: how the notice was sent, the day it was served, the family's
    confirmation that they have nothing more to say, and the meeting they asked for."""

    sent_by = models.CharField(
        "How it was sent",
        max_length=10,
        choices=timescales.SERVICE_METHODS,
        blank=True,
        default="",
    )
    served_on = models.DateField(
        "Served on",
        null=True,
        blank=True,
        help_text="The day it was served: by post, the second working day after posting",
    )
    family_confirmed_on = models.DateField(
        "Family confirmed they have nothing more to say on",
        null=True,
        blank=True,
    )
    family_confirmed_note = models.TextField("How they confirmed it", blank=True, default="")
    meeting_requested_on = models.DateField(
        "Meeting asked for on",
        null=True,
        blank=True,
        help_text="Reg 13(1)(a)(ii), Reg 22(2)(c)(iii): a meeting with an officer of the council",
    )
    meeting_held_on = models.DateField("Meeting held on", null=True, blank=True)

    class Meta:
        abstract = True

    # The copy of the window's last day kept on the row (representations_due_on) is
    # declared by each model, with its regulation.

    def window_open_on(self, day: datetime.date) -> bool:
        """The family's 15 days have not ended on ``day``."""
        due = self.representations_due_on
        return due is not None and day <= due

    @property
    def window_over(self) -> bool:
        """The 15 days have ended, or the family said they have nothing more to say."""
        if self.family_confirmed_on is not None:
            return True
        return not self.window_open_on(timezone.localdate())

    @property
    def meeting_outstanding(self) -> bool:
        """A meeting was asked for and has not been held."""
        return self.meeting_requested_on is not None and self.meeting_held_on is None

    def window_waiting(self, what: str) -> list[str]:
        """What still stands between the notice and the plan, for pages and refusals."""
        waiting = []
        if not self.window_over and self.representations_due_on is not None:
            waiting.append(
                f"Wait for the family's 15 days on the {what} to end on "
                f"{long_date(self.representations_due_on)}, or record that they have told "
                "you they have nothing more to say"
            )
        if self.meeting_outstanding:
            waiting.append(f"Hold the meeting the family asked for about the {what}, and record it")
        return waiting

    def check_final_date(self, on: datetime.date, what: str) -> str:
        """'' if a plan issued on ``on`` respects the window; else why not."""
        if self.family_confirmed_on is not None and on >= self.family_confirmed_on:
            return ""
        if self.window_open_on(on):
            return (
                f"The family have until {long_date(self.representations_due_on)} to comment "
                f"on the {what}: issue it after that, or once they have told you they have "
                "nothing more to say"
            )
        return ""
