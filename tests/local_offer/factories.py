"""Local offer test data: fictional organisations and services (example.org, ZZ postcodes)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from local_offer.constants import CATEGORY_TERM_IDS
from local_offer.models import (
    Comment,
    CommentResponse,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
)
from local_offer.services.directory import service_search_refresh


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Example Organisation {n}")
    description = "A fictional organisation for tests."
    email = factory.Sequence(lambda n: f"org{n}@example.org")


class ServiceFactory(factory.django.DjangoModelFactory):
    """A draft by default; `published=True` gives a published entry. Pass `categories=[...]`
    (category codes). The search document is refreshed, as the services do."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=Service.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            assured_date=factory.LazyFunction(timezone.localdate),
        )

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Example service {n}")
    description = "A fictional service used in tests."
    email = factory.Sequence(lambda n: f"service{n}@example.org")
    needs_served = Service.NeedsServed.BOTH
    minimum_age = 0
    maximum_age = 25
    review_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            ServiceAttribute.objects.bulk_create(
                ServiceAttribute(service=obj, taxonomy_term_id=CATEGORY_TERM_IDS[code])
                for code in extracted
            )

    @factory.post_generation
    def search(obj, create, extracted, **kwargs):
        if create:
            service_search_refresh(service_ids=[obj.pk])


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Example Centre {n}")
    address_1 = "1 Example Street"
    city = "Northtown"
    postcode = "ZZ1 1AA"
    latitude = Decimal("54.600000")
    longitude = Decimal("-1.550000")


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    service = factory.SubFactory(ServiceFactory)
    name = "Example team"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    contact = factory.SubFactory(ContactFactory)
    number = "01632 960001"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO,WE"
    opens_at = datetime.time(9, 30)
    closes_at = datetime.time(12, 0)


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostOption

    service = factory.SubFactory(ServiceFactory)
    amount = Decimal("5.00")
    amount_description = "per session"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Language {n}")


class CommentResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentResponse

    class Params:
        published = factory.Trait(
            status=CommentResponse.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )

    theme = "travel"
    you_said = "Families said travel training was hard to find."
    we_did = "We listed it in the local offer."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    theme = "travel"
    body = "A fictional comment about the local offer."
    may_publish = True
