"""The reviews list, the review page with its task list, and the phase transfers cohort."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from plans.rules import runs_the_case
from reviews import phases, selectors
from reviews.models import PhaseTransfer, Review
from reviews.views.common import MANAGERS, READERS, get_review_for_user
from sen_portal import csv_safe, timescales
from sen_portal.access import allow
from sen_portal.casework.services import data_export_record
from sen_portal.casework.workflow import today

PAGE_SIZE = 25


@allow(*READERS)
def review_list(request):
    when = request.GET.get("when", "upcoming")
    if when not in selectors.WHEN_FILTERS:
        when = "upcoming"
    stage = request.GET.get("stage", "")
    if stage not in Review.Status.values:
        stage = ""
    reviews = selectors.review_list_for_user(user=request.user, when=when, stage=stage)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    this_name, _, this_end = selectors.term_of(on)
    next_name, _, next_end = selectors.next_term(on)
    query = urlencode({k: v for k, v in {"when": when, "stage": stage}.items() if v})
    return render(
        request,
        "reviews/review_list.html",
        {
            "page": page,
            "reviews": page.object_list,
            "page_query": f"{query}&" if query else "",
            "when": when,
            "stage": stage,
            "when_filters": selectors.WHEN_FILTERS.items(),
            "stages": Review.Status.choices,
            "today": on,
            "this_term": f"{this_name} term (to {this_end:%-d %B %Y})",
            "next_term": f"{next_name} term (to {next_end:%-d %B %Y})",
        },
    )


@dataclass(frozen=True)
class Task:
    name: str
    status: str  # "Completed", "Not yet started", "Cannot start yet", "In progress"
    href: str = ""
    hint: str = ""

    @property
    def tag(self) -> str:
        return {
            "Completed": "",
            "In progress": "govuk-tag--light-blue",
            "Not yet started": "govuk-tag--blue",
        }.get(self.status, "govuk-tag--grey")


def _advice_status(review: Review, reached: int) -> str:
    advice = list(review.advice.all())
    if advice and all(a.received for a in advice):
        return "Completed"
    if advice:
        return "In progress"
    if review.status == "scheduled":
        return "Not yet started"
    return "None asked for" if reached >= 2 else "Cannot start yet"


def _tasks(review: Review, *, may_write: bool) -> list[Task]:
    s = review.status
    status_order = ["due", "scheduled", "held", "report_received", "decided"]
    reached = status_order.index(s) if s in status_order else -1
    live = review.is_live

    def url(name: str) -> str:
        return reverse(f"reviews:{name}", args=[review.pk]) if may_write and live else ""

    before_meeting = s in ("due", "scheduled")
    tasks = [
        Task(
            "Arrange the meeting",
            "Completed" if reached >= 1 else "Not yet started",
            url("review_schedule") if before_meeting else "",
            f"{review.meeting_on:%-d %B %Y}, {review.venue}" if review.meeting_on else "",
        ),
        Task(
            "Invite the family, school or college, health and social care",
            "Completed"
            if review.participants.all() and not before_meeting
            else ("In progress" if review.participants.all() else "Not yet started"),
            url("participant_add") if before_meeting else "",
            f"{len(review.participants.all())} invited",
        ),
        Task(
            "Ask for advice and information",
            _advice_status(review, reached),
            url("advice_add") if s == "scheduled" else "",
            "Due 2 weeks before the meeting (Reg 20(4))",
        ),
        Task(
            "Send invitations and papers",
            "Completed"
            if review.papers_sent_on
            else ("Not yet started" if s == "scheduled" else "Cannot start yet"),
            url("papers_sent") if s == "scheduled" and not review.papers_sent_on else "",
            f"Sent {review.papers_sent_on:%-d %B %Y}" if review.papers_sent_on else "",
        ),
        Task(
            "Record the meeting",
            "Completed"
            if reached >= 2
            else ("Not yet started" if s == "scheduled" else "Cannot start yet"),
            url("review_hold") if s == "scheduled" else "",
            f"Held {review.held_on:%-d %B %Y}" if review.held_on else "",
        ),
        Task(
            "Record the report of the meeting",
            "Completed"
            if reached >= 3
            else ("Not yet started" if s == "held" else "Cannot start yet"),
            url("review_report") if s == "held" else "",
            "Due 2 weeks after the meeting (Reg 20(7))",
        ),
        Task(
            "Prepare any proposed amendments",
            "Completed"
            if review.plan.is_amending or (reached >= 4 and review.decision == "amend")
            else ("Optional" if s in ("held", "report_received") else "Cannot start yet"),
            url("review_prepare_amendments")
            if s in ("held", "report_received")
            and review.plan.status in review.plan.ISSUED
            and not review.plan.is_amending
            else "",
            "To amend, the proposals go with the decision (R (L, M & P) v Devon CC [2022])",
        ),
        Task(
            "Decide: keep, amend or cease the plan",
            "Completed"
            if reached >= 4
            else ("Not yet started" if s == "report_received" else "Cannot start yet"),
            url("review_decide") if s == "report_received" else "",
            "Due 4 weeks after the meeting (Reg 20(10))",
        ),
    ]
    return tasks


@allow(*READERS)
def review_detail(request, review_id):
    review = get_review_for_user(request, review_id)
    may_write = runs_the_case(review, request.user)
    deadlines = selectors.review_deadlines(review)
    on = today()
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "child": review.child,
            "plan": review.plan,
            "tasks": _tasks(review, may_write=may_write),
            "may_write": may_write,
            "deadlines": [
                (d, timescales.days_left_in_words(on, d.due_on) if d.is_live else "")
                for d in deadlines
            ],
            "transfers": review.phase_transfers.all(),
            "today": on,
        },
    )


CSV_HEADER = [
    "LA reference",
    "Name",
    "Date of birth",
    "Transfer",
    "Name the next setting by",
    "Review held",
    "Next school or college",
    "Named on",
    "Named by the deadline",
    "Plan amended by the deadline",
    "Caseworker",
]


def _row(t: PhaseTransfer) -> list[str]:
    held = t.review.held_on if t.review_id and t.review and t.review.held_on else None
    return [
        t.child.la_reference,
        t.child.full_name,
        t.child.date_of_birth.isoformat(),
        t.get_phase_display(),
        t.due_on.isoformat(),
        held.isoformat() if held else "No",
        t.next_institution.name if t.next_institution_id else "",
        t.named_on.isoformat() if t.named_on else "",
        "Yes" if t.named_on and t.named_on <= t.due_on else "No",
        "Yes" if t.plan_amended else "No",
        t.child.caseworker.full_name if t.child.caseworker_id else "",
    ]


@allow(*MANAGERS)
def phase_transfers(request):
    default_year = phases.transfer_year_for(today())
    try:
        year = int(request.GET.get("year", default_year))
    except ValueError:
        year = default_year
    if not 2000 <= year <= 2100:
        year = default_year
    phase = request.GET.get("phase", "")
    if phase not in PhaseTransfer.Phase.values:
        phase = ""
    transfers = selectors.cohort_for_user(user=request.user, transfer_year=year, phase=phase)
    if request.GET.get("format") == "csv":
        team = request.user.team.name if request.user.team_id else "All teams"
        data_export_record(
            user=request.user,
            what=f"phase-transfers-{year}.csv",
            scope=f"{team}{', ' + phase if phase else ''}",
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="phase-transfers-{year}.csv"'
        writer = csv_safe.writer(response)
        writer.writerow(CSV_HEADER)
        for transfer in transfers:
            writer.writerow(_row(transfer))
        return response
    rows = list(transfers)
    years = sorted({*selectors.transfer_years(user=request.user), default_year, year})
    on = today()
    query = urlencode({k: v for k, v in {"year": year, "phase": phase}.items() if v})
    return render(
        request,
        "reviews/phase_transfers.html",
        {
            "rows": rows,
            "year": year,
            "years": years,
            "phase": phase,
            "phases": PhaseTransfer.Phase.choices,
            "school_due": phases.transfer_due(year, "secondary"),
            "post16_due": phases.transfer_due(year, "post16"),
            "held": sum(1 for t in rows if t.review and t.review.held_on),
            "named": sum(1 for t in rows if t.named_on),
            "late": sum(1 for t in rows if not t.named_on and t.due_on < on),
            "csv_query": f"{query}&format=csv",
            "today": on,
        },
    )
