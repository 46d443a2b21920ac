"""Fixtures for the family portal tests: plans reached through the real services
(tests/journeys.py), and a second family linked to another child."""

import pytest

from sen_portal.accounts.roles import Role
from tests.factories import ChildFactory, FamilyMemberFactory, UserFactory


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


@pytest.fixture(autouse=True)
def _own_media(media_root):
    """Every test here writes its files to a folder of its own (tests/journeys.py)."""
    return media_root
