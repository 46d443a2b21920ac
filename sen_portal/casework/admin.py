from django.contrib import admin

from sen_portal.casework.models import Child, ChronologyEvent, FamilyMember, RecordAccess


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["la_reference", "last_name", "first_name", "team", "caseworker"]
    list_filter = ["team"]
    search_fields = ["la_reference", "last_name", "first_name"]
    list_select_related = ["team", "caseworker"]


@admin.register(FamilyMember)
class FamilyMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "relationship", "child", "parental_responsibility"]
    list_select_related = ["child"]
    raw_id_fields = ["child", "user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence is viewed, never edited, even by administrators."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChronologyEvent)
class ChronologyEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "child", "kind", "summary", "actor"]
    list_select_related = ["child", "actor"]
    list_filter = ["kind"]


@admin.register(RecordAccess)
class RecordAccessAdmin(ReadOnlyAdmin):
    list_display = ["accessed_at", "user", "child", "path"]
    list_select_related = ["user", "child"]
