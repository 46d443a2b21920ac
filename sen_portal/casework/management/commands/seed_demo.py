"""Demo data that makes the product explorable. Idempotent: running it twice changes nothing."""

import datetime
import functools
import importlib

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sen_portal.accounts.models import Team, User
from sen_portal.accounts.roles import Role
from sen_portal.casework import services
from sen_portal.casework.demo import demo_child_create
from sen_portal.casework.models import Child, FamilyMember

DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - documented demo sign-in, refused in production


@functools.cache
def demo_password_hash() -> str:
    """Every demo user has the same password: hash it once. A hash costs about a second
    by design (PBKDF2), eight of them were a sizeable part of the seed's time."""
    return make_password(DEMO_PASSWORD)


def demo_user_create(email: str, **fields) -> User:
    user = User.objects.create_user(email, None, **fields)
    user.password = demo_password_hash()
    user.save(update_fields=["password"])
    return user


TEAMS = [
    ("North locality SEN team", "send.north@example.org", "01632 960001"),
    ("South locality SEN team", "send.south@example.org", "01632 960002"),
]

USERS = [
    # email, name, role, team index, job title
    ("caseworker@example.org", "Priya Caseworker", Role.CASEWORKER, 0, "SEN caseworker"),
    ("manager@example.org", "Martin Manager", Role.MANAGER, 0, "SEN team manager"),
    ("caseworker.south@example.org", "Sofia Southam", Role.CASEWORKER, 1, "SEN caseworker"),
    ("advisor@example.org", "Dr Alex Adviser", Role.ADVICE_GIVER, None, "Educational psychologist"),
    ("parent@example.org", "Jordan Parent", Role.FAMILY, None, ""),
    ("editor@example.org", "Eddie Editor", Role.EDITOR, None, "Local offer officer"),
    ("admin@example.org", "Ada Admin", Role.ADMIN, None, "System administrator"),
]

# first, last, age in years, team index, assigned to a caseworker?, case opened (days ago:
# the day the request the workflow demos record for them arrived, or before).
CHILDREN = [
    ("Sam", "Example", 9, 0, True, 120),
    ("Amara", "Okafor-Demo", 4, 0, True, 38),
    ("Leo", "Fictional", 12, 0, True, 50),
    ("Maya", "Sampleton", 15, 0, False, 5),
    ("Oliver", "Testfield", 7, 0, True, 150),
    ("Zara", "Placeholder", 17, 0, True, 470),
    ("Noah", "Madeup", 6, 1, True, 32),
    ("Isla", "Inventa", 11, 1, True, 175),
    ("Ethan", "Notreal", 19, 1, False, 180),
    ("Ruby", "Demoworth", 2, 1, True, 170),
]


# What happens on each of these children's cases is made by the workflow apps' demo hooks
# (assessments, plans, reviews...), through the same services as their pages, so the
# stage, the deadlines, the letters and the family portal always agree: casework itself
# knows no workflow, and writes no deadline of its own.


def _demo_hook(app_name: str):
    if app_name == "sen_portal.casework":
        return None
    try:
        module = importlib.import_module(f"{app_name}.demo")
    except ModuleNotFoundError as error:
        if error.name == f"{app_name}.demo":
            return None
        raise
    return getattr(module, "seed", None)


class Command(BaseCommand):
    help = "Load fictional demo users and cases (refuses to run when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (tests only)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo users have a known password."
            )
        with transaction.atomic():
            teams = [self._team(*row) for row in TEAMS]
            users = {row[0]: self._user(row, teams) for row in USERS}
            caseworkers = [users["caseworker@example.org"], users["caseworker.south@example.org"]]
            today = timezone.localdate()
            for serial, row in enumerate(CHILDREN, start=1):
                self._child(serial, row, teams, caseworkers, today)
            self._link_parent(users["parent@example.org"])
        # Every other installed app may bring its own demo data as `<app>.demo.seed`, run in
        # INSTALLED_APPS order (assessments before plans): casework knows no workflow.
        for config in apps.get_app_configs():
            seed = _demo_hook(config.name)
            if seed is not None:
                seed(today=timezone.localdate(), stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of:"))
        for email, _name, role, _team, _title in USERS:
            self.stdout.write(f"  {email:32} {Role(role).label}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")

    def _team(self, name, email, phone):
        team, _ = Team.objects.get_or_create(name=name, defaults={"email": email, "phone": phone})
        return team

    def _user(self, row, teams):
        email, name, role, team_index, title = row
        user = User.objects.filter(email=email).first()
        if user is None:
            user = demo_user_create(
                email,
                full_name=name,
                role=role,
                team=teams[team_index] if team_index is not None else None,
                job_title=title,
                is_superuser=role == Role.ADMIN,
            )
        return user

    def _child(self, serial, row, teams, caseworkers, today):
        first, last, age, team_index, assigned, opened_days = row
        reference = f"NS-DEMO-{serial:04d}"
        if Child.objects.filter(la_reference=reference).exists():
            return
        dob = today - datetime.timedelta(days=age * 365 + 40 + serial * 11)
        caseworker = caseworkers[team_index]
        demo_child_create(
            acting_user=caseworker,
            serial=serial,
            today=today,
            opened_on=today - datetime.timedelta(days=opened_days),
            # Sam Example's main contact is the demo parent account (_link_parent).
            family_contact=reference != "NS-DEMO-0001",
            first_name=first,
            last_name=last,
            date_of_birth=dob,
            la_reference=reference,
            address_line_1=f"{serial} Example Street",
            town="Northshire",
            postcode=f"ZZ9 {serial}ZZ",
            team=teams[team_index],
            caseworker=caseworker if assigned else None,
        )

    def _link_parent(self, parent):
        child = Child.objects.get(la_reference="NS-DEMO-0001")
        if child.family_members.filter(user=parent).exists():
            return
        services.family_member_add(
            acting_user=child.caseworker,
            child=child,
            full_name=parent.full_name,
            relationship=FamilyMember.Relationship.PARENT,
            parental_responsibility=True,
            email=parent.email,
            is_main_contact=True,
            user=parent,
        )
