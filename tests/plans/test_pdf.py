"""The plan as a PDF: what it contains, that it is tagged with its metadata, that the
renderer fetches nothing a plan's text points at, and that a version is rendered once."""

from __future__ import annotations

import hashlib
import io
import threading
from datetime import date, datetime, time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from pypdf import PdfReader

from plans import services
from plans.constants import SECTIONS
from plans.models import PlanVersion, PlanVersionPdf, PlanVersionPdfFailure
from plans.services import documents
from plans.services.documents import VersionContentMismatch, template_version
from plans.tasks import plan_version_render_pdf as render_task
from sen_portal.casework import pdf as casework_pdf
from tests.plans.conftest import TODAY, bring_to_final_ready

pytestmark = pytest.mark.django_db


def london(day: date, hour: int, minute: int) -> datetime:
    """A wall-clock time in the council's zone on the suite's today (the draft is dated
    today, so a frozen clock on any other day would put it in the future)."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def read(version: PlanVersion) -> PdfReader:
    version = PlanVersion.objects.select_related("pdf").get(pk=version.pk)
    return PdfReader(io.BytesIO(Path(version.pdf.file.path).read_bytes()))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def draft(draft_version):
    return draft_version


@pytest.fixture
def final(final_ready, caseworker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker)
    return result.version


def test_the_cover_names_the_child_their_reference_and_the_date(draft, child):
    cover = flat(read(draft).pages[0].extract_text())
    assert "Draft education, health and care plan" in cover
    assert "Sam Example" in cover
    assert child.la_reference in cover
    assert f"{TODAY.day} {TODAY:%B %Y}" in cover


def test_the_contents_list_every_section_with_its_page(draft):
    reader = read(draft)
    contents = flat(reader.pages[1].extract_text())
    assert contents.startswith("Contents") or "Contents" in contents
    for section in SECTIONS:
        # "Section A: Views, interests and aspirations ....... 3"
        assert section.heading.split(" under ")[0] in contents
    assert len(reader.pages) >= 4


def test_every_section_has_its_heading_and_its_content(final):
    text = flat(text_of(read(final)))
    for section in SECTIONS:
        assert flat(section.heading) in text, section.heading
    assert "To be a train driver." in text  # A
    assert "Reads well below age level." in text  # B
    assert "Structured phonics programme, part 1" in text  # F
    assert "Health commissioner (ICB)" in text  # G's responsible agency
    assert "Northshire Primary School" in text and "990101" in text  # I
    assert "£1,200.00" in text  # J
    assert "Psychological advice" in text  # K


def test_the_pdf_is_tagged_pdf_ua_with_title_and_language(final, child):
    reader = read(final)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).lower() == "en-gb"
    assert reader.metadata.title == (
        "Education, health and care plan for Sam Example: final, version 2"
    )


def test_every_page_says_page_x_of_y_and_the_reference(final, child):
    reader = read(final)
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {pages}" in text
        assert child.la_reference in text


def test_a_draft_is_marked_draft_on_every_page_and_names_no_school(draft):
    reader = read(draft)
    assert all("DRAFT" in page.extract_text() for page in reader.pages)
    assert "does not name a school or college" in flat(text_of(reader))


def test_the_final_plan_carries_no_draft_mark(final):
    assert "DRAFT" not in text_of(read(final))


def test_a_long_plan_runs_over_many_pages_with_its_tables(ready_plan, caseworker):
    from tests.plans.conftest import fill_draft_sections

    fill_draft_sections(ready_plan, caseworker, provision_items=40)
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    services.plan_version_render_pdf(version_id=version.pk)
    reader = read(version)
    assert len(reader.pages) >= 8
    text = flat(text_of(reader))
    # 41 pieces of provision in section F: the first plan's and 40 more.
    assert "F41" in text and "part 40" in text


# --- The renderer fetches nothing a plan's text points at ------------------------------------


@pytest.fixture
def listener():
    """A server on loopback that counts every request the renderer might make to it."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_hostile_plan_text_loads_nothing_and_is_printed_as_text(
    ready_plan, caseworker, listener, monkeypatch
):
    url, hits = listener
    fetched = []
    original = casework_pdf.StaticOnlyFetcher.fetch

    def recording_fetch(self, url_, headers=None):
        fetched.append(url_)
        return original(self, url_, headers)

    monkeypatch.setattr(casework_pdf.StaticOnlyFetcher, "fetch", recording_fetch)
    hostile = (
        f'<img src="{url}/tracker.png"> <img src="file:///etc/passwd"> '
        f'<link rel="stylesheet" href="{url}/evil.css"> '
        f"<style>@import url('{url}/import.css'); @import url('file:///etc/passwd');</style>"
    )
    services.plan_section_update(
        plan=ready_plan,
        code="A",
        data={"a_views": hostile, "a_interests": "x", "a_aspirations": "y"},
        acting_user=caseworker,
    )
    provision = ready_plan.provision.filter(section="F").first()
    services.plan_item_save(
        plan=ready_plan,
        code="F",
        item=provision,
        data={"what": f"<iframe src='{url}/frame'></iframe> file:///etc/passwd"},
        acting_user=caseworker,
    )
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    services.plan_version_render_pdf(version_id=version.pk)

    assert hits == []
    # Only our own stylesheets were asked for.
    assert fetched and all(
        u.startswith(casework_pdf.PDF_ORIGIN + settings.STATIC_URL) for u in fetched
    )
    text = flat(text_of(read(version)))
    assert "<img src=" in text and "file:///etc/passwd" in text  # shown, not loaded
    assert "root:x:0:0" not in text


# --- Rendered once, stored outside the web root, with its hash ---------------------------------


