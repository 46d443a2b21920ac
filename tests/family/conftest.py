"""Fixtures for the family portal tests: plans reached through the real services (the
plans tests' own fixtures), and a second family linked to another child."""

import pytest

from sen_portal.accounts.roles import Role
from tests.factories import ChildFactory, FamilyMemberFactory, UserFactory
from tests.plans.conftest import (  # noqa: F401 (fixtures)
    assessment,
    decide_to_issue,
    draft_issued,
    draft_version,
    institutions,
    media_root,
    plan,
    psychologist,
    ready_plan,
)


@pytest.fixture
def other_family(team):
    """A family account linked to a different child of the same team."""
    user = UserFactory(role=Role.FAMILY, full_name="Olive Other")
    other_child = ChildFactory(team=team, first_name="Robin", last_name="Other")
    FamilyMemberFactory(child=other_child, user=user, full_name=user.full_name)
    return user


@pytest.fixture
def family_client(client, family_member):
    client.force_login(family_member.user)
    return client
