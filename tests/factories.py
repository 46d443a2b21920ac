"""Test data: fictional people only (example.org addresses, demo identifiers)."""

import datetime

import factory
from django.utils import timezone

from sen_portal.accounts.models import Team, User
from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Child, FamilyMember

PASSWORD = "a-long-test-password-1"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Locality {n} SEN team")
    email = factory.Sequence(lambda n: f"team{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.CASEWORKER
    team = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.CASEWORKER, Role.MANAGER)),
        yes_declaration=factory.SubFactory(TeamFactory),
        no_declaration=None,
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365 * 8)
    )
    la_reference = factory.Sequence(lambda n: f"NS-TEST-{n:05d}")
    team = factory.SubFactory(TeamFactory)
    caseworker = None


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyMember

    child = factory.SubFactory(ChildFactory)
    full_name = factory.Faker("name", locale="en_GB")
    relationship = FamilyMember.Relationship.PARENT
    parental_responsibility = True
    email = factory.Sequence(lambda n: f"parent{n}@example.org")
