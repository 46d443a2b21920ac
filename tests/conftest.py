"""Shared personas: the people of DESIGN.md's role table, in two teams."""

import pytest

from sen_portal.accounts.roles import Role
from tests.factories import ChildFactory, FamilyMemberFactory, TeamFactory, UserFactory


@pytest.fixture
def team(db):
    return TeamFactory(name="North locality SEN team")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="South locality SEN team")


@pytest.fixture
def caseworker(team):
    return UserFactory(role=Role.CASEWORKER, team=team, full_name="Casey Worker")


@pytest.fixture
def manager(team):
    return UserFactory(role=Role.MANAGER, team=team, full_name="Morgan Manager")


@pytest.fixture
def other_caseworker(other_team):
    return UserFactory(role=Role.CASEWORKER, team=other_team, full_name="Otto Otherteam")


@pytest.fixture
def advice_giver(db):
    return UserFactory(role=Role.ADVICE_GIVER, full_name="Dr Ada Adviser")


@pytest.fixture
def family_user(db):
    return UserFactory(role=Role.FAMILY, full_name="Pat Parent")


@pytest.fixture
def editor(db):
    return UserFactory(role=Role.EDITOR, full_name="Eden Editor")


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, full_name="Adam Admin", is_superuser=True)


@pytest.fixture
def child(team, caseworker):
    return ChildFactory(team=team, caseworker=caseworker, first_name="Sam", last_name="Example")


@pytest.fixture
def family_member(child, family_user):
    return FamilyMemberFactory(child=child, user=family_user, full_name=family_user.full_name)


@pytest.fixture
def personas(caseworker, manager, other_caseworker, advice_giver, family_user, editor, admin_user):
    """Every role, for access matrices."""
    return {
        "caseworker": caseworker,
        "manager": manager,
        "other_caseworker": other_caseworker,
        "advice_giver": advice_giver,
        "family": family_user,
        "editor": editor,
        "admin": admin_user,
    }
