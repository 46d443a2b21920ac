"""The invitation prefills what the case knows, the portal's contact box, and advice
reports in the family's documents once the draft plan is issued (issue #21 item 8)."""

from __future__ import annotations

from django.urls import reverse

from sen_portal.family.models import Invitation
from tests.factories import FamilyMemberFactory


def test_the_invitation_prefills_the_family_members_email(client, caseworker, child):
    parent = FamilyMemberFactory(
        child=child,
        full_name="Pat Parent",
        parental_responsibility=True,
        email="pat.parent@example.org",
    )
    client.force_login(caseworker)
    case_page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    link = reverse("family:invite", args=[child.pk]) + f"?member={parent.pk}"
    assert f'href="{link}"' in case_page
    form = client.get(link).context["form"]
    assert form.initial == {"invitee": str(parent.pk), "email": "pat.parent@example.org"}
    # Left empty, the address on the case is used.
    response = client.post(reverse("family:invite", args=[child.pk]), {"invitee": str(parent.pk)})
    assert response.status_code == 302
    assert Invitation.objects.get(family_member=parent).email == "pat.parent@example.org"


def test_an_invitation_with_no_email_anywhere_is_an_error(client, caseworker, child):
    parent = FamilyMemberFactory(child=child, parental_responsibility=True, email="")
    client.force_login(caseworker)
    response = client.post(reverse("family:invite", args=[child.pk]), {"invitee": str(parent.pk)})
    assert "Enter their email address" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_contact_box_is_not_a_two_column_list(family_client, child):
    page = family_client.get(reverse("family:case", args=[child.pk])).content.decode()
    box = page.split('data-testid="contact-box"')[1].split("</div>")[0]
    assert "govuk-summary-list" not in box and child.team.name in box


def test_advice_reports_reach_the_family_with_the_draft_plan(
    family_client, child, plan, caseworker, institutions
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from sen_portal.casework.documents import document_store

    from assessments.models import AdviceRequest
    from plans import services as plan_services
    from tests.assessments.helpers import PDF_BYTES
    from tests.plans.conftest import fill_draft_sections

    report = AdviceRequest.objects.filter(assessment=plan.assessment).exclude(advice_giver=None)[0]
    # The report as the psychologist uploaded it with the advice.
    report.document = document_store(
        child=child,
        upload=SimpleUploadedFile("report.pdf", PDF_BYTES),
        title="Psychological advice",
        acting_user=report.advice_giver,
    )
    report.save(update_fields=["document"])
    documents = reverse("family:documents", args=[child.pk])
    download = reverse("family:letter", args=[child.pk, report.document_id])
    # Before the draft: not yet.
    assert report.addressee not in family_client.get(documents).content.decode()
    assert family_client.get(download).status_code == 404

    fill_draft_sections(plan, caseworker)
    plan_services.plan_issue_draft(
        plan=plan,
        on=plan.assessment.decided_on,
        preferred_institution=institutions["primary"],
        acting_user=caseworker,
    )
    page = family_client.get(documents).content.decode()
    assert f"{report.get_kind_display()} from {report.addressee}" in page
    assert family_client.get(download).status_code == 200
