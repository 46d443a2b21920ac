import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from local_offer.constants import CATEGORY_TERM_IDS
from local_offer.models import (
    Contact,
    CostOption,
    LocalOfferChange,
    Location,
    Schedule,
    Service,
)
from tests.local_offer.conftest import local_offer_queries
from tests.local_offer.factories import (
    ContactFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("local_offer:manage_services")
CREATE = reverse("local_offer:manage_service_create")


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def manage_url(service, name="manage_service"):
    return reverse(f"local_offer:{name}", args=[service.pk])


def entry_answers(organization, **overrides):
    review_by = timezone.localdate() + datetime.timedelta(days=365)
    data = {
        "organization": str(organization.pk),
        "name": "Sensory play sessions",
        "description": "Messy play for young children.",
        "needs_served": "both",
        "categories": [str(CATEGORY_TERM_IDS["leisure"])],
        "minimum_age": "0",
        "maximum_age": "5",
        "eligibility_description": "",
        "application_process": "Just come along.",
        "email": "play@example.org",
        "url": "",
        "languages": "English, Polish,  ",
        "operating_status": "active",
        "alert": "",
        "review_by_day": str(review_by.day),
        "review_by_month": str(review_by.month),
        "review_by_year": str(review_by.year),
    }
    data.update(overrides)
    return data


def test_an_editor_adds_an_entry_as_a_draft(signed_in, editor):
    organization = OrganizationFactory()
    response = signed_in.post(CREATE, entry_answers(organization))
    service = Service.objects.get()
    assert response.status_code == 302
    assert response.url == manage_url(service)
    assert service.status == Service.Status.DRAFT
    assert service.name == "Sensory play sessions"
    assert [term.code for term in service.categories.all()] == ["leisure"]
    assert sorted(language.name for language in service.languages.all()) == ["English", "Polish"]
    change = LocalOfferChange.objects.get(object_id=service.pk)
    assert change.actor == editor
    assert change.action == "service_created"
    # A draft is not public.
    public = reverse("local_offer_public:service", args=[service.pk])
    assert signed_in.get(public).status_code == 404


def test_missing_answers_are_listed_in_an_error_summary(signed_in):
    response = signed_in.post(
        CREATE,
        entry_answers(
            OrganizationFactory(),
            name="",
            needs_served="",
            categories=[],
            review_by_day="",
            review_by_month="",
            review_by_year="",
        ),
    )
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    for message in [
        "Enter the name of the service",
        "Select who the service is for",
        "Select at least one type of support",
        "Enter the date to review this entry by",
    ]:
        assert message in text, message
    assert 'href="#id_name"' in text
    # The review-by error links to the day box of the date input.
    target = re.search(r'<a href="#([\w-]+)">Enter the date to review this entry by', text)[1]
    assert f'id="{target}"' in text
    assert 'name="review_by_day"' in text.split(f'id="{target}"')[0].rsplit("<input", 1)[1]
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    "youngest,oldest,message",
    [
        ("12", "5", "The oldest age must be the same as or more than the youngest age"),
        ("0", "30", "Enter an age from 0 to 25"),
        ("-1", "5", "Enter an age from 0 to 25"),
        ("ten", "12", "Enter an age from 0 to 25"),
    ],
)
def test_ages_must_be_a_range_within_0_to_25(signed_in, youngest, oldest, message):
    answers = entry_answers(OrganizationFactory(), minimum_age=youngest, maximum_age=oldest)
    response = signed_in.post(CREATE, answers)
    assert message in response.text
    assert not Service.objects.exists()


def test_an_impossible_review_date_is_refused(signed_in):
    answers = entry_answers(OrganizationFactory(), review_by_day="31", review_by_month="2")
    response = signed_in.post(CREATE, answers)
    assert "Enter a real date" in response.text


def test_editing_an_entry_records_which_fields_changed(signed_in, editor):
    service = ServiceFactory(categories=["leisure"], name="Old name", minimum_age=0)
    answers = entry_answers(
        service.organization,
        name="New name",
        categories=[str(CATEGORY_TERM_IDS["leisure"]), str(CATEGORY_TERM_IDS["health"])],
        minimum_age="0",
        maximum_age="25",
        languages="",
        email=service.email,
        description=service.description,
        application_process="",
        needs_served=service.needs_served,
        review_by_day=str(service.review_by.day),
        review_by_month=str(service.review_by.month),
        review_by_year=str(service.review_by.year),
        version_field=service.version,
    )
    response = signed_in.post(manage_url(service, "manage_service_edit"), answers)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "New name"
    assert {term.code for term in service.categories.all()} == {"leisure", "health"}
    change = LocalOfferChange.objects.get(object_id=service.pk, action="service_changed")
    assert change.fields == ["name", "categories"]
    assert change.summary == "Details changed: Name, Categories"