def test_a_version_is_rendered_once_however_often_the_task_runs(
    draft_issued, caseworker, monkeypatch
):
    calls = []
    original = documents.render_version_pdf_bytes

    def counting(version):
        calls.append(version.pk)
        return original(version)

    monkeypatch.setattr(documents, "render_version_pdf_bytes", counting)
    # A second draft-like version (the final plan) made without its on-commit render.
    bring_to_final_ready(draft_issued, caseworker, draft_issued.preferred_institution)
    version = services.plan_issue_final(plan=draft_issued, on=TODAY, acting_user=caseworker).version
    first = render_task.delay(version.pk).get()
    second = render_task.delay(version.pk).get()
    services.plan_version_render_pdf(version_id=version.pk)
    assert calls == [version.pk]
    assert first == second
    assert PlanVersionPdf.objects.filter(version=version).count() == 1


def test_the_stored_file_is_outside_the_web_root_with_its_hash_and_layout(draft):
    pdf = PlanVersionPdf.objects.get(version=draft)
    path = Path(pdf.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == pdf.sha256
    assert pdf.size == len(data)
    assert pdf.content_sha256 == draft.content_sha256
    assert pdf.template_version == template_version()
    assert pdf.template_version.startswith("plan-pdf-")


def test_the_pdf_shows_the_version_as_issued_not_later_changes(ready_plan, caseworker):
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    # The worker is slow: the plan changes before the PDF is made.
    services.plan_section_update(
        plan=ready_plan,
        code="A",
        data={"a_aspirations": "To become an astronaut."},
        acting_user=caseworker,
    )
    services.plan_version_render_pdf(version_id=version.pk)
    text = flat(text_of(read(version)))
    assert "To be a train driver." in text
    assert "astronaut" not in text


def test_the_version_page_shows_progress_then_offers_the_pdf(client, caseworker, ready_plan):
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    client.force_login(caseworker)
    page_url = reverse("plans:version_detail", args=[ready_plan.pk, version.number])
    pdf_url = reverse("plans:version_pdf", args=[ready_plan.pk, version.number])

    page = client.get(page_url).content.decode()
    assert "Being made" in page and pdf_url not in page
    assert client.get(pdf_url).status_code == 404

    services.plan_version_render_pdf(version_id=version.pk)
    page = client.get(page_url).content.decode()
    assert "Ready" in page and pdf_url in page
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")


def test_asking_for_the_pdf_again_makes_it_once(
    client, caseworker, ready_plan, django_capture_on_commit_callbacks
):
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    client.force_login(caseworker)
    url = reverse("plans:version_render", args=[ready_plan.pk, version.number])
    assert client.get(url).status_code == 405
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302
    assert PlanVersionPdf.objects.filter(version=version).count() == 1


def test_a_pdf_changed_on_disk_is_never_handed_out(client, caseworker, draft):
    pdf = PlanVersionPdf.objects.get(version=draft)
    Path(pdf.file.path).write_bytes(b"%PDF-1.7 tampered")
    client.force_login(caseworker)
    with pytest.raises(VersionContentMismatch):
        client.get(reverse("plans:version_pdf", args=[draft.plan_id, draft.number]))


# --- A busy database, and a PDF that could not be made -----------------------------------------


def test_a_locked_database_makes_the_task_try_again_and_the_pdf_is_made(
    ready_plan, caseworker, monkeypatch
):
    """On the embedded SQLite default the web server and the worker write one file: a
    "database is locked" is worth another try, not a lost PDF."""
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    original = documents.render_version_pdf_bytes
    attempts = []

    def locked_once(version):
        attempts.append(version.pk)
        if len(attempts) == 1:
            raise OperationalError("database is locked")
        return original(version)

    monkeypatch.setattr(documents, "render_version_pdf_bytes", locked_once)
    # Run as the worker would: a retry is the task applied again (eagerly, here).
    render_task.apply(args=[version.pk], throw=False).get()
    assert len(attempts) == 2
    assert PlanVersionPdf.objects.filter(version=version).exists()
    assert not PlanVersionPdfFailure.objects.filter(version=version).exists()


def test_a_pdf_that_failed_says_when_and_can_be_tried_again(
    client, caseworker, ready_plan, monkeypatch, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(london(TODAY, 13, 43), tick=False)
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    original = documents.render_version_pdf_bytes

    def broken(version):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(documents, "render_version_pdf_bytes", broken)
    # As in the worker: an error that is not worth retrying fails the task at once.
    assert render_task.apply(args=[version.pk], throw=False).failed()
    failure = PlanVersionPdfFailure.objects.get(version=version)
    assert "renderer crashed" in failure.reason

    client.force_login(caseworker)
    page_url = reverse("plans:version_detail", args=[ready_plan.pk, version.number])
    page = client.get(page_url).content.decode()
    assert f"Making the PDF failed at 1:43pm on {TODAY.day} {TODAY:%B %Y}" in page
    assert "Try again" in page and "Being made" not in page

    monkeypatch.setattr(documents, "render_version_pdf_bytes", original)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("plans:version_render", args=[ready_plan.pk, version.number]))
    assert not PlanVersionPdfFailure.objects.filter(version=version).exists()
    assert "Ready" in client.get(page_url).content.decode()


def test_a_pdf_still_not_made_after_a_while_offers_to_try_again(
    client, caseworker, ready_plan, time_machine
):
    time_machine.move_to(london(TODAY, 13, 43), tick=False)
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    client.force_login(caseworker)
    page_url = reverse("plans:version_detail", args=[ready_plan.pk, version.number])
    assert "taking longer than usual" not in client.get(page_url).content.decode()
    time_machine.move_to(london(TODAY, 13, 46), tick=False)
    page = client.get(page_url).content.decode()
    assert "taking longer than usual" in page and "Try again" in page
