"""Staff pages for local offer editors: the directory's entries and organisations, and
families' comments with the council's responses. Changes go through local_offer.services."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_fsm import ConcurrentTransition

from local_offer import forms as lo_forms
from local_offer import selectors
from local_offer.models import (
    Comment,
    CommentResponse,
    Contact,
    CostOption,
    LocalOfferChange,
    Location,
    Organization,
    Schedule,
    Service,
)
from local_offer.services import directory, feedback
from local_offer.views import page_query
from sen_portal.access import allow
from sen_portal.accounts.roles import Role
from sen_portal.concurrency import StaleEdit, stale_form

EDITORS = (Role.EDITOR, Role.ADMIN)
PAGE_SIZE = 25
GET_OR_POST = require_http_methods(["GET", "POST"])


def _get(model: type[models.Model], pk, **filters) -> Any:
    """Editors may see every entry; an unknown or malformed id is a 404."""
    try:
        return model.objects.get(pk=pk, **filters)
    except (model.DoesNotExist, ValidationError):
        raise Http404("Not found") from None


def _service(service_id) -> Service:
    try:
        return selectors.manage_service_detail(service_id=service_id)
    except (Service.DoesNotExist, ValidationError):
        raise Http404("No such entry") from None


def _changed(form: forms.BaseForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.changed_data}


def _transition(request, action: Callable, success: str) -> None:
    """Run a publish/unpublish service; turn refusals into a message for the editor."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except ConcurrentTransition:
        messages.error(request, "Someone else changed this at the same time. Try again.")
    else:
        messages.success(request, success)


# Entries


@allow(*EDITORS)
@require_http_methods(["GET"])
def service_list(request):
    q = request.GET.get("q", "")
    status = request.GET.get("status", "")
    stale_only = request.GET.get("stale") == "1"
    today = timezone.localdate()
    services = selectors.manage_service_list(q=q, status=status, stale_only=stale_only, today=today)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "local_offer/manage/service_list.html",
        {
            "page": page,
            "page_query": page_query(request.GET),
            "q": q,
            "status": status,
            "stale_only": stale_only,
            "stale_count": Service.objects.stale(today=today).count(),
            "statuses": Service.Status.choices,
            "today": today,
        },
    )


@allow(*EDITORS)
@GET_OR_POST
def service_create(request):
    form = lo_forms.ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = directory.service_create(acting_user=request.user, **form.cleaned_data)
        messages.success(request, f"{service.name} saved as a draft")
        return redirect("local_offer:manage_service", service_id=service.pk)
    return render(request, "local_offer/manage/service_form.html", {"form": form})


@allow(*EDITORS)
@require_http_methods(["GET"])
def service_manage(request, service_id):
    service = _service(service_id)
    return render(
        request,
        "local_offer/manage/service_detail.html",
        {
            "service": service,
            "locations": [link.location for link in service.service_at_locations.all()],
            "changes": selectors.changes_for(
                object_type=LocalOfferChange.ObjectType.SERVICE, object_id=service.pk
            ),
        },
    )


@allow(*EDITORS)
@GET_OR_POST
def service_edit(request, service_id):
    service = _service(service_id)
    form = lo_forms.ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        # The form has applied its values to `service`; compare against the database.
        original = _get(Service, service_id)
        try:
            directory.service_update(
                acting_user=request.user,
                service=original,
                data=_changed(form),
                version=form.version,
            )
        except StaleEdit as stale:
            form = stale_form(lambda current: lo_forms.ServiceForm(instance=current), stale)
        else:
            messages.success(request, "Changes saved")
            return redirect("local_offer:manage_service", service_id=service_id)
    return render(
        request, "local_offer/manage/service_form.html", {"form": form, "service": service}
    )


@allow(*EDITORS)
@require_POST
def service_publish(request, service_id):
    service = _get(Service, service_id)
    _transition(
        request,
        lambda: directory.service_publish(acting_user=request.user, service=service),
        f"{service.name} is published: the public can see it now",
    )
    return redirect("local_offer:manage_service", service_id=service_id)


@allow(*EDITORS)
@require_POST
def service_unpublish(request, service_id):
    service = _get(Service, service_id)
    _transition(
        request,
        lambda: directory.service_unpublish(acting_user=request.user, service=service),
        f"{service.name} is unpublished: the public can no longer see it",
    )
    return redirect("local_offer:manage_service", service_id=service_id)


# The parts of an entry: places, contacts, opening times, costs.


@dataclass(frozen=True)
class ItemKind:
    noun: str
    model: type[models.Model]
    filters: Callable[[Service], dict]
    form: Callable[..., forms.BaseForm]
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]


