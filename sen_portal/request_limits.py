"""Refuse request bodies over the limit before anything reads them.

Django's own checks (DATA_UPLOAD_MAX_MEMORY_SIZE, the 20 MB document check) answer only
after the body has been received and spooled to disk, so a 200 MB upload, signed in or
not, costs the server 200 MB first. This middleware looks at CONTENT_LENGTH alone and
answers 413 with a GOV.UK error page; the body is never read. The council's reverse
proxy should refuse the same size first (README, deployment notes); this is the app's
own floor when it does not.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES:
            response = render(
                request,
                "413.html",
                {"limit_mb": settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)},
                status=413,
            )
            # The unread body is not worth keeping the connection for.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
