"""An entry with no costs is "Cost not given" unless its editor says it is free (#21)."""

from django.urls import reverse

from tests.local_offer.factories import ServiceFactory


def test_no_costs_is_not_free_unless_the_editor_says_so(client, db):
    unknown = ServiceFactory(published=True, name="Unchecked club")
    free = ServiceFactory(published=True, name="Checked club", is_free=True)

    search = client.get(reverse("local_offer_public:search")).content.decode()
    assert "Cost not given" in search and "Free" in search
    page = client.get(reverse("local_offer_public:service", args=[unknown.pk])).content.decode()
    assert "Cost not given" in page
    page = client.get(reverse("local_offer_public:service", args=[free.pk])).content.decode()
    assert "Cost not given" not in page and ">Free<" in page

    only_free = client.get(reverse("local_offer_public:search"), {"cost": "free"}).content
    assert b"Checked club" in only_free and b"Unchecked club" not in only_free
