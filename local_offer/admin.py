"""The Django admin is for system administrators; editors use the local offer's own pages,
which log every change. Here entries are for looking up, and the change log is read-only."""

from django.contrib import admin

from local_offer.models import (
    Comment,
    CommentResponse,
    LocalOfferChange,
    Organization,
    Service,
    Taxonomy,
    TaxonomyTerm,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "status", "review_by", "updated_at"]
    list_filter = ["status", "needs_served", "operating_status"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]
    exclude = ["search_document"]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "website"]
    search_fields = ["name"]


class TaxonomyTermInline(admin.TabularInline):
    model = TaxonomyTerm
    fields = ["position", "code", "term", "description"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Taxonomy)
class TaxonomyAdmin(ReadOnlyAdmin):
    list_display = ["name", "version"]
    inlines = [TaxonomyTermInline]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "theme", "status", "may_publish"]
    list_filter = ["status", "theme"]
    exclude = ["sender_fingerprint"]


@admin.register(CommentResponse)
class CommentResponseAdmin(ReadOnlyAdmin):
    list_display = ["theme", "status", "published_at"]
    list_filter = ["status", "theme"]


@admin.register(LocalOfferChange)
class LocalOfferChangeAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor", "object_type", "summary"]
    list_filter = ["object_type", "action"]
    list_select_related = ["actor"]
