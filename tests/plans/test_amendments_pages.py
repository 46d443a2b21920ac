"""Amending an issued plan through the pages, as a caseworker would, on the worked
calendar of test_amendments.py; what the family sees; who may do it; the proposals' PDF;
query budgets."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from plans import services
from plans.models import Plan, PlanAmendment, PlanVersion
from sen_portal.casework.models import Deadline
from tests.plans.conftest import at, date_fields

pytestmark = pytest.mark.django_db

D = datetime.date


def travel(time_machine, day, client=None, user=None) -> None:
    """Move the clock; sign in again, as the idle timeout ends a session left for weeks."""
    at(time_machine, day)
    if client is not None:
        client.force_login(user)


def url(name, plan):
    return reverse(f"plans:{name}", args=[plan.pk])


def post_ok(client, target, data=None):
    response = client.post(target, data or {})
    body = response.content.decode()
    assert response.status_code == 302, body.split("govuk-error-summary__body")[-1][:1500]
    return response


def text(client, target) -> str:
    response = client.get(target)
    assert response.status_code == 200
    return response.content.decode()


def f_item(plan) -> dict:
    return {
        "what": "Speech and language therapy in school, one to one",
        "delivered_by": "Speech and language therapist",
        "how_often": "Once a week",
        "how_long": "45 minutes a session, for a year",
        "outcomes": [str(plan.outcomes.get().pk)],
        "responsible_agency": "la_education",
        "contact_name": "SEN team, Northshire Council",
    }


def read_pdf(version: PlanVersion) -> str:
    version = PlanVersion.objects.select_related("pdf").get(pk=version.pk)
    reader = PdfReader(io.BytesIO(Path(version.pdf.file.path).read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def amending(plan_in_force, caseworker, time_machine):
    at(time_machine, D(2030, 2, 25))
    services.plan_amendment_start(
        plan=plan_in_force,
        on=D(2030, 2, 25),
        reason="The annual review recommended weekly therapy.",
        acting_user=caseworker,
    )
    plan_in_force.refresh_from_db()
    return plan_in_force


@pytest.fixture
def proposed(amending, caseworker, time_machine):
    services.plan_item_save(
        plan=amending,
        code="F",
        data={**f_item(amending), "outcomes": [amending.outcomes.get()]},
        acting_user=caseworker,
    )
    at(time_machine, D(2030, 3, 4))
    services.plan_issue_amendment_proposals(
        plan=amending, on=D(2030, 3, 4), summary="Add weekly therapy.", acting_user=caseworker
    )
    amending.refresh_from_db()
    return amending


def test_a_caseworker_amends_a_plan_through_the_pages(
    client, caseworker, plan_in_force, time_machine, django_capture_on_commit_callbacks
):
    plan = plan_in_force
    client.force_login(caseworker)
    travel(time_machine, D(2030, 2, 25), client, caseworker)
    page = text(client, url("plan_detail", plan))
    assert "Start amending the plan" in page
    assert url("amendment_propose", plan) not in page

    # Start: the reason is required.
    response = client.post(url("amendment_start", plan), date_fields("on", D(2030, 2, 25)))
    assert response.status_code == 200
    assert "Enter why the plan is being amended" in response.content.decode()
    post_ok(
        client,
        url("amendment_start", plan),
        {**date_fields("on", D(2030, 2, 25)), "reason": "The annual review recommended therapy."},
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.AMENDING
    page = text(client, url("plan_detail", plan))
    assert "Being amended" in page and "Amendments being prepared" in page
    assert "Version 2: final plan, issued 7 January 2030, stays in force" in page
    assert reverse("plans:section", args=[plan.pk, "f"]) in page
    assert "Check and send the proposed amendments" in page
    assert "Decide not to amend" in page

    # Sending proposals before anything changed is refused on the check page.
    response = client.post(
        url("amendment_propose", plan),
        {**date_fields("on", D(2030, 2, 25)), "summary": "Nothing yet"},
    )
    assert response.status_code == 409
    assert "Nothing in the plan has been changed yet" in response.content.decode()

    # Edit section F, then check and send the proposals.
    post_ok(client, reverse("plans:item_add", args=[plan.pk, "f"]), f_item(plan))
    travel(time_machine, D(2030, 3, 4), client, caseworker)
    check = text(client, url("amendment_propose", plan))
    assert "What changes from the plan in force" in check
    assert "+ F2: Speech and language therapy in school, one to one" in check
    response = client.post(url("amendment_propose", plan), date_fields("on", D(2030, 3, 4)))
    assert "Enter what the council proposes to change" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_ok(
            client,
            url("amendment_propose", plan),
            {**date_fields("on", D(2030, 3, 4)), "summary": "Add weekly speech therapy (F2)."},
        )
    page = text(client, response["Location"])
    assert "the family may comment until 18 March 2030" in page
    assert "the amended plan is due by 29 April 2030" in page
    assert "Amendments proposed" in page
    assert "Version 3: proposed amendments" in page

    # The family's comments, asking for another school, which is then consulted.
    post_ok(
        client,
        url("amendment_representations", plan),
        {
            **date_fields("received_on", D(2030, 3, 4)),
            "representations": "We agree; Northshire Primary School should stay named.",
            "preferred_institution": str(
                PlanAmendment.objects.get().plan.consultations.get().institution_id
            ),
        },
    )
    page = text(client, url("plan_detail", plan))
    assert "We agree; Northshire Primary School should stay named." in page
    consult = text(client, url("plan_consult", plan))
    assert "Send the proposed amendments and ask" in consult
    assert "Northshire Primary School" in consult  # consulted before, may be again

    # Issue the amended plan: on time.
    travel(time_machine, D(2030, 4, 22), client, caseworker)
    check = text(client, url("amendment_issue", plan))
    assert "Check the amended plan before issuing it" in check
    with django_capture_on_commit_callbacks(execute=True):
        response = post_ok(client, url("amendment_issue", plan), date_fields("on", D(2030, 4, 22)))
    page = text(client, response["Location"])
    assert "Amended plan issued as version 4, within 8 weeks (due 29 April 2030)" in page
    assert 'id="plan-status">In force' in page
    assert "Earlier amendments" in page
    assert "24 Jun 2030" in page  # appeal by
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_FORCE
    assert Deadline.objects.get(child=plan.child, code="amended_plan").status == "met"

    # Comparing versions starts from the final plan the amendment replaced.
    compare = text(client, url("version_compare", plan))
    assert "From <strong>version 2: final plan</strong> to <strong>version 4: amended" in compare
    assert "1 section changed" in compare
    assert 'id="change-f"' in compare


def test_deciding_not_to_amend_through_the_page(client, caseworker, proposed, time_machine):
    client.force_login(caseworker)
    travel(time_machine, D(2030, 3, 25), client, caseworker)
    response = client.post(url("amendment_not", proposed), date_fields("on", D(2030, 3, 25)))
    assert "Enter why the council decided not to amend the plan" in response.content.decode()
    response = post_ok(
        client,
        url("amendment_not", proposed),
        {**date_fields("on", D(2030, 3, 25)), "reasons": "The school will fund the therapy."},
    )
    page = text(client, response["Location"])
    assert "Decision not to amend recorded" in page
    assert "Not amended" in page and "The school will fund the therapy." in page
    assert proposed.provision.filter(what__startswith="Speech and language therapy in").count() == 0


def test_steps_from_the_wrong_state_are_refused_and_change_nothing(
    client, caseworker, plan_in_force, proposed, time_machine
):
    client.force_login(caseworker)
    travel(time_machine, D(2030, 3, 25), client, caseworker)
    # Proposals are out: starting again or sending them again is refused.
    for name, data in (
        ("amendment_start", {**date_fields("on", D(2030, 3, 25)), "reason": "Again"}),
        ("amendment_propose", {**date_fields("on", D(2030, 3, 25)), "summary": "Again"}),
        ("plan_issue_final", date_fields("on", D(2030, 3, 25))),
        ("plan_record_representations", {}),
    ):
        response = client.post(url(name, proposed), data)
        assert response.status_code == 409, name
    # The family's 15 days are not over: the date is refused on the form.
    response = client.post(url("amendment_issue", proposed), date_fields("on", D(2030, 3, 18)))
    assert response.status_code == 200
    assert "The family have until 18 March 2030 to comment on the proposed amendments" in (
        response.content.decode()
    )
    proposed.refresh_from_db()
    assert proposed.status == Plan.Status.AMENDMENT_PROPOSED
    assert proposed.versions.count() == 3
    assert PlanAmendment.objects.get().outcome == ""


def test_an_in_force_plan_refuses_the_amendment_steps(
    client, caseworker, plan_in_force, time_machine
):
    client.force_login(caseworker)
    travel(time_machine, D(2030, 2, 25), client, caseworker)
    for name in (
        "amendment_propose",
        "amendment_issue",
        "amendment_not",
        "amendment_representations",
    ):
        assert client.get(url(name, plan_in_force)).status_code == 409, name
    assert not PlanAmendment.objects.exists()


def test_a_system_administrator_reads_but_cannot_amend(client, admin_user, amending, time_machine):
    client.force_login(admin_user)
    page = text(client, url("plan_detail", amending))
    assert "Being amended" in page
    assert "Decide not to amend" not in page
    response = client.post(
        url("amendment_not", amending), {**date_fields("on", D(2030, 2, 25)), "reasons": "x"}
    )
    assert response.status_code in (403, 404)


def test_the_family_sees_the_proposals_then_the_amended_plan(
    client,
    family_member,
    family_user,
    caseworker,
    proposed,
    time_machine,
    django_capture_on_commit_callbacks,
):
    services.plan_version_render_pdf(version_id=proposed.versions.get(number=3).pk)
    client.force_login(family_user)
    child = proposed.child
    story = text(client, reverse("family:case", args=[child.pk]))
    assert "We sent you proposed amendments to" in story
    assert "by Monday 18 March 2030" in story or "by 18 March 2030" in story
    docs = text(client, reverse("family:documents", args=[child.pk]))
    assert "Proposed amendments to the EHC plan, sent 4 March 2030" in docs
    # The plan being amended is not shown to them; the proposals are.
    assert client.get(url("plan_detail", proposed)).status_code == 403

    travel(time_machine, D(2030, 4, 22), client, family_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_issue_amended_final(plan=proposed, on=D(2030, 4, 22), acting_user=caseworker)
    docs = text(client, reverse("family:documents", args=[child.pk]))
    assert "Amended EHC plan, sent 22 April 2030" in docs
    pdf = client.get(reverse("family:plan_pdf", args=[child.pk, proposed.pk, 4]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    story = text(client, reverse("family:case", args=[child.pk]))
    assert "We issued" in story and "amended EHC plan on" in story
    assert "24 June 2030" in story


def test_the_proposals_pdf_is_a_watermarked_copy_with_the_notice(
    proposed, django_capture_on_commit_callbacks
):
    version = proposed.versions.get(number=3)
    services.plan_version_render_pdf(version_id=version.pk)
    body = read_pdf(version)
    assert "Proposed amendments to the education, health and care plan" in body
    assert "DRAFT" in body
    assert "until 18 March 2030" in body and "by 29 April 2030" in body
    assert "The changes we propose" in body
    assert "Add weekly therapy." in body
    assert "Added: F2: Speech and language therapy in school, one to one" in body
    # Section I names the school, as the plan in force does.
    assert "Northshire Primary School" in body


def test_the_amended_plan_pdf_is_final(proposed, caseworker, time_machine):
    at(time_machine, D(2030, 4, 22))
    result = services.plan_issue_amended_final(
        plan=proposed, on=D(2030, 4, 22), acting_user=caseworker
    )
    services.plan_version_render_pdf(version_id=result.version.pk)
    body = read_pdf(result.version)
    assert "Amended education, health and care plan" in body
    assert "This is the amended final plan" in body
    assert "DRAFT" not in body


def count(client, target) -> int:
    client.get(target)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_during_an_amendment_runs_a_fixed_number_of_queries(
    client, caseworker, institutions, proposed, time_machine, django_assert_num_queries
):
    client.force_login(caseworker)
    target = url("plan_detail", proposed)
    small = count(client, target)
    travel(time_machine, D(2030, 3, 20), client, caseworker)
    for key in ("special", "academy"):
        services.plan_consult_institution(
            plan=proposed, institution=institutions[key], on=D(2030, 3, 20), acting_user=caseworker
        )
    for n in range(5):
        services.plan_item_save(
            plan=proposed,
            code="F",
            data={**f_item(proposed), "what": f"More therapy {n}", "outcomes": []},
            acting_user=caseworker,
        )
    with django_assert_num_queries(small):
        client.get(target)


def test_the_plans_list_shows_amendment_states(client, caseworker, proposed):
    client.force_login(caseworker)
    page = text(client, reverse("plans:plan_list") + "?status=amendment_proposed")
    assert 'govuk-tag--orange">Amendments proposed' in page
    panel = text(client, reverse("casework:child_detail", args=[proposed.child.pk]))
    assert "Amendments proposed" in panel


def test_a_school_consulted_about_the_amendments_replies_through_the_page(
    client, caseworker, institutions, proposed, time_machine
):
    travel(time_machine, D(2030, 3, 20), client, caseworker)
    post_ok(
        client,
        url("plan_consult", proposed),
        {"institution": str(institutions["special"].pk), **date_fields("on", D(2030, 3, 20))},
    )
    consultation = proposed.consultations.get(amendment__isnull=False)
    reply = reverse("plans:consultation_response", args=[consultation.pk])
    page = text(client, url("plan_detail", proposed))
    assert reply in page and "reply due 3 Apr 2030, about amendments" in page
    # The first plan's consultation, long answered, offers nothing.
    first = proposed.consultations.get(amendment__isnull=True)
    assert reverse("plans:consultation_response", args=[first.pk]) not in page
    post_ok(
        client,
        reply,
        {"response": "can_meet", **date_fields("received_on", D(2030, 3, 20))},
    )
    consultation.refresh_from_db()
    assert consultation.response == "can_meet"
    clock = Deadline.objects.get(code="institution_consultation", subject_id=str(consultation.pk))
    assert clock.status == "met"
