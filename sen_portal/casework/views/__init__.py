"""casework's pages, by concept: cases (case), deadlines (deadlines), documents
(documents), staff notifications (notifications). urls.py and document_urls.py route to
the modules; other apps import the public helpers from here."""

from sen_portal.casework.views.documents import document_response

__all__ = ["document_response"]
