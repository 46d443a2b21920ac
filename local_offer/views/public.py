"""The public local offer: no sign-in. Search, service pages, the information the law
requires, comments and "you said, we did"."""

from axes.helpers import get_client_ip_address
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from local_offer import selectors
from local_offer.constants import INFORMATION_PAGES, CommentTheme
from local_offer.forms import CommentForm, SearchForm
from local_offer.models import Service
from local_offer.services import feedback
from local_offer.views import page_query

PAGE_SIZE = 20


def _search_page(services, filters, number) -> Page:
    """The page asked for; when the search reads every matching row anyway, the count
    comes with the page's rows (selectors.page_with_count) instead of a second search."""
    paginator = Paginator(services, PAGE_SIZE)
    if not selectors.reads_every_row(filters):
        return paginator.get_page(number)
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    rows, paginator.count = selectors.page_with_count(
        services, start=(wanted - 1) * PAGE_SIZE, size=PAGE_SIZE
    )
    if not rows:
        return paginator.get_page(number)  # past the end: the last page, as Django gives
    return Page(rows, wanted, paginator)


@login_not_required
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    filters = form.filters()
    services = selectors.public_service_list(filters=filters)
    page = _search_page(services, filters, request.GET.get("page"))
    return render(
        request,
        "local_offer/public/search.html",
        {
            "form": form,
            "filters": filters,
            "filtered": bool(
                filters.q
                or filters.categories
                or filters.age is not None
                or filters.needs
                or filters.cost
                or filters.near
            ),
            "page": page,
            "page_query": page_query(request.GET),
            "information_pages": INFORMATION_PAGES,
        },
    )


@login_not_required
@require_GET
def service_detail(request, service_id):
    try:
        service = selectors.public_service_detail(service_id=service_id)
    except (Service.DoesNotExist, ValidationError):
        raise Http404("No such service") from None
    return render(
        request,
        "local_offer/public/service_detail.html",
        {
            "service": service,
            "locations": [link.location for link in service.service_at_locations.all()],
        },
    )


@login_not_required
@require_GET
def information(request, slug):
    if slug not in INFORMATION_PAGES:
        raise Http404("No such page")
    title, summary = INFORMATION_PAGES[slug]
    return render(
        request,
        f"local_offer/information/{slug}.html",
        {"title": title, "summary": summary, "information_pages": INFORMATION_PAGES},
    )


def _client_address(request) -> str:
    # The address sign-in throttling (django-axes) uses, so that a deployment behind a
    # proxy configures it once (AXES_CLIENT_IP_CALLABLE or django-ipware).
    return get_client_ip_address(request) or ""


@login_not_required
@require_http_methods(["GET", "POST"])
def comment(request):
    theme = request.GET.get("theme", "")
    initial = {"theme": theme} if theme in CommentTheme.values else {}
    form = CommentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.caught_in_trap:
            # Say nothing a script could learn from; store nothing.
            return redirect("local_offer_public:comment_sent")
        data = form.cleaned_data
        try:
            feedback.comment_submit(
                theme=data["theme"],
                body=data["body"],
                may_publish=data["may_publish"],
                reply_email=data["reply_email"],
                fingerprint=feedback.sender_fingerprint(_client_address(request)),
            )
        except feedback.TooManyComments:
            form.add_error(
                None,
                "You have sent several comments in the last hour. Wait an hour and try again, "
                "or email us instead.",
            )
            status = 429
        else:
            return redirect("local_offer_public:comment_sent")
    return render(request, "local_offer/public/comment_form.html", {"form": form}, status=status)


@login_not_required
@require_GET
def comment_sent(request):
    return render(request, "local_offer/public/comment_sent.html")


@login_not_required
@require_GET
def you_said_we_did(request):
    return render(
        request,
        "local_offer/public/you_said_we_did.html",
        {"years": selectors.published_responses_by_year()},
    )
