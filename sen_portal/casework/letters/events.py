"""The chronology kinds of letters, with the family portal's wording."""

from django.db import models


class LetterEvent(models.TextChoices):
    WRITTEN = "letter_written", "We wrote a letter"
    EMAILED = "letter_emailed", "We sent you a letter (in your documents)"
    POSTED = "letter_posted", "We posted you a letter (also in your documents)"