ITEM_KINDS: dict[str, ItemKind] = {
    "place": ItemKind(
        noun="place",
        model=Location,
        filters=lambda service: {"service_at_locations__service": service},
        form=lambda data, item: lo_forms.LocationForm(data, instance=item),
        add=lambda user, service, form: directory.location_add(
            acting_user=user, service=service, **form.cleaned_data
        ),
        update=lambda user, service, item, form: directory.location_update(
            acting_user=user,
            service=service,
            location=item,
            data=_changed(form),
            version=form.version,
        ),
        remove=lambda user, service, item: directory.location_remove(
            acting_user=user, service=service, location=item
        ),
    ),
    "contact": ItemKind(
        noun="contact",
        model=Contact,
        filters=lambda service: {"service": service},
        form=lambda data, item: lo_forms.ContactForm(data, contact=item),
        add=lambda user, service, form: directory.contact_add(
            acting_user=user, service=service, **form.cleaned_data
        ),
        update=lambda user, service, item, form: directory.contact_update(
            acting_user=user,
            service=service,
            contact=item,
            data=form.cleaned_data,
            version=form.version,
        ),
        remove=lambda user, service, item: directory.contact_remove(
            acting_user=user, service=service, contact=item
        ),
    ),
    "opening-times": ItemKind(
        noun="opening times",
        model=Schedule,
        filters=lambda service: {"service": service},
        form=lambda data, item: lo_forms.ScheduleForm(data, schedule=item),
        add=lambda user, service, form: directory.schedule_add(
            acting_user=user, service=service, **form.schedule_fields()
        ),
        update=lambda user, service, item, form: directory.schedule_update(
            acting_user=user,
            service=service,
            schedule=item,
            data=form.schedule_fields(),
            version=form.version,
        ),
        remove=lambda user, service, item: directory.schedule_remove(
            acting_user=user, service=service, schedule=item
        ),
    ),
    "cost": ItemKind(
        noun="cost",
        model=CostOption,
        filters=lambda service: {"service": service},
        form=lambda data, item: lo_forms.CostOptionForm(data, instance=item),
        add=lambda user, service, form: directory.cost_option_add(
            acting_user=user, service=service, **form.cleaned_data
        ),
        update=lambda user, service, item, form: directory.cost_option_update(
            acting_user=user,
            service=service,
            cost_option=item,
            data=_changed(form),
            version=form.version,
        ),
        remove=lambda user, service, item: directory.cost_option_remove(
            acting_user=user, service=service, cost_option=item
        ),
    ),
}


def _kind(kind: str) -> ItemKind:
    if kind not in ITEM_KINDS:
        raise Http404("No such part of an entry")
    return ITEM_KINDS[kind]


@allow(*EDITORS)
@GET_OR_POST
def item_add(request, service_id, kind):
    item_kind = _kind(kind)
    service = _get(Service, service_id)
    form = item_kind.form(request.POST or None, None)
    if request.method == "POST" and form.is_valid():
        item_kind.add(request.user, service, form)
        messages.success(request, f"{item_kind.noun.capitalize()} added")
        return redirect("local_offer:manage_service", service_id=service.pk)
    return render(
        request,
        "local_offer/manage/item_form.html",
        {"form": form, "service": service, "noun": item_kind.noun, "adding": True},
    )


@allow(*EDITORS)
@GET_OR_POST
def item_edit(request, service_id, kind, item_id):
    item_kind = _kind(kind)
    service = _get(Service, service_id)
    item = _get(item_kind.model, item_id, **item_kind.filters(service))
    form = item_kind.form(request.POST or None, item)
    if request.method == "POST" and form.is_valid():
        # A model form has applied its values to `item`; the service compares with the database.
        original = _get(item_kind.model, item_id)
        try:
            item_kind.update(request.user, service, original, form)
        except StaleEdit as stale:
            form = stale_form(lambda current: item_kind.form(None, current), stale)
        else:
            messages.success(request, f"{item_kind.noun.capitalize()} saved")
            return redirect("local_offer:manage_service", service_id=service.pk)
    return render(
        request,
        "local_offer/manage/item_form.html",
        {"form": form, "service": service, "noun": item_kind.noun, "adding": False},
    )


@allow(*EDITORS)
@require_POST
def item_remove(request, service_id, kind, item_id):
    item_kind = _kind(kind)
    service = _get(Service, service_id)
    item = _get(item_kind.model, item_id, **item_kind.filters(service))
    item_kind.remove(request.user, service, item)
    messages.success(request, f"{item_kind.noun.capitalize()} removed")
    return redirect("local_offer:manage_service", service_id=service.pk)


# Organisations


@allow(*EDITORS)
@require_http_methods(["GET"])
def organization_list(request):
    return render(
        request,
        "local_offer/manage/organization_list.html",
        {"organizations": selectors.organization_list()},
    )


@allow(*EDITORS)
@GET_OR_POST
def organization_create(request):
    form = lo_forms.OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = directory.organization_create(acting_user=request.user, **form.cleaned_data)
        messages.success(request, f"{organization.name} added")
        return redirect("local_offer:manage_organizations")
    return render(request, "local_offer/manage/organization_form.html", {"form": form})


