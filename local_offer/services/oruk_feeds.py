"""Reading an Open Referral UK feed: a JSON file, or an ORUK API's base URL.

From an API, it reads `/` (the version must be 3.0), then pages through `/services` with
`full=true` (and `full_service=true`, which some publishers use instead), `per_page` as
large as the publisher allows; a service that arrives without its nested rows is fetched
from `/services/{id}`. Each page is imported as it arrives, so memory does not grow with
the size of the feed.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import ijson

from local_offer.services.oruk_import import ImportProblem, _as_service

PER_PAGE = 200
TIMEOUT_SECONDS = 60
MAX_PAGES = 100_000
# A service from a list with one of these has been nested (ORUK service.json).
NESTED = ("service_at_locations", "contacts", "attributes", "schedules")


def read_file(path: Path) -> Iterator:
    """The items of a feed file (oruk_import.feed_items tells what each is), as a
    stream: a page envelope's `contents` or an array's items are parsed one at a time
    (ijson), so memory stays flat whatever the size of the feed (bench/local_offer.py).
    The file is read once first without keeping it, so that one that is not JSON (a
    truncated download) is refused before anything is imported. A single object (a
    service, an organisation with its services...) is read whole."""
    with path.open("rb") as stream:
        start = _after_bom(stream)
        kind = _kind(stream, path)
        stream.seek(start)
        if kind == "array":
            items = ijson.items(stream, "item", use_float=True)
        elif kind == "envelope":
            items = ijson.items(stream, "contents.item", use_float=True)
        else:
            items = iter([next(ijson.items(stream, "", use_float=True))])
        yield from items


def _after_bom(stream) -> int:
    """Where the JSON starts: after a UTF-8 byte order mark, if there is one."""
    start = 3 if stream.read(3) == codecs.BOM_UTF8 else 0
    stream.seek(start)
    return start


def _kind(stream, path: Path) -> str:
    """ "array", "envelope" (an object whose `contents` is an array) or "object"; checks
    the whole file is JSON, keeping none of it."""
    kind = ""
    try:
        for prefix, event, _ in ijson.parse(stream):
            if not kind:
                kind = {"start_array": "array", "start_map": "object"}.get(event, "value")
            elif kind == "object" and prefix == "contents" and event == "start_array":
                kind = "envelope"
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise ImportProblem(f"{path} is not JSON: {_first_line(error)}") from None
    if not kind:
        raise ImportProblem(f"{path} is not JSON: it is empty")
    return kind


def _first_line(error: Exception) -> str:
    message = error.args[0] if error.args else error
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return str(message).strip().splitlines()[0]


def _get_json(url: str) -> object:
    if not url.startswith(("https://", "http://")):
        raise ImportProblem(f"{url} is not a web address")
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 - checked above
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8-sig"))
    except (URLError, OSError) as error:
        raise ImportProblem(f"Could not read {url}: {error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportProblem(f"{url} did not answer JSON: {error}") from None


def api_pages(base_url: str, get: Callable[[str], object] = _get_json) -> Iterator[list]:
    """The services of an ORUK API, one page at a time."""
    base = base_url.rstrip("/")
    meta = get(base + "/")
    version = str(meta.get("version", "")) if isinstance(meta, dict) else ""
    if "3.0" not in version:
        raise ImportProblem(
            f"{base}/ does not say it is an Open Referral UK 3.0 API (version {version!r})"
        )
    page = 1
    while page <= MAX_PAGES:
        query = urlencode(
            {"page": page, "per_page": PER_PAGE, "full": "true", "full_service": "true"}
        )
        body = get(f"{base}/services?{query}")
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            raise ImportProblem(f"{base}/services did not answer a page of services")
        services = []
        for item in body["contents"]:
            if isinstance(item, dict) and item.get("id") and not any(k in item for k in NESTED):
                item = get(f"{base}/services/{item['id']}")
            services += _as_service(item)
        yield services
        if body.get("last_page") or not body["contents"] or page >= body.get("total_pages", page):
            return
        page += 1
