"""The two rules letters take from the statutory calendar (sen_portal/timescales.py):
when the rights become the young person's, and when a sent letter is served."""

from sen_portal.timescales import is_young_person, service_date

__all__ = ["is_young_person", "service_date"]
