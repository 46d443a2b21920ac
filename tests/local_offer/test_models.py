import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from local_offer.constants import (
    CATEGORY_TAXONOMY_ID,
    CATEGORY_TERM_IDS,
    DISABILITY_TERM_ID,
    NEEDS_TAXONOMY_ID,
    SEN_TERM_ID,
    Category,
)
from local_offer.models import LocalOfferChange, Service, TaxonomyTerm
from local_offer.models.audit import ChangeLogIsAppendOnly
from local_offer.services.audit import change_record
from local_offer.services.taxonomies import taxonomies_ensure
from tests.local_offer.factories import (
    CommentFactory,
    ContactFactory,
    CostOptionFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_the_schedule_2_categories_are_seeded_with_the_ids_the_code_uses():
    terms = TaxonomyTerm.objects.filter(taxonomy_id=CATEGORY_TAXONOMY_ID)
    assert {term.code: term.pk for term in terms} == {
        str(code): pk for code, pk in CATEGORY_TERM_IDS.items()
    }
    assert set(terms.values_list("code", flat=True)) == set(Category.values)


def test_missing_standard_taxonomies_are_put_back_once():
    TaxonomyTerm.objects.filter(taxonomy_id=CATEGORY_TAXONOMY_ID).delete()
    assert taxonomies_ensure() == 8
    assert taxonomies_ensure() == 0
    assert TaxonomyTerm.objects.get(pk=CATEGORY_TERM_IDS["travel"]).term == "Travel and transport"


def test_the_needs_taxonomy_has_a_sen_term_and_a_disability_term():
    terms = set(
        TaxonomyTerm.objects.filter(taxonomy_id=NEEDS_TAXONOMY_ID).values_list("pk", flat=True)
    )
    assert terms == {SEN_TERM_ID, DISABILITY_TERM_ID}


@pytest.mark.parametrize(
    "youngest,oldest",
    [(5, 4), (0, 26), (26, 26)],
)
def test_an_age_range_outside_0_to_25_or_upside_down_is_refused_by_the_database(youngest, oldest):
    service = ServiceFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(minimum_age=youngest, maximum_age=oldest)


def test_full_clean_names_the_age_range_problem():
    service = ServiceFactory.build(minimum_age=10, maximum_age=4)
    service.organization.save()
    with pytest.raises(ValidationError, match="The age range must be within 0 to 25"):
        service.full_clean()


def test_a_service_must_say_whether_it_is_for_sen_disability_or_both():
    service = ServiceFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(needs_served="")


def test_an_imported_draft_may_wait_for_an_editor_to_fix_ages_and_needs():
    """An import keeps a service for ages 12 to 100 that does not say whom it serves as a
    draft (services/oruk_import.py); it cannot be published until an editor fixes both."""
    service = ServiceFactory()
    Service.objects.filter(pk=service.pk).update(minimum_age=12, maximum_age=100, needs_served="")
    service.refresh_from_db()
    assert len(service.publication_problems()) == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(
            status="published", published_at=service.created_at
        )
    upside_down = ServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=upside_down.pk).update(minimum_age=9, maximum_age=8)


def test_ids_are_uuids_so_they_survive_export_and_import():
    service = ServiceFactory()
    assert len(str(service.pk)) == 36


def test_a_published_service_must_have_a_publication_date():
    service = ServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(status="published", published_at=None)


def test_publication_status_cannot_be_assigned_directly():
    service = ServiceFactory()
    with pytest.raises(AttributeError):
        service.status = Service.Status.PUBLISHED


def test_a_service_with_no_way_to_make_contact_cannot_be_published():
    service = ServiceFactory(email="", url="")
    with pytest.raises(TransitionNotAllowed):
        service.publish()


def test_a_contact_is_a_way_to_make_contact():
    service = ServiceFactory(email="", url="")
    ContactFactory(service=service)
    service.publish()
    assert service.status == Service.Status.PUBLISHED
    assert service.published_at is not None
    assert service.assured_date == timezone.localdate()


def test_unpublishing_clears_the_publication_date():
    service = ServiceFactory(published=True)
    service.unpublish()
    assert service.status == Service.Status.DRAFT
    assert service.published_at is None


def test_a_service_is_stale_after_its_review_by_date():
    today = timezone.localdate()
    stale = ServiceFactory(review_by=today - datetime.timedelta(days=1))
    current = ServiceFactory(review_by=today)
    assert stale.is_stale
    assert not current.is_stale
    assert list(Service.objects.stale(today=today)) == [stale]


def test_coordinates_come_in_pairs():
    location = LocationFactory()
    location.longitude = None
    with pytest.raises(ValidationError, match="Give both latitude and longitude, or neither"):
        location.full_clean()


def test_a_postcode_is_normalised_and_checked():
    location = LocationFactory.build(postcode="zz11aa")
    location.full_clean()
    assert location.postcode == "ZZ1 1AA"
    location.postcode = "not a postcode"
    with pytest.raises(ValidationError, match="Enter a real postcode"):
        location.full_clean()


def test_a_cost_cannot_be_negative():
    cost = CostOptionFactory()
    cost.amount = -1
    with pytest.raises(ValidationError, match="The amount cannot be negative"):
        cost.full_clean()


def test_opening_times_must_close_after_they_open():
    schedule = ScheduleFactory(opens_at=datetime.time(9), closes_at=datetime.time(10))
    schedule.closes_at = datetime.time(8)
    with pytest.raises(ValidationError, match="closing time must be after the opening time"):
        schedule.full_clean()


def test_a_comment_cannot_be_published_without_the_senders_agreement():
    comment = CommentFactory(may_publish=False)
    with pytest.raises(TransitionNotAllowed):
        comment.publish()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(comment).objects.filter(pk=comment.pk).update(status="published")


def test_the_change_log_cannot_be_rewritten_or_deleted(editor):
    service = ServiceFactory()
    change = change_record(
        acting_user=editor,
        action="service_changed",
        object_type="service",
        object_id=service.pk,
        summary="Details changed",
    )
    with pytest.raises(ChangeLogIsAppendOnly):
        LocalOfferChange.objects.filter(pk=change.pk).update(summary="Nothing happened")
    with pytest.raises(ChangeLogIsAppendOnly):
        LocalOfferChange.objects.all().delete()
    change.summary = "Nothing happened"
    with pytest.raises(ChangeLogIsAppendOnly):
        change.save()
    with pytest.raises(ChangeLogIsAppendOnly):
        change.delete()


@pytest.mark.parametrize(
    "byday,expected",
    [
        ("MO,TU,WE,TH,FR", "Monday to Friday"),
        ("MO,WE", "Monday and Wednesday"),
        ("MO,WE,FR", "Monday, Wednesday and Friday"),
        ("SA", "Saturday"),
        ("", ""),
    ],
)
def test_opening_days_read_as_people_write_them(byday, expected):
    assert ScheduleFactory.build(byday=byday).days_description == expected
