"""System administrators keep the table of schools and colleges (from Get Information
About Schools). Plans themselves change only through the services, never here."""

from django.contrib import admin

from plans.models import Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "urn", "kind", "town")
    list_filter = ("kind",)
    search_fields = ("name", "urn", "town")
    ordering = ("name",)
