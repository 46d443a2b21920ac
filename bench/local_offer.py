#!/usr/bin/env python
"""Benchmark: the public local offer search and the Open Referral UK API on 5,000 services.

    .venv/bin/python bench/local_offer.py [--keep]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/sen_local_offer_bench), which it drops, creates and
migrates, so it never touches the development or test databases. Not part of the test
suite.

The data, generated in the database with generate_series (deterministic), is:
  * 250 organisations and 5,000 services (19 in 20 published), with names and
    descriptions drawn from a small vocabulary so that keyword searches match hundreds;
  * 6,000 locations spread over about 30 km around a fictional town, 1 in 25 without
    coordinates, and 7,500 services at locations (a quarter of services at two places);
  * 1 to 2 categories each (8,750 attributes), a contact with a phone, opening times,
    a cost for 1 service in 3 (1 in 10 marked free); the full-text search documents, built as the
    services build them;
  * 2,000 fictional postcodes (ZZ) for the distance searches.

It prints the server time (median and best of 7, after a warm-up) and the number of
queries of each public page and API call, and the load average, since the development
machine is shared. Aim: under 100 ms each.

Then it imports one Open Referral UK feed of 5,000 fully nested services (--import-services)
with `import_oruk`, as another council's directory would publish it (a page envelope, each
service with its organisation, location, contact and phone, schedule, cost, language,
service area, funding and attributes), and imports it again (nothing changes). Aim: under
60 s, with memory flat: the process's memory before and its peak memory before and after
are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sen_local_offer_bench"
)
# Whatever DATABASE_URL says, this script works on the bench database only.
os.environ["DATABASE_URL"] = BENCH_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "sen_portal.settings.test"

ORGANIZATIONS = 250
SERVICES = 5_000
LOCATIONS = 6_000
POSTCODES = 2_000
# The fictional town's centre; locations and postcodes are within about 0.27 degrees.
CENTRE = (54.6, -1.55)


def recreate_database() -> None:
    import psycopg2

    url = urlparse(BENCH_URL)
    name = url.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the bench database's name must contain 'bench'")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def generate() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from local_offer.constants import CATEGORY_TERMS
    from local_offer.models import Service
    from local_offer.services.directory import service_search_refresh

    params = {
        "now": timezone.now(),
        "today": timezone.localdate(),
        "terms": [str(term_id) for _, term_id, _ in CATEGORY_TERMS],
        "lat": CENTRE[0],
        "lng": CENTRE[1],
    }
    words = (
        "ARRAY['speech','therapy','swimming','autism','short breaks','travel','college',"
        "'play','music','drama','sensory','advice','support','club','parent','holiday',"
        "'football','dance','nursery','apprenticeship','hearing','sight','wheelchair',"
        "'mental health','youth','cooking','art','reading','transport','independent living']"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO local_offer_organization
                (id, created_at, updated_at, name, description, email, website, logo, uri, extra)
            SELECT md5('bench-org-' || n)::uuid, %(now)s, %(now)s, 'Bench organisation ' || n,
                   'A fictional organisation for the benchmark.',
                   'org' || n || '@example.org', 'https://org' || n || '.example.org', '', '',
                   '{{}}'
            FROM generate_series(1, {ORGANIZATIONS}) AS n
            """,  # noqa: S608 - only constants are formatted in
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO local_offer_service (
                id, created_at, updated_at, organization_id, name, description, url, email,
                status, operating_status, alert, minimum_age, maximum_age, needs_served,
                eligibility_description, application_process, review_by, assured_date,
                published_at, fees, accreditations, assurer_email, extra, is_free
            )
            SELECT md5('bench-service-' || n)::uuid, %(now)s,
                   %(now)s - make_interval(mins => n),
                   md5('bench-org-' || (1 + n %% {ORGANIZATIONS}))::uuid,
                   initcap(w.a) || ' ' || w.b || ' ' || n,
                   'A fictional ' || w.a || ' and ' || w.b || ' service for children and '
                   || 'young people with ' || w.c || ' needs. Families can ask about '
                   || w.c || ' and ' || w.a || '.',
                   CASE WHEN n %% 3 = 0 THEN '' ELSE 'https://s' || n || '.example.org' END,
                   'service' || n || '@example.org',
                   CASE WHEN n %% 20 = 0 THEN 'draft' ELSE 'published' END,
                   CASE WHEN n %% 50 = 1 THEN 'temporarily closed' ELSE 'active' END,
                   '', n %% 12, 12 + n %% 14,
                   (ARRAY['sen', 'disability', 'both'])[1 + n %% 3], '', 'Email us.',
                   %(today)s::date + (n %% 400) - 30, %(today)s::date - (n %% 300),
                   CASE WHEN n %% 20 = 0 THEN NULL ELSE %(now)s END, '', '', '', '{{}}',
                   n %% 10 = 1
            FROM generate_series(1, {SERVICES}) AS n,
            LATERAL (
                SELECT ({words})[1 + n %% 30] AS a,
                       ({words})[1 + (n / 30) %% 30] AS b,
                       ({words})[1 + (n * 7) %% 30] AS c
            ) AS w
            """,  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO local_offer_location (
                id, created_at, updated_at, address_id, name, description, address_1,
                address_2, city, postcode, country, latitude, longitude, accessibility,
                location_type, address_type, attention, region, state_province,
                other_addresses, external_identifier, external_identifier_type,
                accessibility_details, accessibility_url, other_accessibility, extra
            )
            SELECT md5('bench-location-' || n)::uuid, %(now)s, %(now)s,
                   md5('bench-address-' || n)::uuid, 'Bench centre ' || n, '',
                   n || ' Example Street', '', 'Benchtown',
                   'ZZ' || (1 + n %% 9) || ' ' || (n %% 10) || 'AA', 'GB',
                   CASE WHEN n %% 25 = 0 THEN NULL
                        ELSE round((%(lat)s + ((n * 7919) %% 5400 - 2700) / 10000.0)::numeric, 6)
                   END,
                   CASE WHEN n %% 25 = 0 THEN NULL
                        ELSE round((%(lng)s + ((n * 104729) %% 5400 - 2700) / 10000.0)::numeric, 6)
                   END,
                   CASE WHEN n %% 2 = 0 THEN 'Step-free access.' ELSE '' END,
                   'physical', 'physical', '', '', '', '[]', '', '', '', '', '[]', '{{}}'
            FROM generate_series(1, {LOCATIONS}) AS n
            """,  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO local_offer_serviceatlocation
                (id, created_at, updated_at, service_id, location_id)
            SELECT md5('bench-link-' || n || '-' || k)::uuid, %(now)s, %(now)s,
                   md5('bench-service-' || n)::uuid,
                   md5('bench-location-' || (1 + (n * k * 31) %% {LOCATIONS}))::uuid
            FROM generate_series(1, {SERVICES}) AS n, generate_series(1, 2) AS k
            WHERE k = 1 OR n %% 2 = 0
            ON CONFLICT DO NOTHING
            """,  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO local_offer_serviceattribute
                (id, service_id, taxonomy_term_id, link_type, extra)
            SELECT md5('bench-attribute-' || n || '-' || k)::uuid,
                   md5('bench-service-' || n)::uuid,
                   (%(terms)s::uuid[])[1 + (n + k * 3) %% 8], 'category', '{{}}'
            FROM generate_series(1, {SERVICES}) AS n, generate_series(1, 2) AS k
            WHERE k = 1 OR n %% 4 <> 0
            """,  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO local_offer_contact
                (id, created_at, updated_at, service_id, name, title, email, extra)
            SELECT md5('bench-contact-' || n)::uuid, %(now)s, %(now)s,
                   md5('bench-service-' || n)::uuid, 'Bench team', '', '', '{{}}'
            FROM generate_series(1, {SERVICES}) AS n;
            INSERT INTO local_offer_phone
                (id, created_at, updated_at, contact_id, number, description, extra)
            SELECT md5('bench-phone-' || n)::uuid, %(now)s, %(now)s,
                   md5('bench-contact-' || n)::uuid,
                   '01632 960' || lpad((n %% 1000)::text, 3, '0'), '', '{{}}'
            FROM generate_series(1, {SERVICES}) AS n;
            INSERT INTO local_offer_schedule (
                id, created_at, updated_at, service_id, freq, interval, byday, bymonthday,
                opens_at, closes_at, description, attending_type, notes, schedule_link, extra
            )
            SELECT md5('bench-schedule-' || n)::uuid, %(now)s, %(now)s,
                   md5('bench-service-' || n)::uuid, 'WEEKLY', 1, 'MO,WE,FR', '',
                   '09:00', '15:00', '', '', '', '', '{{}}'
            FROM generate_series(1, {SERVICES}) AS n;
            INSERT INTO local_offer_costoption (
                id, created_at, updated_at, service_id, option, amount, amount_description,
                currency, extra
            )
            SELECT md5('bench-cost-' || n)::uuid, %(now)s, %(now)s,
                   md5('bench-service-' || n)::uuid, '', 2 + n %% 10, 'per session', 'GBP',
                   '{{}}'
            FROM generate_series(1, {SERVICES}) AS n WHERE n %% 3 = 0;
            INSERT INTO local_offer_postcode (postcode, latitude, longitude)
            SELECT 'ZZ' || (1 + n / 1000) || ' ' || (n %% 10) || chr(65 + (n / 10) %% 26)
                   || chr(65 + (n / 260) %% 26),
                   round((%(lat)s + ((n * 613) %% 5000 - 2500) / 10000.0)::numeric, 6),
                   round((%(lng)s + ((n * 877) %% 5000 - 2500) / 10000.0)::numeric, 6)
            FROM generate_series(0, {POSTCODES - 1}) AS n
            ON CONFLICT DO NOTHING;
            INSERT INTO local_offer_postcode (postcode, latitude, longitude)
            VALUES ('ZZ1 1AA', %(lat)s, %(lng)s) ON CONFLICT (postcode) DO UPDATE
            SET latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude;
            """,  # noqa: S608
            params,
        )
        service_search_refresh(service_ids=Service.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        # What autovacuum would have done on a live database: give the planner statistics.
        cursor.execute("VACUUM ANALYZE")


def write_feed(path: Path, count: int) -> None:
    """An ORUK page envelope of `count` fully nested services, written one service at a
    time, so that making the feed does not raise this process's peak memory (the import's
    is measured)."""
    envelope = {
        "total_items": count,
        "total_pages": 1,
        "page_number": 1,
        "size": count,
        "first_page": True,
        "last_page": True,
        "empty": not count,
    }
    with path.open("w") as out:
        out.write(json.dumps(envelope)[:-1] + ', "contents": [')
        for n, service in enumerate(feed_services(count)):
            out.write((", " if n else "") + json.dumps(service))
        out.write("]}")


def feed_services(count: int):
    """`count` fully nested services, with ids of their own."""
    from local_offer.constants import CATEGORY_TERMS, SEN_TERM_ID

    def uid(*parts) -> str:
        # BENCH_FEED_SALT gives another feed's ids, to import it afresh into a kept database.
        salt = os.environ.get("BENCH_FEED_SALT", "")
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-feed{salt}:" + ":".join(map(str, parts))))

    for n in range(count):
        # A location is shared by the services n, n + 3000...: everything about it comes
        # from its own number, or the second import would find it changed (idempotency).
        place = n % 3000
        term_id = CATEGORY_TERMS[n % len(CATEGORY_TERMS)][1]
        yield (
            {
                "id": uid("service", n),
                "name": f"Feed service {n}{os.environ.get('BENCH_FEED_SALT', '')}",
                "description": "A fictional service from another council's directory.",
                "url": f"https://feed{n}.example.org",
                "email": f"feed{n}@example.org",
                "status": "active",
                "minimum_age": n % 10,
                "maximum_age": 10 + n % 15,
                "last_modified": "2026-11-01T09:00:00.000Z",
                "organization": {
                    "id": uid("organization", n % 200),
                    "name": f"Feed organisation {n % 200}{os.environ.get('BENCH_FEED_SALT', '')}",
                    "description": "A fictional organisation.",
                    "organization_identifiers": [
                        {
                            "id": uid("identifier", n % 200),
                            "identifier_scheme": "GB-CHC",
                            "identifier_type": "Charity number",
                            "identifier": str(1_100_000 + n % 200),
                        }
                    ],
                },
                "service_at_locations": [
                    {
                        "id": uid("link", n),
                        "location": {
                            "id": uid("location", place),
                            "location_type": "physical",
                            "name": f"Feed centre {place}",
                            "latitude": round(CENTRE[0] + (place % 300) / 2000, 6),
                            "longitude": round(CENTRE[1] + (place % 170) / 2000, 6),
                            "external_identifier": str(10_000_000 + place),
                            "external_identifier_type": "UPRN",
                            "addresses": [
                                {
                                    "id": uid("address", place),
                                    "address_1": f"{place} Feed Street",
                                    "city": "Feedtown",
                                    "state_province": "",
                                    "postal_code": f"ZZ{1 + place % 9} {place % 10}BB",
                                    "country": "GB",
                                    "address_type": "physical",
                                }
                            ],
                            "accessibility": [
                                {"id": uid("accessibility", place), "description": "Lift."}
                            ],
                        },
                    }
                ],
                "contacts": [
                    {
                        "id": uid("contact", n),
                        "name": "Feed team",
                        "phones": [{"id": uid("phone", n), "number": "01632 960123"}],
                    }
                ],
                "schedules": [
                    {
                        "id": uid("schedule", n),
                        "freq": "WEEKLY",
                        "byday": "MO,TH",
                        "opens_at": "09:00:00",
                        "closes_at": "12:00:00",
                    }
                ],
                "cost_options": [{"id": uid("cost", n), "amount": 3, "currency": "GBP"}],
                "languages": [{"id": uid("language", n), "name": "English", "code": "en"}],
                "service_areas": [{"id": uid("area", n), "name": "Feedtown"}],
                "funding": [{"id": uid("funding", n), "source": "The council"}],
                "attributes": [
                    {"id": uid("attribute", n), "taxonomy_term_id": str(term_id)},
                    {"id": uid("needs", n), "taxonomy_term_id": str(SEN_TERM_ID)},
                ],
            }
        )


def peak_memory_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_mb() -> float:
    """The process's resident memory now (Linux), in the unit of peak_memory_mb (MiB)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


