"""The PDF renderer: tagged PDF/UA with metadata, and a fetcher that loads nothing foreign."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from sen_portal.casework.pdf import StaticOnlyFetcher, html_to_pdf


def document(body: str, *, draft: bool = False) -> str:
    template = Template(
        "{% extends 'pdf/base.html' %}"
        "{% block title %}Decision letter{% endblock %}"
        "{% block reference %}NS-TEST-0001{% endblock %}"
        "{% block content %}<h1>Decision letter</h1>" + body + "{% endblock %}"
    )
    return template.render(Context({"draft": draft}))


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


def test_a_pdf_is_tagged_with_title_and_language():
    pdf = PdfReader(io.BytesIO(html_to_pdf(document("<p>We have decided.</p>"))))
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).lower() == "en-gb"
    assert pdf.metadata.title == "Decision letter"
    assert "We have decided." in pdf.pages[0].extract_text()


def test_the_footer_says_page_x_of_y_and_the_reference():
    body = "".join(f"<p>Paragraph {n} of a long letter.</p>" for n in range(120))
    pdf = PdfReader(io.BytesIO(html_to_pdf(document(body))))
    assert len(pdf.pages) > 1
    last = pdf.pages[-1].extract_text()
    assert f"Page {len(pdf.pages)} of {len(pdf.pages)}" in last
    assert "NS-TEST-0001" in last


def test_a_draft_carries_a_draft_mark():
    text = PdfReader(io.BytesIO(html_to_pdf(document("<p>x</p>", draft=True)))).pages[0]
    assert "DRAFT" in text.extract_text()


def test_the_stylesheet_comes_from_our_static_files():
    fetcher = StaticOnlyFetcher()
    html_to_pdf(document("<p>x</p>"), fetcher=fetcher)
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="{url}/image.png" alt="">',
        '<link rel="stylesheet" href="{url}/style.css">',
        "<style>@import url('{url}/import.css');</style>",
        "<style>h1 {{ background-image: url('{url}/bg.png'); }}</style>",
        '<img src="file:///etc/passwd" alt="">',
        "<style>@import url('file:///etc/passwd');</style>",
        '<img src="/static/../../../../etc/passwd" alt="">',
    ],
)
def test_the_renderer_fetches_nothing_outside_our_static_files(listener, hostile):
    url, hits = listener
    fetcher = StaticOnlyFetcher()
    pdf = html_to_pdf(document(hostile.format(url=url)), fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert len(fetcher.refused) == 1


def test_user_text_is_escaped_by_the_templates(listener):
    url, hits = listener
    template = Template(
        "{% extends 'pdf/base.html' %}{% block content %}<p>{{ note }}</p>{% endblock %}"
    )
    html = template.render(Context({"note": f'<img src="{url}/x.png">'}))
    text = PdfReader(io.BytesIO(html_to_pdf(html))).pages[0].extract_text()
    assert "<img" in text  # shown as text, not loaded
    assert hits == []


def test_the_garbage_collector_is_paused_for_a_render_and_back_on_after(monkeypatch):
    # Issue #22: collector passes over the whole process cost about 15% of a render.
    import gc

    from sen_portal.casework import pdf as pdf_module

    seen = []
    real_write_pdf = pdf_module.HTML.write_pdf

    def write_pdf(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(pdf_module.HTML, "write_pdf", write_pdf)
    assert gc.isenabled()
    html_to_pdf(document("<p>We have decided.</p>"))
    assert seen == [False]
    assert gc.isenabled()


def test_the_garbage_collector_is_back_on_after_a_render_that_fails(monkeypatch):
    import gc

    from sen_portal.casework import pdf as pdf_module

    def write_pdf(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf_module.HTML, "write_pdf", write_pdf)
    with pytest.raises(RuntimeError):
        html_to_pdf(document("<p>We have decided.</p>"))
    assert gc.isenabled()


def test_a_collector_already_off_stays_off_and_nested_pauses_count():
    import gc

    from sen_portal.casework.pdf import gc_paused

    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