def test_saving_an_entry_unchanged_records_nothing(signed_in):
    service = ServiceFactory(categories=["leisure"], application_process="")
    page = signed_in.get(manage_url(service, "manage_service_edit"))
    form = page.context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in (
            (name, form[name].value()) for name in form.fields if name != "review_by"
        )
    }
    data["categories"] = [str(pk) for pk in form["categories"].value()]
    data.update(
        review_by_day=service.review_by.day,
        review_by_month=service.review_by.month,
        review_by_year=service.review_by.year,
    )
    signed_in.post(manage_url(service, "manage_service_edit"), data)
    assert not LocalOfferChange.objects.filter(object_id=service.pk).exists()


def test_publishing_makes_the_entry_public_and_unpublishing_hides_it(signed_in, editor):
    service = ServiceFactory()
    public = reverse("local_offer_public:service", args=[service.pk])
    response = signed_in.post(manage_url(service, "manage_service_publish"), follow=True)
    assert "is published: the public can see it now" in response.text
    service.refresh_from_db()
    assert service.status == Service.Status.PUBLISHED
    assert signed_in.get(public).status_code == 200

    response = signed_in.post(manage_url(service, "manage_service_unpublish"), follow=True)
    assert "is unpublished" in response.text
    service.refresh_from_db()
    assert service.status == Service.Status.DRAFT
    assert signed_in.get(public).status_code == 404
    actions = list(
        LocalOfferChange.objects.filter(object_id=service.pk)
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["service_published", "service_unpublished"]


def test_an_entry_with_no_way_to_get_in_touch_is_not_published(signed_in):
    service = ServiceFactory(email="", url="")
    response = signed_in.post(manage_url(service, "manage_service_publish"), follow=True)
    assert "Add a way to get in touch" in response.text
    service.refresh_from_db()
    assert service.status == Service.Status.DRAFT
    assert not LocalOfferChange.objects.filter(object_id=service.pk).exists()


def test_publishing_twice_is_refused_with_a_message(signed_in):
    service = ServiceFactory(published=True)
    response = signed_in.post(manage_url(service, "manage_service_publish"), follow=True)
    assert "This entry is already published." in response.text


def test_stale_entries_are_flagged_and_can_be_listed_alone(signed_in):
    today = timezone.localdate()
    ServiceFactory(name="Stale club", review_by=today - datetime.timedelta(days=1))
    ServiceFactory(name="Fresh club", review_by=today + datetime.timedelta(days=1))
    page = signed_in.get(LIST)
    assert "1 entry is past its review-by date" in page.text
    assert "Out of date" in page.text
    stale_only = signed_in.get(LIST, {"stale": "1"})
    assert "Stale club" in stale_only.text
    assert "Fresh club" not in stale_only.text


def test_the_list_filters_by_publication_and_name(signed_in):
    ServiceFactory(name="Published club", published=True)
    ServiceFactory(name="Draft club")
    drafts = signed_in.get(LIST, {"status": "draft"})
    assert "Draft club" in drafts.text
    assert "Published club" not in drafts.text
    found = signed_in.get(LIST, {"q": "published"})
    assert "Published club" in found.text
    assert "Draft club" not in found.text


def test_the_list_uses_the_same_queries_for_3_or_30_entries(signed_in):
    for _ in range(3):
        ServiceFactory()
    # The count, the count of stale entries, one page of entries with their organisations.
    # (Sign-in and the rest of the layout are counted by their own tests.)
    assert len(local_offer_queries(signed_in, LIST)) == 3
    for _ in range(27):
        ServiceFactory()
    assert len(local_offer_queries(signed_in, LIST)) == 3


def test_the_entry_page_shows_its_parts_and_history(signed_in, editor):
    service = ServiceFactory(name="Sensory play")
    contact = ContactFactory(service=service, name="Play team")
    PhoneFactory(contact=contact, number="01632 960777")
    signed_in.post(manage_url(service, "manage_service_publish"))
    page = signed_in.get(manage_url(service))
    assert "Play team" in page.text
    assert "01632 960777" in page.text
    assert "Published" in page.text
    assert f"by {editor.full_name}" in page.text


def item_url(service, kind, item=None, action="add"):
    if item is None:
        return reverse("local_offer:manage_item_add", args=[service.pk, kind])
    return reverse(f"local_offer:manage_item_{action}", args=[service.pk, kind, item.pk])


PLACE = {
    "name": "Hope Community Centre",
    "address_1": "12 Orchard Lane",
    "address_2": "",
    "city": "Southby",
    "postcode": "zz2 3bb",
    "latitude": "54.5614",
    "longitude": "-1.5209",
    "accessibility": "Step-free access",
    "description": "",
}


def test_an_editor_adds_a_place_with_a_normalised_postcode(signed_in):
    service = ServiceFactory()
    response = signed_in.post(item_url(service, "place"), PLACE)
    assert response.status_code == 302
    location = Location.objects.get()
    assert location.postcode == "ZZ2 3BB"
    assert location.service_at_locations.get().service == service
    change = LocalOfferChange.objects.get(object_id=service.pk)
    assert change.summary == "Place added: Hope Community Centre"


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"postcode": "NOT A CODE"}, "Enter a real postcode, for example ZZ1 1AA"),
        ({"longitude": ""}, "Enter both the latitude and the longitude, or neither"),
        ({"latitude": "95"}, "Enter a latitude between -90 and 90"),
        ({"city": ""}, "Enter the town or city"),
    ],
)
def test_a_place_with_a_problem_is_refused_with_a_message(signed_in, changes, message):
    service = ServiceFactory()
    response = signed_in.post(item_url(service, "place"), {**PLACE, **changes})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not Location.objects.exists()


