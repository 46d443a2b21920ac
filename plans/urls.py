from django.urls import path

from plans.views import (
    amendments,
    pages,
    phase_facts,
    placements,
    sections,
    versions,
    window,
    workflow,
)

app_name = "plans"
urlpatterns = [
    path("", pages.plan_list, name="plan_list"),
    path("from-assessment/<uuid:assessment_id>/", workflow.plan_start, name="plan_start"),
    path("<uuid:plan_id>/", pages.plan_detail, name="plan_detail"),
    path("<uuid:plan_id>/who-does-what/", pages.who_does_what, name="who_does_what"),
    path("<uuid:plan_id>/placements/", placements.placement_records, name="placement_records"),
    path("<uuid:plan_id>/phase/", phase_facts.phase_facts, name="phase_facts"),
    # Sections: "a" to "k", "h1" and "h2".
    path("<uuid:plan_id>/sections/<slug:code>/", sections.section, name="section"),
    path("<uuid:plan_id>/sections/<slug:code>/add/", sections.item_add, name="item_add"),
    path(
        "<uuid:plan_id>/sections/<slug:code>/<int:item_id>/",
        sections.item_edit,
        name="item_edit",
    ),
    path(
        "<uuid:plan_id>/sections/<slug:code>/<int:item_id>/remove/",
        sections.item_remove,
        name="item_remove",
    ),
    # The workflow.
    path("<uuid:plan_id>/issue-draft/", workflow.plan_issue_draft, name="plan_issue_draft"),
    path(
        "<uuid:plan_id>/family-comments/",
        workflow.plan_record_representations,
        name="plan_record_representations",
    ),
    # The family's 15 days on the draft or the proposed amendments (Regs 13(1), 22(2)(c)).
    path("<uuid:plan_id>/family-window/served/", window.window_served, name="window_served"),
    path(
        "<uuid:plan_id>/family-window/nothing-more/",
        window.window_nothing_more,
        name="window_nothing_more",
    ),
    path(
        "<uuid:plan_id>/family-window/meeting-requested/",
        window.window_meeting_requested,
        name="window_meeting_requested",
    ),
    path(
        "<uuid:plan_id>/family-window/meeting-held/",
        window.window_meeting_held,
        name="window_meeting_held",
    ),
    path("<uuid:plan_id>/consult/", workflow.plan_consult, name="plan_consult"),
    path(
        "consultations/<int:consultation_id>/reply/",
        workflow.consultation_response,
        name="consultation_response",
    ),
    path("<uuid:plan_id>/issue-final/", workflow.plan_issue_final, name="plan_issue_final"),
    path("<uuid:plan_id>/in-force/", workflow.plan_bring_into_force, name="plan_bring_into_force"),
    path("<uuid:plan_id>/withdraw/", workflow.plan_withdraw, name="plan_withdraw"),
    # Amending the issued plan.
    path("<uuid:plan_id>/amend/", amendments.amendment_start, name="amendment_start"),
    path("<uuid:plan_id>/amend/propose/", amendments.amendment_propose, name="amendment_propose"),
    path(
        "<uuid:plan_id>/amend/family-comments/",
        amendments.amendment_representations,
        name="amendment_representations",
    ),
    path("<uuid:plan_id>/amend/issue/", amendments.amendment_issue, name="amendment_issue"),
    path("<uuid:plan_id>/amend/not-amending/", amendments.amendment_not, name="amendment_not"),
    # Versions.
    path("<uuid:plan_id>/versions/<int:number>/", versions.version_detail, name="version_detail"),
    path("<uuid:plan_id>/versions/<int:number>/pdf/", versions.version_pdf, name="version_pdf"),
    path(
        "<uuid:plan_id>/versions/<int:number>/render/",
        versions.version_render,
        name="version_render",
    ),
    path("<uuid:plan_id>/compare/", versions.version_compare, name="version_compare"),
]
