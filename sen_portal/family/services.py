"""Invitations to the family portal, and a young person's say over their parents' access.

The only writes the portal makes. Nothing here changes case data: a link between an
account and a child, and the young person's decision, are recorded here or on the
family record casework keeps for the purpose (FamilyMember.user).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Child, FamilyMember
from sen_portal.casework.services import chronology_record
from sen_portal.dates import long_date
from sen_portal.family.access import PARENTS_REFUSED_MESSAGE, parents_may_follow
from sen_portal.family.models import EmailPreference, Invitation, YoungPersonAccess

# How long an invitation link works.
INVITATION_VALID_FOR = datetime.timedelta(days=7)

INVITATION_SUBJECT = "You have been invited to the SEND family portal"
# No name, no case details: only the link (DESIGN principle 10).
INVITATION_BODY = (
    "The council's SEND team has invited you to follow a case online in the family portal.\n\n"
    "Open this link to set your password:\n{url}\n\n"
    "The link works once and stops working on {expires}. If you were not expecting this "
    "email, you can ignore it."
)


class InvitationRefused(Exception):
    """An invitation that cannot be made (the person may not be invited)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_young_person(child: Child, *, today: datetime.date | None = None) -> bool:
    """A young person holds the rights themselves and may be invited, and decides
    whether their parents keep access: from the day after the school leaving date to the
    day before their 25th birthday (CFA s83(2); Education Act 1996 s8(3))."""
    return child.is_young_person_on(today or timezone.localdate())


@transaction.atomic
def invitation_create(
    *,
    child: Child,
    family_member: FamilyMember | None,
    email: str,
    acting_user,
) -> tuple[Invitation, str]:
    """Invite a parent with parental responsibility, or the young person (over compulsory
    school age and under 25), and
    email them the link once the invitation is saved. Returns the invitation and its
    token (the only time the token exists outside the email)."""
    if not acting_user.has_perm("casework.change_child", child):
        raise PermissionDenied
    if family_member is None:
        if not is_young_person(child):
            raise InvitationRefused(
                "Only a young person can be invited for themselves: from "
                f"{long_date(child.young_person_from)} until the day before their 25th "
                "birthday"
            )
    else:
        if family_member.child_id != child.pk or not family_member.parental_responsibility:
            raise InvitationRefused("Only someone with parental responsibility can be invited")
        if not parents_may_follow(child):
            raise InvitationRefused(PARENTS_REFUSED_MESSAGE)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        child=child,
        family_member=family_member,
        for_young_person=family_member is None,
        email=email.strip().lower(),
        token_hash=hash_token(token),
        expires_at=timezone.now() + INVITATION_VALID_FOR,
        invited_by=acting_user,
    )
    invitation.full_clean()
    invitation.save()
    who = "the young person" if family_member is None else family_member.full_name
    chronology_record(
        child=child,
        actor=acting_user,
        kind="family_portal_invited",
        summary=f"Invited {who} to the family portal",
        subject=invitation,
    )
    url = settings.DEADLINE_NOTIFICATIONS_BASE_URL.rstrip("/") + reverse(
        "family:invitation_accept", args=[token]
    )
    body = INVITATION_BODY.format(
        url=url, expires=long_date(timezone.localtime(invitation.expires_at).date())
    )
    recipient = invitation.email
    # Sent only if the invitation was saved.
    transaction.on_commit(
        lambda: send_mail(INVITATION_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """A usable invitation for this token, or None (unknown, used, expired, or a parent's
    invitation while the young person says their parents must not see the case)."""
    invitation = (
        Invitation.objects.select_related("child", "family_member")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    if not invitation.for_young_person and not parents_may_follow(invitation.child_id):
        return None
    return invitation


@transaction.atomic
def invitation_open(*, token: str) -> str | None:
    """The first visit of an invitation link: replace its token with a new one that lives
    only in the visitor's session (returned), so the emailed token, which web and proxy
    logs may have kept with the path, stops working. None if the link cannot be used
    (unknown, used, expired, refused, or an address that belongs to staff)."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return None
    account = existing_account(invitation)
    if account is not None and account.role != Role.FAMILY:
        return None
    fresh = secrets.token_urlsafe(32)
    updated = Invitation.objects.filter(pk=invitation.pk, token_hash=hash_token(token)).update(
        token_hash=hash_token(fresh), updated_at=timezone.now()
    )
    return fresh if updated else None


def existing_account(invitation: Invitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Use an invitation: make a family account with this password, or link the family
    account that already has this email address (its password must match). Returns the
    user, or None if the invitation cannot be used (or the password is wrong)."""
    # Locked so the same link pressed twice cannot make two accounts.
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(token_hash=hash_token(token))
        .select_related("child", "family_member")
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    member = invitation.family_member
    if member is not None and member.user_id is not None:
        return None  # this family member already has an account
    if member is not None and not parents_may_follow(invitation.child):
        return None  # the young person has since said their parents must not see the case
    User = get_user_model()
    user = existing_account(invitation)
    if user is None:
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=member.full_name if member else invitation.child.full_name,
            role=Role.FAMILY,
        )
    elif user.role != Role.FAMILY or not user.is_active or not user.check_password(password):
        return None
    if member is not None:
        if not FamilyMember.objects.filter(child=invitation.child, user=user).exists():
            member.user = user
            member.save(update_fields=["user", "updated_at"])
    else:
        YoungPersonAccess.objects.update_or_create(child=invitation.child, defaults={"user": user})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    chronology_record(
        child=invitation.child,
        actor=user,
        kind="family_portal_joined",
        summary=f"{user.full_name} started using the family portal",
        subject=invitation,
    )
    return user


@transaction.atomic
def young_person_record_decision(*, child: Child, parents_keep_access: bool, acting_user):
    """Record whether the young person agrees to their parents keeping access. When they
    do not, no parent's account reaches this case from the next request, including
    parents added or invited later; when they agree again, access returns."""
    if not acting_user.has_perm("casework.change_child", child):
        raise PermissionDenied
    if not is_young_person(child):
        raise InvitationRefused(
            "Only a young person decides this: from "
            f"{long_date(child.young_person_from)} until the day before their 25th birthday"
        )
    access, _ = YoungPersonAccess.objects.select_for_update().get_or_create(child=child)
    access.parents_keep_access = parents_keep_access
    access.decision_recorded_at = timezone.now()
    access.decision_recorded_by = acting_user
    # Nothing else to update: every family read asks access.may_see_case, which reads
    # this decision, so it covers family members added or invited later too.
    access.save()
    chronology_record(
        child=child,
        actor=acting_user,
        kind="family_portal_parents_access",
        summary=(
            "The young person agreed to their parents keeping access to the family portal"
            if parents_keep_access
            else "The young person asked for their parents' access to the family portal to stop"
        ),
    )
    return access


def email_updates_wanted(*, user) -> bool:
    preference = EmailPreference.objects.filter(user=user).first()
    return preference is None or preference.email_updates


@transaction.atomic
def email_preference_set(*, user, email_updates: bool) -> EmailPreference:
    preference, _ = EmailPreference.objects.update_or_create(
        user=user, defaults={"email_updates": email_updates}
    )
    return preference
