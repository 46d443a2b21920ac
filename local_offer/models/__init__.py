from local_offer.models.audit import LocalOfferChange
from local_offer.models.directory import (
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
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
    "Funding",
    "Language",
    "LocalOfferChange",
    "Location",
    "Organization",
    "OrganizationIdentifier",
    "Phone",
    "Postcode",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceAttribute",
    "Taxonomy",
    "TaxonomyTerm",
]