class QueryCounter:
    """Counts queries without keeping their SQL: CaptureQueriesContext keeps every
    statement's text, and a batch's bulk inserts are megabytes of it, which the peak
    memory printed would then include."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def bench_import(count: int) -> None:
    import tempfile
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from local_offer.models import Service
    from local_offer.services.oruk_rows import BATCH_SIZE

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.json"
        write_feed(path, count)
        size = path.stat().st_size
        print(f"\nImport of one ORUK feed of {count:,} services ({size / 1e6:.1f} MB)")
        before = Service.objects.count()
        for label in ("first import", "same feed again"):
            now, peak = memory_mb(), peak_memory_mb()
            started = time.perf_counter()
            out = StringIO()
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                call_command("import_oruk", str(path), stdout=out, stderr=StringIO())
            seconds = time.perf_counter() - started
            batches = -(-count // BATCH_SIZE)
            flag = "" if seconds < 60 else "  <- over 60 s"
            print(
                f"  {label:<16} {seconds:6.1f} s  {count / seconds:6.0f} services/s  "
                f"memory {now:.0f} MB, peak {peak:.0f} -> {peak_memory_mb():.0f} MB  "
                f"{queries.count} queries ({queries.count / batches:.0f} a batch)  "
                f"{out.getvalue().strip()}{flag}"
            )
        print(f"  services {before:,} -> {Service.objects.count():,}")


def time_page(client, url: str, runs: int = 7) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates, query plans
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return statistics.median(timings), min(timings), len(captured), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--keep", action="store_true", help="Reuse the database as it is (no regenerate)"
    )
    parser.add_argument(
        "--import-services",
        type=int,
        default=5_000,
        help="Services in the feed the import bench reads (0: skip it)",
    )
    parser.add_argument(
        "--import-only", action="store_true", help="Skip the page timings (with --keep)"
    )
    args = parser.parse_args()
    if not args.keep:
        recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from local_offer.models import Location, Postcode, Service, ServiceAtLocation

    if not args.keep:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, skip_checks=True)
        generate()
        print(f"Generated the data in {time.perf_counter() - started:.1f} s")
    print(
        f"Services {Service.objects.count():,} ({Service.objects.published().count():,} "
        f"published), locations {Location.objects.count():,}, services at locations "
        f"{ServiceAtLocation.objects.count():,}, postcodes {Postcode.objects.count():,}"
    )
    search = reverse("local_offer_public:search")
    one = Service.objects.published().order_by("pk").values_list("pk", flat=True)[2500]
    link = ServiceAtLocation.objects.filter(service_id=one).values_list("pk", flat=True)[0]
    org = Service.objects.get(pk=one).organization_id
    api = reverse("oruk:meta")
    cases = [
        ("Public search, no filters", search),
        ("Public search, keyword", f"{search}?q=speech+therapy"),
        ("Public search, keyword, page 5", f"{search}?q=support&page=5"),
        (
            "Public search, filtered",
            f"{search}?category=health&category=leisure&age=8&needs=sen&cost=free",
        ),
        ("Public search, within 3 miles of a postcode", f"{search}?postcode=ZZ1+1AA&distance=3"),
        (
            "Public search, keyword + 10 miles",
            f"{search}?q=swimming&postcode=ZZ1+1AA&distance=10",
        ),
        ("Public service page", reverse("local_offer_public:service", args=[one])),
        ("API services, page 1", f"{api}services"),
        ("API services, page 90 of 95", f"{api}services?page=90"),
        ("API services, search", f"{api}services?search=autism"),
        (
            "API services, filtered",
            f"{api}services?taxonomy_term_id=2fd330b1-ec3f-5568-a6c5-f88049d10041"
            "&minimum_age=2&maximum_age=20",
        ),
        ("API nested service", f"{api}services/{one}"),
        ("API service_at_locations, page 1", f"{api}service_at_locations"),
        (
            "API proximity, 2 km of a postcode",
            f"{api}service_at_locations?postcode=ZZ1+1AA&proximity=2000",
        ),
        (
            "API proximity, 10 km of a postcode",
            f"{api}service_at_locations?postcode=ZZ1+1AA&proximity=10000",
        ),
        ("API nested service_at_location", f"{api}service_at_locations/{link}"),
        ("API services, full, page 1", f"{api}services?full=true"),
        ("API services, minimal (all)", f"{api}services?minimal=true"),
        (
            "API services, for disabled children",
            f"{api}services?taxonomy_term_id=58007bd1-200d-5d0b-9a93-b73e5f4a13ea",
        ),
        ("API taxonomies", f"{api}taxonomies"),
        ("API taxonomy terms, search", f"{api}taxonomy_terms?search=health"),
        ("API organizations, page 3", f"{api}organizations?page=3&per_page=50"),
        ("API organization, full services", f"{api}organizations/{org}?full_service=true"),
        ("API OpenAPI document", f"{api}openapi.json"),
    ]
    if args.import_only:
        cases = []
    client = Client()
    width = max((len(label) for label, _ in cases), default=4)
    # The best run shows the cost without other processes competing for the CPU.
    print(f"\n{'page':<{width}}  {'median':>9}  {'best':>9}  {'queries':>7}  {'bytes':>8}")
    slow = []
    for label, url in cases:
        ms, best, queries, size = time_page(client, url)
        flag = "" if ms < 100 else "  <- over 100 ms"
        if flag:
            slow.append(label)
        print(f"{label:<{width}}  {ms:7.1f} ms  {best:7.1f} ms  {queries:7d}  {size:8,d}{flag}")
    print("\nAll under 100 ms." if not slow else f"\nOver 100 ms: {', '.join(slow)}")
    print("Load average: " + " ".join(f"{load:.2f}" for load in os.getloadavg()))
    if args.import_services:
        bench_import(args.import_services)
        print("Load average: " + " ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
