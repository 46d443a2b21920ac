"""Distance from a postcode: the Postcode table, import_postcodes, the API's postcode and
proximity parameters and the public search's distance filter."""

import math
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from local_offer import geography
from local_offer.models import Location, Postcode
from local_offer.services import directory
from tests.local_offer.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("local_offer_public:search")
NEAR = reverse("oruk:service_at_locations")

# Fictional postcodes (ZZ is never issued) at real-looking places in the north east.
HOME = ("ZZ1 1AA", "54.600000", "-1.550000")
# Due east of HOME by 0.05 degrees of longitude: 3,221 metres (2.0 miles) at 54.6°N.
EAST = ("ZZ1 2BB", "54.600000", "-1.500000")
# North of HOME by 0.1 degrees of latitude: 11,120 metres (6.9 miles).
NORTH = ("ZZ2 3CC", "54.700000", "-1.550000")


def haversine(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * geography.EARTH_RADIUS_M * math.asin(math.sqrt(h))


@pytest.fixture
def postcodes():
    for postcode, latitude, longitude in (HOME, EAST, NORTH):
        Postcode.objects.create(postcode=postcode, latitude=latitude, longitude=longitude)


def place(name: str, where, **service):
    postcode, latitude, longitude = where
    return ServiceAtLocationFactory(
        service=ServiceFactory(published=True, name=name, **service),
        location=LocationFactory(
            postcode=postcode, latitude=Decimal(latitude), longitude=Decimal(longitude)
        ),
    )


def test_the_database_computes_the_great_circle_distance():
    east = LocationFactory(latitude=Decimal(EAST[1]), longitude=Decimal(EAST[2]))
    north = LocationFactory(latitude=Decimal(NORTH[1]), longitude=Decimal(NORTH[2]))
    origin = geography.Point(54.6, -1.55)
    distances = dict(
        Location.objects.filter(pk__in=[east.pk, north.pk])
        .annotate(metres=geography.distance_metres(origin))
        .values_list("pk", "metres")
    )
    assert distances[east.pk] == pytest.approx(haversine((54.6, -1.55), (54.6, -1.5)), abs=0.01)
    assert round(distances[east.pk]) == 3221
    assert round(distances[north.pk]) == 11120


# The API


def test_the_api_lists_services_within_the_proximity_nearest_first(client, postcodes):
    north = place("North", NORTH)
    east = place("East", EAST)
    home = place("Home", HOME)
    page = client.get(NEAR, {"postcode": "zz11aa", "proximity": 12000}).json()
    assert [item["id"] for item in page["contents"]] == [str(home.pk), str(east.pk), str(north.pk)]
    page = client.get(NEAR, {"postcode": "ZZ1 1AA", "proximity": 5000}).json()
    assert [item["service"]["name"] for item in page["contents"]] == ["Home", "East"]
    assert page["total_items"] == 2


def test_a_location_in_the_corner_of_the_search_box_is_not_within_the_circle(client, postcodes):
    # 0.03° north and 0.05° east: inside the square around a 3.5 km circle, 4.6 km away.
    corner = ("ZZ1 3DD", "54.630000", "-1.500000")
    place("Corner", corner)
    assert haversine((54.6, -1.55), (54.63, -1.5)) > 3500
    page = client.get(NEAR, {"postcode": "ZZ1 1AA", "proximity": 3500}).json()
    assert page["empty"]


def test_the_proximity_search_combines_with_the_service_filters(client, postcodes):
    place("Young", HOME, minimum_age=0, maximum_age=5)
    place("Older", EAST, minimum_age=14, maximum_age=25)
    page = client.get(NEAR, {"postcode": "ZZ1 1AA", "proximity": 5000, "minimum_age": 10})
    assert [item["service"]["name"] for item in page.json()["contents"]] == ["Older"]


def test_locations_without_coordinates_are_not_found_by_proximity(client, postcodes):
    ServiceAtLocationFactory(
        service=ServiceFactory(published=True),
        location=LocationFactory(postcode="ZZ1 1AA", latitude=None, longitude=None),
    )
    page = client.get(NEAR, {"postcode": "ZZ1 1AA", "proximity": 1000}).json()
    assert page["empty"]


@pytest.mark.parametrize(
    "params,message",
    [
        ({"postcode": "ZZ9 9ZZ", "proximity": 1000}, "We do not know where the postcode"),
        ({"postcode": "nonsense", "proximity": 1000}, "We do not know where the postcode"),
        ({"proximity": 1000}, "Give a postcode"),
        ({"postcode": "ZZ1 1AA", "proximity": 0}, "proximity must be from 1 to 200000"),
    ],
)
def test_a_proximity_search_that_cannot_be_answered_is_a_400_that_says_why(
    client, postcodes, params, message
):
    response = client.get(NEAR, params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_the_proximity_search_uses_a_fixed_number_of_queries(
    client, postcodes, django_assert_num_queries
):
    place("One", HOME)
    # The postcode, then one page with services, organisations, locations and the count
    # beside them (nearest first reads every link in range anyway).
    params = {"postcode": "ZZ1 1AA", "proximity": 20000}
    with django_assert_num_queries(2):
        client.get(NEAR, params)
    for index in range(6):
        place(f"More {index}", (EAST, NORTH)[index % 2])
    with django_assert_num_queries(2):
        body = client.get(NEAR, params).json()
    assert (body["size"], body["total_items"]) == (7, 7)
    # A page with the count, and a page past the end (counted on its own).
    second = client.get(NEAR, {**params, "per_page": 5, "page": 2}).json()
    assert (second["size"], second["total_items"], second["total_pages"]) == (2, 7, 2)
    past = client.get(NEAR, {**params, "per_page": 5, "page": 3}).json()
    assert (past["size"], past["total_items"], past["empty"]) == (0, 7, True)


# The public search


def test_a_family_finds_services_near_their_postcode_nearest_first(client, postcodes):
    place("Far club", NORTH)
    place("Near club", EAST)
    place("Next door club", HOME)
    response = client.get(SEARCH, {"postcode": "zz1 1aa", "distance": 3})
    names = [service.name for service in response.context["page"].object_list]
    assert names == ["Next door club", "Near club"]
    assert response.context["page"].paginator.count == 2  # counted with the page's rows
    past = client.get(SEARCH, {"postcode": "zz1 1aa", "distance": 3, "page": 9})
    assert [service.name for service in past.context["page"].object_list] == names
    html = response.content.decode()
    assert "within 3 miles of ZZ1 1AA, nearest first" in html
    assert "2 miles</strong> from ZZ1 1AA" in html
    response = client.get(SEARCH, {"postcode": "ZZ1 1AA", "distance": 10})
    assert len(response.context["page"].object_list) == 3


def test_a_service_is_as_near_as_its_nearest_location(client, postcodes):
    link = place("Two places", NORTH)
    directory_location = LocationFactory(
        postcode=EAST[0], latitude=Decimal(EAST[1]), longitude=Decimal(EAST[2])
    )
    ServiceAtLocationFactory(service=link.service, location=directory_location)
    response = client.get(SEARCH, {"postcode": "ZZ1 1AA", "distance": 3})
    [service] = response.context["page"].object_list
    assert round(service.distance) == 3221


def test_the_distance_filter_combines_with_keywords_and_other_filters(client, postcodes):
    place("Swimming for all", HOME, minimum_age=4, maximum_age=25)
    place("Swimming for toddlers", EAST, minimum_age=0, maximum_age=3)
    place("Drama club", HOME)
    response = client.get(SEARCH, {"q": "swimming", "postcode": "ZZ1 1AA", "age": 10})
    assert [s.name for s in response.context["page"].object_list] == ["Swimming for all"]


@pytest.mark.parametrize(
    "postcode,error",
    [
        ("ZZ9 9ZZ", "We cannot find the postcode ZZ9 9ZZ. Check it, or search without a postcode"),
        ("12345", "Enter a real postcode, for example ZZ1 1AA"),
    ],
)
def test_an_unknown_postcode_is_shown_as_an_error_and_ignored(client, postcodes, postcode, error):
    place("Anywhere", HOME)
    response = client.get(SEARCH, {"postcode": postcode})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert error in html
    assert [s.name for s in response.context["page"].object_list] == ["Anywhere"]


def test_the_search_page_with_a_distance_uses_the_same_number_of_queries_for_1_or_8(
    client, postcodes, django_assert_max_num_queries
):
    place("One", HOME)
    params = {"postcode": "ZZ1 1AA", "distance": 25}
    with django_assert_max_num_queries(20) as first:
        client.get(SEARCH, params)
    for index in range(7):
        place(f"More {index}", (EAST, NORTH)[index % 2])
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(SEARCH, params)
    assert len(response.context["page"].object_list) == 8


# Coordinates from the postcode table


def test_a_place_saved_without_coordinates_takes_its_postcodes(postcodes, editor):
    service = ServiceFactory()
    location = directory.location_add(
        acting_user=editor,
        service=service,
        name="Library",
        address_1="1 Market Street",
        city="Northtown",
        postcode="zz1 2bb",
    )
    assert (location.latitude, location.longitude) == (Decimal(EAST[1]), Decimal(EAST[2]))
    given = directory.location_add(
        acting_user=editor,
        service=service,
        name="Pool",
        address_1="8 Park Avenue",
        city="Southby",
        postcode="ZZ1 2BB",
        latitude=Decimal("54.1"),
        longitude=Decimal("-1.1"),
    )
    assert given.latitude == Decimal("54.1")  # coordinates given are kept
    unknown = directory.location_add(
        acting_user=editor,
        service=service,
        name="Hall",
        address_1="2 High Street",
        city="Northtown",
        postcode="ZZ7 7ZZ",
    )
    assert unknown.latitude is None


def test_clearing_a_places_coordinates_takes_its_postcodes(postcodes, editor):
    link = place("Club", NORTH)
    changed = directory.location_update(
        acting_user=editor,
        service=link.service,
        location=link.location,
        data={"postcode": "ZZ1 1AA", "latitude": None, "longitude": None},
    )
    link.location.refresh_from_db()
    assert (link.location.latitude, link.location.longitude) == (Decimal("54.6"), Decimal("-1.55"))
    assert {"postcode", "latitude", "longitude"} <= set(changed)


# import_postcodes

ONSPD = """pcds,dointr,doterm,lat,long,oseast1m
ZZ1 1AA,198001,,54.600000,-1.550000,428000
zz12bb,198001,,54.6,-1.5,431000
ZZ3 9XX,198001,200112,99.999999,0.000000,
NOT A POSTCODE,198001,,54.1,-1.1,
ZZ4 4DD,198001,,north,-1.1,
"""


def test_import_postcodes_loads_an_onspd_file_and_fills_in_locations(tmp_path):
    waiting = LocationFactory(postcode="ZZ1 2BB", latitude=None, longitude=None)
    file = tmp_path / "onspd.csv"
    file.write_text(ONSPD)
    out = StringIO()
    call_command("import_postcodes", str(file), stdout=out)
    assert "2 postcodes loaded, 3 skipped" in out.getvalue()
    assert "1 location given coordinates" in out.getvalue()
    assert Postcode.objects.get(pk="ZZ1 2BB").latitude == Decimal("54.600000")
    waiting.refresh_from_db()
    assert (waiting.latitude, waiting.longitude) == (Decimal("54.6"), Decimal("-1.5"))
    # Running it again changes nothing; a corrected row is updated.
    file.write_text(ONSPD.replace("54.6,-1.5", "54.61,-1.51"))
    call_command("import_postcodes", str(file), stdout=StringIO())
    assert Postcode.objects.count() == 2
    assert Postcode.objects.get(pk="ZZ1 2BB").latitude == Decimal("54.610000")


def test_import_postcodes_needs_the_onspd_columns(tmp_path):
    file = tmp_path / "wrong.csv"
    file.write_text("postcode,x,y\nZZ1 1AA,1,2\n")
    with pytest.raises(CommandError, match="needs the columns pcds, lat and long"):
        call_command("import_postcodes", str(file))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_postcodes", str(tmp_path / "missing.csv"))


def test_an_editor_adds_a_place_without_coordinates_and_it_is_placed_by_its_postcode(
    client, editor, postcodes
):
    client.force_login(editor)
    service = ServiceFactory()
    place_data = {
        "name": "Hope Community Centre",
        "address_1": "12 Orchard Lane",
        "address_2": "",
        "city": "Southby",
        "postcode": "zz2 3cc",
        "latitude": "",
        "longitude": "",
        "accessibility": "",
        "description": "",
    }
    add = reverse("local_offer:manage_item_add", args=[service.pk, "place"])
    assert client.post(add, place_data).status_code == 302
    location = Location.objects.get()
    assert (location.latitude, location.longitude) == (Decimal(NORTH[1]), Decimal(NORTH[2]))
    page = client.get(reverse("local_offer:manage_service", args=[service.pk])).text
    assert "No map position" not in page
    # A postcode the table does not know: the editor is told the place cannot be found.
    assert (
        client.post(add, {**place_data, "name": "Far hall", "postcode": "ZZ7 7ZZ"}).status_code
        == 302
    )
    page = client.get(reverse("local_offer:manage_service", args=[service.pk])).text
    assert "No map position" in page
    assert "Families searching by distance will not find this place" in page
