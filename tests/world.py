"""A small council, built once through the real services: two teams, every persona, and
one child at each stage of the statutory journey. The access matrix, the security checks
and the axe sweep use it to fill URL arguments with real objects.

Everything is fictional (example.org addresses, invented names).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments import services as assessment_services
from local_offer.models import Taxonomy, TaxonomyTerm
from plans import services as plan_services
from plans.models import Institution
from sen_portal.accounts.roles import Role
from sen_portal.casework.services import document_store
from sen_portal.family import services as family_services
from tests.factories import ChildFactory, FamilyMemberFactory, TeamFactory, UserFactory
from tests.journeys import bring_to_final_ready, fill_draft_sections

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    # Every child's full name: what a family member must never see unless it is theirs.
    child_names: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.objects[key]


def _request(child, caseworker, received: datetime.date):
    return assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=received,
        reasons="Not making progress in reading despite support at school.",
        consent_to_share=True,
        share_with=["education", "educational_psychology"],
        acting_user=caseworker,
    )


def _assessment(child, caseworker, received: datetime.date):
    request = _request(child, caseworker, received)
    return assessment_services.request_decide_to_assess(
        assessment_request=request,
        on=received + datetime.timedelta(days=7),
        acting_user=caseworker,
    )


def _ask(assessment, caseworker, giver, asked_on: datetime.date, kind="educational_psychology"):
    return assessment_services.advice_request_create(
        assessment=assessment,
        kind=kind,
        advice_giver=giver,
        addressee="" if giver else "Pat Parent",
        questions="What are the child's learning needs?",
        requested_on=asked_on,
        acting_user=caseworker,
    )


def _decided_to_issue(child, caseworker, giver, today: datetime.date):
    received = today - datetime.timedelta(days=60)
    assessment = _assessment(child, caseworker, received)
    advice = _ask(assessment, caseworker, giver, received + datetime.timedelta(days=8))
    assessment_services.advice_submit(
        advice_request=advice,
        needs="Slow processing speed and weak working memory.",
        outcomes="Reads at an age-appropriate level by the end of key stage 2.",
        provision="Daily structured phonics, one to one, 20 minutes, from a trained assistant.",
        acting_user=giver,
    )
    views = _ask(
        assessment, caseworker, None, received + datetime.timedelta(days=8), "family_views"
    )
    assessment_services.advice_submit(
        advice_request=views,
        needs="Gets anxious when routines change.",
        outcomes="Has friends at school.",
        provision="A quiet space at lunchtime.",
        received_on=today,
        acting_user=caseworker,
    )
    assessment_services.assessment_complete_advice(
        assessment=assessment, on=today, acting_user=caseworker
    )
    return assessment_services.assessment_decide_to_issue(
        assessment=assessment, on=today, acting_user=caseworker
    )


def build_world() -> World:
    """Call with database access; about a second of services."""
    from tests.local_offer.factories import (
        CommentFactory,
        CommentResponseFactory,
        ContactFactory,
        OrganizationFactory,
        ServiceAtLocationFactory,
        ServiceFactory,
    )

    today = timezone.localdate()
    world = World()
    north = TeamFactory(name="North locality SEN team")
    south = TeamFactory(name="South locality SEN team")
    u = world.users
    u["caseworker"] = UserFactory(role=Role.CASEWORKER, team=north, full_name="Casey Worker")
    u["manager"] = UserFactory(role=Role.MANAGER, team=north, full_name="Morgan Manager")
    u["other_caseworker"] = UserFactory(
        role=Role.CASEWORKER, team=south, full_name="Otto Otherteam"
    )
    u["advice_giver"] = UserFactory(
        role=Role.ADVICE_GIVER, full_name="Dr Ada Adviser", job_title="Educational psychologist"
    )
    u["advice_giver_not_asked"] = UserFactory(
        role=Role.ADVICE_GIVER, full_name="Dr Nell Notasked", job_title="Paediatrician"
    )
    u["family"] = UserFactory(role=Role.FAMILY, full_name="Pat Parent")
    u["other_family"] = UserFactory(role=Role.FAMILY, full_name="Olive Other")
    u["editor"] = UserFactory(role=Role.EDITOR, full_name="Eden Editor")
    u["admin"] = UserFactory(role=Role.ADMIN, full_name="Adam Admin", is_superuser=True)
    cw = u["caseworker"]
    o = world.objects

    def child(first, last, team=north):
        made = ChildFactory(
            team=team, caseworker=cw if team == north else None, first_name=first, last_name=last
        )
        world.child_names[made.pk] = f"{first} {last}"
        return made

    # A: a final plan, a letter shared with the family, the family linked to it.
    a = child("Sam", "Example")
    FamilyMemberFactory(child=a, user=u["family"], full_name="Pat Parent")
    school = Institution.objects.create(
        urn="990101", name="Northshire Primary School", kind="mainstream", town="Northtown"
    )
    plan = plan_services.plan_start(
        assessment=_decided_to_issue(a, cw, u["advice_giver"], today), acting_user=cw
    )
    fill_draft_sections(plan, cw)
    plan_services.plan_issue_draft(
        plan=plan, on=today, preferred_institution=school, acting_user=cw
    )
    consultation = bring_to_final_ready(plan, cw, school)
    final = plan_services.plan_issue_final(plan=plan, on=today, acting_user=cw)
    for version in plan.versions.all():
        plan_services.plan_version_render_pdf(version_id=version.pk)
    plan.refresh_from_db()
    o["plan"] = plan
    o["final_version"] = plan.versions.order_by("-number").first()
    o["final"] = final
    o["consultation"] = consultation
    o["letter"] = document_store(
        child=a,
        upload=SimpleUploadedFile("letter.pdf", PDF_BYTES, "application/pdf"),
        title="Letter about the plan",
        acting_user=cw,
        shared_with_family=True,
    )
    o["child"] = a

    # B: a plan being drafted (sections and items editable).
    b = child("Bea", "Drafting")
    drafting = plan_services.plan_start(
        assessment=_decided_to_issue(b, cw, u["advice_giver"], today), acting_user=cw
    )
    fill_draft_sections(drafting, cw)
    o["plan_drafting"] = drafting
    o["need"] = drafting.needs.first()

    # G: a draft plan issued, a school consulted and not yet replied.
    g = child("Gil", "Draftout")
    draft_out = plan_services.plan_start(
        assessment=_decided_to_issue(g, cw, u["advice_giver"], today), acting_user=cw
    )
    fill_draft_sections(draft_out, cw)
    plan_services.plan_issue_draft(
        plan=draft_out, on=today, preferred_institution=school, acting_user=cw
    )
    o["plan_draft_issued"] = draft_out
    o["consultation_pending"] = plan_services.plan_consult_institution(
        plan=draft_out, institution=school, on=today, acting_user=cw
    )

    # C: a request for assessment just received.
    c = child("Cal", "Requested")
    o["request"] = _request(c, cw, today - datetime.timedelta(days=10))
    o["child_request"] = c

    # D: an assessment under way, advice asked of one advice giver, not yet given.
    d = child("Dee", "Assessing")
    o["assessment"] = _assessment(d, cw, today - datetime.timedelta(days=30))
    o["advice"] = _ask(o["assessment"], cw, u["advice_giver"], today - datetime.timedelta(days=20))
    o["deadline"] = d.deadlines.filter(status="open").order_by("due_on").first()
    o["child_assessing"] = d

    # E: the other family's child, same team. F: a child of the other team.
    e = child("Robin", "Other")
    FamilyMemberFactory(child=e, user=u["other_family"], full_name="Olive Other")
    o["child_other_family"] = e
    o["child_other_team"] = child("Otto", "Elsewhere", team=south)

    second_parent = FamilyMemberFactory(child=a, full_name="Jo Example", user=None)
    _invitation, o["token"] = family_services.invitation_create(
        child=a, family_member=second_parent, email="jo.example@example.org", acting_user=cw
    )

    # The local offer: a published service with a place and a contact; feedback.
    organization = OrganizationFactory(name="Example Family Hub")
    service = ServiceFactory(
        organization=organization, name="Example speech and language drop-in", published=True
    )
    o["organization"] = organization
    o["service"] = service
    o["service_at_location"] = ServiceAtLocationFactory(service=service)
    o["contact"] = ContactFactory(service=service)
    o["comment"] = CommentFactory()
    o["response"] = CommentResponseFactory(published=True)
    o["location"] = o["service_at_location"].location
    o["taxonomy"] = Taxonomy.objects.order_by("pk").first()
    o["taxonomy_term"] = TaxonomyTerm.objects.order_by("pk").first()

    # A's annual review with its meeting arranged and advice asked; a phase transfer on it.
    from reviews import services as review_services

    review = review_services.review_start(plan=o["plan"], acting_user=cw)
    review_services.review_schedule(
        review=review,
        meeting_on=today + datetime.timedelta(days=30),
        venue="Northshire Primary School",
        acting_user=cw,
    )
    o["review"] = review
    o["review_advice"] = review_services.review_request_advice(
        review=review, kind="institution", from_whom="Class teacher", requested_on=today,
        acting_user=cw,
    )  # fmt: skip
    o["phase_transfer"] = review_services.phase_transfer_open(
        plan=o["plan"], transfer_year=today.year + 1, phase="secondary", acting_user=cw
    )
    # A's plan proposed for ceasing; an appeal about A's plan allowed by the tribunal, with
    # an order to comply with.
    from ceasing import services as ceasing_services
    from disagreements import services as disagreement_services

    o["proposal"] = ceasing_services.ceasing_propose(
        plan=o["plan"], on=today, reasons="The outcomes in the plan have been met.", acting_user=cw
    )
    disagreement = disagreement_services.disagreement_record(
        child=a, kind="plan_contents", decision_on=today, acting_user=cw
    )
    disagreement_services.disagreement_lodge_appeal(
        disagreement=disagreement, on=today, acting_user=cw
    )
    disagreement_services.disagreement_set_hearing(
        disagreement=disagreement, hearing_on=today, acting_user=cw
    )
    disagreement_services.disagreement_record_outcome(
        disagreement=disagreement, on=today, outcome="allowed", acting_user=cw
    )
    o["tribunal_order"] = disagreement_services.disagreement_order_add(
        disagreement=disagreement, code="tribunal_amend_plan", made_on=today, acting_user=cw
    )
    o["disagreement"] = disagreement
    # Case notes: a staff-only call with an attachment, and a meeting shared with the
    # family (the case page's panel, "show all" and the family portal).
    from sen_portal.casework.notes.services import case_note_record

    case_note_record(
        child=a,
        kind="phone_call",
        happened_on=today,
        with_whom="the SENCo at Northshire Primary School",
        subject="Reading support this term",
        body="Daily phonics has started; the SENCo will send the support plan.",
        uploads=[SimpleUploadedFile("support-plan.pdf", PDF_BYTES, "application/pdf")],
        acting_user=cw,
    )
    case_note_record(
        child=a,
        kind="meeting",
        happened_on=today,
        with_whom="Pat Parent",
        subject="Agreed next steps",
        body="We agreed to ask the speech and language service for advice.",
        shared_with_family=True,
        acting_user=cw,
    )
    return world


def world_fixture_body(django_db_blocker, media_root):
    """The body of a module-scoped fixture: build the world inside a transaction that is
    rolled back when the module is done, so tests (each in a savepoint, through `db`) share
    it and leave nothing behind for the next module on the same worker."""
    from django.db import transaction
    from django.test import override_settings

    from local_offer.services.taxonomies import taxonomies_ensure

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            taxonomies_ensure()
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def committed_world_fixture_body(django_db_blocker, media_root):
    """The world committed for real, for browser tests (the live server's thread reads it
    through its own connection); the database is flushed when the module is done, as
    Django's transactional tests leave it."""
    from django.core.management import call_command
    from django.test import override_settings

    from local_offer.services.taxonomies import taxonomies_ensure

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        try:
            taxonomies_ensure()
            yield build_world()
        finally:
            call_command("flush", interactive=False, verbosity=0)
