"""Letters and plans as tagged, accessible PDFs (WeasyPrint).

The renderer is locked down: it may read our own static files (the PDF stylesheet) from
disk and nothing else. A plan's text is written by people and may contain anything, so
`<img src="http://...">`, `file:///etc/passwd` or a CSS `@import` in it must load nothing.
Templates escape all user text; this fetcher is the second line of defence.
"""

import gc
import logging
import mimetypes
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

# Static URLs in PDF templates resolve against this made-up origin; the fetcher serves
# them from the static files finders, so nothing is fetched over a network.
PDF_ORIGIN = "https://pdf.sen-portal.invalid"
# PDF/UA-1: tagged structure, title and language metadata, embedded fonts.
PDF_VARIANT = "pdf/ua-1"


class RefusedFetch(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves our own static files from disk; refuses every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols={"https"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin == PDF_ORIGIN and parts.path.startswith(settings.STATIC_URL):
            relative = parts.path.removeprefix(settings.STATIC_URL)
            found = finders.find(relative) if ".." not in relative.split("/") else None
            if found:
                path = Path(found)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), {"Content-Type": content_type}, 200
                )
        self.refused.append(url)
        logger.warning("PDF renderer refused to fetch %s", url[:200])
        raise RefusedFetch(f"refused: {url[:200]}")


_gc_lock = threading.Lock()
_gc_pausers = 0  # renders under way with the collector paused
_gc_was_enabled = True


@contextmanager
def gc_paused():
    """Python's cyclic garbage collector off for the length of a render (issue #22).

    A plan's render allocates a few million short-lived objects (boxes, styles, line
    layouts), so the collector runs its full passes over the whole process (Django, the
    Celery worker) again and again: about 15% of a 20-page plan's CPU time. Reference
    counting still frees everything that is not in a cycle; whatever cycles a render
    leaves are collected once the collector is back on, at its next threshold. Counted,
    so that renders in two threads at once turn it back on only when both are done, and
    only if it was on before the first began."""
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


def html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render a whole HTML document. Its <title> and <html lang> become PDF metadata."""
    document = HTML(
        string=html, base_url=PDF_ORIGIN + "/", url_fetcher=fetcher or StaticOnlyFetcher()
    )
    with gc_paused():
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))
