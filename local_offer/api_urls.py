"""The Open Referral UK API, under /api/oruk/. Paths as the standard names them, with or
without a trailing slash; ids are matched as text so an unknown one is a JSON 404."""

from django.urls import re_path

from local_offer.api import views

app_name = "oruk"
# Anything after the collection's name is taken as the id (even "a/b", from an encoded
# slash), so that every odd id is the documented JSON 404, never an HTML page.
ID = r"(?P<{}>.+?)"

urlpatterns = [
    re_path(r"^$", views.meta, name="meta"),
    re_path(r"^openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.service_list, name="services"),
    re_path(rf"^services/{ID.format('service_id')}/?$", views.service_detail, name="service"),
    re_path(r"^taxonomies/?$", views.taxonomy_list, name="taxonomies"),
    re_path(rf"^taxonomies/{ID.format('taxonomy_id')}/?$", views.taxonomy_detail, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_term_list, name="taxonomy_terms"),
    re_path(
        rf"^taxonomy_terms/{ID.format('term_id')}/?$",
        views.taxonomy_term_detail,
        name="taxonomy_term",
    ),
    re_path(
        r"^service_at_locations/?$", views.service_at_location_list, name="service_at_locations"
    ),
    re_path(
        rf"^service_at_locations/{ID.format('link_id')}/?$",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    re_path(r"^organizations/?$", views.organization_list, name="organizations"),
    re_path(
        rf"^organizations/{ID.format('organization_id')}/?$",
        views.organization_detail,
        name="organization",
    ),
]
