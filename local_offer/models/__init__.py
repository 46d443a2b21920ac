from local_offer.models.audit import LocalOfferChange
from local_offer.models.directory import (
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from local_offer.models.feedback import Comment, CommentResponse
from local_offer.models.geography import Postcode

__all__ = [
    "Comment",
    "CommentResponse",
    "Contact",
    "CostOption",
    "Language",
    "LocalOfferChange",
    "Location",
    "Organization",
    "Phone",
    "Postcode",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "ServiceAttribute",
    "Taxonomy",
    "TaxonomyTerm",
]