@allow(*EDITORS)
@GET_OR_POST
def organization_edit(request, organization_id):
    organization = _get(Organization, organization_id)
    form = lo_forms.OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        original = _get(Organization, organization_id)
        try:
            directory.organization_update(
                acting_user=request.user,
                organization=original,
                data=_changed(form),
                version=form.version,
            )
        except StaleEdit as stale:
            form = stale_form(lambda current: lo_forms.OrganizationForm(instance=current), stale)
        else:
            messages.success(request, "Organisation saved")
            return redirect("local_offer:manage_organizations")
    return render(
        request,
        "local_offer/manage/organization_form.html",
        {"form": form, "organization": organization},
    )


# Comments and responses


@allow(*EDITORS)
@require_http_methods(["GET"])
def comment_list(request):
    status = request.GET.get("status", Comment.Status.RECEIVED)
    comments = selectors.comment_list(status=status)
    page = Paginator(comments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "local_offer/manage/comment_list.html",
        {
            "page": page,
            "page_query": page_query(request.GET),
            "status": status,
            "statuses": [*Comment.Status.choices, ("all", "All")],
        },
    )


@allow(*EDITORS)
@GET_OR_POST
def comment_detail(request, comment_id):
    comment = _get(Comment, comment_id)
    form = lo_forms.CommentSortForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        original = _get(Comment, comment_id)
        feedback.comment_update(acting_user=request.user, comment=original, data=_changed(form))
        messages.success(request, "Comment saved")
        return redirect("local_offer:manage_comment", comment_id=comment_id)
    return render(
        request,
        "local_offer/manage/comment_detail.html",
        {
            "comment": _get(Comment, comment_id) if form.is_bound else comment,
            "form": form,
            "changes": selectors.changes_for(
                object_type=LocalOfferChange.ObjectType.COMMENT, object_id=comment_id
            ),
        },
    )


@allow(*EDITORS)
@require_POST
def comment_publish(request, comment_id):
    comment = _get(Comment, comment_id)
    _transition(
        request,
        lambda: feedback.comment_publish(acting_user=request.user, comment=comment),
        "Comment published. It appears on “You said, we did” once its response is published",
    )
    return redirect("local_offer:manage_comment", comment_id=comment_id)


@allow(*EDITORS)
@require_POST
def comment_withhold(request, comment_id):
    comment = _get(Comment, comment_id)
    _transition(
        request,
        lambda: feedback.comment_withhold(acting_user=request.user, comment=comment),
        "Comment will not be published",
    )
    return redirect("local_offer:manage_comment", comment_id=comment_id)


@allow(*EDITORS)
@require_http_methods(["GET"])
def response_list(request):
    return render(
        request,
        "local_offer/manage/response_list.html",
        {"responses": selectors.response_list()},
    )


@allow(*EDITORS)
@GET_OR_POST
def response_create(request):
    # Drafting from a comment groups that comment under the new response.
    comment = None
    comment_id = request.GET.get("comment")
    if comment_id:
        comment = _get(Comment, comment_id)
    initial = {"theme": comment.theme} if comment else {}
    form = lo_forms.ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = feedback.response_create(
            acting_user=request.user,
            comments=[comment] if comment else [],
            **form.cleaned_data,
        )
        messages.success(request, "Response saved as a draft")
        return redirect("local_offer:manage_response", response_id=response.pk)
    return render(
        request, "local_offer/manage/response_form.html", {"form": form, "comment": comment}
    )


@allow(*EDITORS)
@GET_OR_POST
def response_edit(request, response_id):
    response = _get(CommentResponse, response_id)
    form = lo_forms.ResponseForm(request.POST or None, instance=response)
    if request.method == "POST" and form.is_valid():
        original = _get(CommentResponse, response_id)
        feedback.response_update(acting_user=request.user, response=original, data=_changed(form))
        messages.success(request, "Response saved")
        return redirect("local_offer:manage_response", response_id=response_id)
    if form.is_bound:
        response = _get(CommentResponse, response_id)
    return render(
        request,
        "local_offer/manage/response_form.html",
        {
            "form": form,
            "response": response,
            "comments": response.comments.order_by("created_at"),
        },
    )


@allow(*EDITORS)
@require_POST
def response_publish(request, response_id):
    response = _get(CommentResponse, response_id)
    _transition(
        request,
        lambda: feedback.response_publish(acting_user=request.user, response=response),
        "Response published on “You said, we did”",
    )
    return redirect("local_offer:manage_response", response_id=response_id)


@allow(*EDITORS)
@require_POST
def response_unpublish(request, response_id):
    response = _get(CommentResponse, response_id)
    _transition(
        request,
        lambda: feedback.response_unpublish(acting_user=request.user, response=response),
        "Response unpublished",
    )
    return redirect("local_offer:manage_response", response_id=response_id)
