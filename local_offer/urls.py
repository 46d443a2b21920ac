"""The local offer's pages, in two namespaces: `local_offer_public` for everyone (no
sign-in) and `local_offer` for editors, under manage/."""

from django.urls import include, path

from local_offer.views import manage, public

public_patterns = [
    path("", public.search, name="search"),
    path("services/<uuid:service_id>/", public.service_detail, name="service"),
    path("information/<slug:slug>/", public.information, name="information"),
    path("comment/", public.comment, name="comment"),
    path("comment/sent/", public.comment_sent, name="comment_sent"),
    path("you-said-we-did/", public.you_said_we_did, name="you_said_we_did"),
]

editor_patterns = [
    path("", manage.service_list, name="manage_services"),
    path("services/new/", manage.service_create, name="manage_service_create"),
    path("services/<uuid:service_id>/", manage.service_manage, name="manage_service"),
    path(
        "services/<uuid:service_id>/edit/",
        manage.service_edit,
        name="manage_service_edit",
    ),
    path(
        "services/<uuid:service_id>/publish/",
        manage.service_publish,
        name="manage_service_publish",
    ),
    path(
        "services/<uuid:service_id>/unpublish/",
        manage.service_unpublish,
        name="manage_service_unpublish",
    ),
    path(
        "services/<uuid:service_id>/<slug:kind>/add/",
        manage.item_add,
        name="manage_item_add",
    ),
    path(
        "services/<uuid:service_id>/<slug:kind>/<uuid:item_id>/edit/",
        manage.item_edit,
        name="manage_item_edit",
    ),
    path(
        "services/<uuid:service_id>/<slug:kind>/<uuid:item_id>/remove/",
        manage.item_remove,
        name="manage_item_remove",
    ),
    path("organisations/", manage.organization_list, name="manage_organizations"),
    path(
        "organisations/new/",
        manage.organization_create,
        name="manage_organization_create",
    ),
    path(
        "organisations/<uuid:organization_id>/edit/",
        manage.organization_edit,
        name="manage_organization_edit",
    ),
    path("comments/", manage.comment_list, name="manage_comments"),
    path("comments/<uuid:comment_id>/", manage.comment_detail, name="manage_comment"),
    path(
        "comments/<uuid:comment_id>/publish/",
        manage.comment_publish,
        name="manage_comment_publish",
    ),
    path(
        "comments/<uuid:comment_id>/withhold/",
        manage.comment_withhold,
        name="manage_comment_withhold",
    ),
    path("responses/", manage.response_list, name="manage_responses"),
    path("responses/new/", manage.response_create, name="manage_response_create"),
    path("responses/<uuid:response_id>/", manage.response_edit, name="manage_response"),
    path(
        "responses/<uuid:response_id>/publish/",
        manage.response_publish,
        name="manage_response_publish",
    ),
    path(
        "responses/<uuid:response_id>/unpublish/",
        manage.response_unpublish,
        name="manage_response_unpublish",
    ),
]

urlpatterns = [
    path("", include((public_patterns, "local_offer_public"))),
    path("manage/", include((editor_patterns, "local_offer"))),
]