def test_removing_a_place_deletes_it_when_no_other_entry_uses_it(signed_in):
    shared = LocationFactory()
    first = ServiceAtLocationFactory(location=shared).service
    second = ServiceAtLocationFactory(location=shared).service
    signed_in.post(item_url(first, "place", shared, "remove"))
    assert Location.objects.filter(pk=shared.pk).exists()
    signed_in.post(item_url(second, "place", shared, "remove"))
    assert not Location.objects.filter(pk=shared.pk).exists()


def test_a_part_of_another_entry_cannot_be_changed_through_this_one(signed_in):
    contact = ContactFactory()
    other = ServiceFactory()
    response = signed_in.post(item_url(other, "contact", contact, "remove"))
    assert response.status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_an_unknown_kind_of_part_is_not_found(signed_in):
    service = ServiceFactory()
    assert signed_in.get(item_url(service, "spaceship")).status_code == 404


def test_a_contact_needs_an_email_or_a_phone_and_keeps_its_phone(signed_in):
    service = ServiceFactory()
    empty = signed_in.post(item_url(service, "contact"), {"name": "Team"})
    assert "Enter an email address or a phone number" in empty.text
    signed_in.post(item_url(service, "contact"), {"name": "Team", "phone": "01632 960 001"})
    contact = Contact.objects.get()
    assert contact.phones.get().number == "01632 960 001"
    signed_in.post(
        item_url(service, "contact", contact, "edit"),
        {
            "name": "Team",
            "phone": "01632 960 002",
            "email": "team@example.org",
            "version_field": contact.version,
        },
    )
    contact.refresh_from_db()
    assert contact.email == "team@example.org"
    assert [phone.number for phone in contact.phones.all()] == ["01632 960 002"]
    change = LocalOfferChange.objects.filter(action="contact_changed").get()
    assert change.fields == ["email", "phone"]


def test_opening_times_are_stored_as_a_weekly_rule(signed_in):
    service = ServiceFactory()
    response = signed_in.post(
        item_url(service, "opening-times"),
        {"days": ["WE", "MO"], "opens_at": "9:30am", "closes_at": "15:00", "description": ""},
    )
    assert response.status_code == 302
    schedule = Schedule.objects.get()
    assert schedule.freq == "WEEKLY"
    assert schedule.byday == "MO,WE"
    assert schedule.opens_at == datetime.time(9, 30)
    assert schedule.closes_at == datetime.time(15, 0)


def test_opening_times_must_close_after_they_open(signed_in):
    service = ServiceFactory()
    response = signed_in.post(
        item_url(service, "opening-times"),
        {"days": ["MO"], "opens_at": "15:00", "closes_at": "9am"},
    )
    assert "The closing time must be after the opening time" in response.text
    assert not Schedule.objects.exists()


def test_a_cost_is_added_and_the_entry_is_no_longer_free(signed_in, client):
    service = ServiceFactory(published=True)
    signed_in.post(
        item_url(service, "cost"), {"amount": "12.50", "amount_description": "per session"}
    )
    assert CostOption.objects.get().amount == 12.5
    page = client.get(reverse("local_offer_public:service", args=[service.pk]))
    assert "£12.50 per session" in page.text


def test_a_negative_cost_is_refused(signed_in):
    service = ServiceFactory()
    response = signed_in.post(item_url(service, "cost"), {"amount": "-3"})
    assert "The amount cannot be negative" in response.text


def test_changing_a_part_updates_the_entrys_last_modified_time(signed_in):
    service = ServiceFactory()
    before = service.updated_at
    signed_in.post(item_url(service, "contact"), {"email": "new@example.org"})
    service.refresh_from_db()
    assert service.updated_at > before


def test_organisation_names_are_unique_whatever_their_case(signed_in):
    OrganizationFactory(name="Riverside Short Breaks")
    response = signed_in.post(
        reverse("local_offer:manage_organization_create"),
        {"name": "riverside short breaks", "description": "Duplicate."},
    )
    assert "An organisation with this name already exists" in response.text


def test_an_imported_draft_lists_what_to_fix_and_is_not_published_until_fixed(signed_in):
    """An import keeps a service for ages 12 to 100 that does not say whom it serves as a
    draft (services/oruk_import.py): the editor sees why, and publishing waits for it."""
    service = ServiceFactory()
    Service.objects.filter(pk=service.pk).update(minimum_age=12, maximum_age=100, needs_served="")
    page = signed_in.get(manage_url(service, "manage_service"))
    assert "Before this entry can be published" in page.text
    assert "narrow the age range (it is 12 to 100)" in page.text
    response = signed_in.post(manage_url(service, "manage_service_publish"), follow=True)
    assert "Say who the service is for" in response.text
    service.refresh_from_db()
    assert service.status == Service.Status.DRAFT
