from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from sen_portal.accounts.roles import STAFF_ROLES, Role
from sen_portal.base_models import BaseModel


class Team(BaseModel):
    """A service or locality team that owns cases (e.g. "North locality SEN team")."""

    name = models.CharField(max_length=120, unique=True)
    email = models.EmailField(help_text="The team inbox families are told to contact.")
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # People type their email address in any case; it is stored lower-cased.
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("role", Role.ADMIN)
        fields["is_superuser"] = True
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: staff, advice givers and families. Email is the sign-in name."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="Caseworkers and managers belong to the team whose cases they run.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_known"
            ),
            # A caseworker or manager without a team could see no cases and own none.
            models.CheckConstraint(
                condition=~models.Q(role__in=["caseworker", "manager"])
                | models.Q(team__isnull=False),
                name="user_case_role_has_team",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_staff(self) -> bool:
        """Django admin access: system administrators only."""
        return self.role == Role.ADMIN

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def has_confirmed_device(self) -> bool:
        from django_otp import devices_for_user

        return any(True for _ in devices_for_user(self, confirmed=True))
