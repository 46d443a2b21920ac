"""The Django admin, for system administrators. Children's records and family members
are read-only here: they change only through the app's own pages and services, which
write the chronology; and every record opened here is logged like any other read
(RecordAccess). The app's own pages already serve administrators for casework."""

from django.contrib import admin

from sen_portal.casework.models import (
    Child,
    ChronologyEvent,
    CouncilContacts,
    DataExport,
    FamilyMember,
    Letter,
    RecordAccess,
)
from sen_portal.casework.services import record_access_log


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewed, never edited, even by administrators."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChildRecordAdmin(ReadOnlyAdmin):
    """Opening one record is a read of a child's record, logged with the child."""

    def child_of(self, obj) -> Child:
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            record_access_log(user=request.user, child=self.child_of(obj), path=request.path)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Child)
class ChildAdmin(ChildRecordAdmin):
    list_display = ["la_reference", "last_name", "first_name", "team", "caseworker"]
    list_filter = ["team"]
    search_fields = ["la_reference", "last_name", "first_name"]
    list_select_related = ["team", "caseworker"]

    def child_of(self, obj) -> Child:
        return obj


@admin.register(FamilyMember)
class FamilyMemberAdmin(ChildRecordAdmin):
    list_display = ["full_name", "relationship", "child", "parental_responsibility"]
    list_select_related = ["child"]
    raw_id_fields = ["child", "user"]

    def child_of(self, obj) -> Child:
        return obj.child


@admin.register(ChronologyEvent)
class ChronologyEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "child", "kind", "summary", "actor"]
    list_select_related = ["child", "actor"]
    list_filter = ["kind"]


@admin.register(RecordAccess)
class RecordAccessAdmin(ReadOnlyAdmin):
    list_display = ["accessed_at", "user", "child", "path"]
    list_select_related = ["user", "child"]


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    list_display = ["exported_at", "user", "by", "what", "scope"]
    list_select_related = ["user"]


@admin.register(CouncilContacts)
class CouncilContactsAdmin(admin.ModelAdmin):
    """One row: the contacts every statutory notice quotes (Reg 32 mediation adviser,
    disagreement resolution, SENDIASS, the SEN team). Administrators edit it here."""

    fieldsets = [
        (
            "Mediation adviser (Reg 32)",
            {
                "fields": [
                    "mediation_name",
                    "mediation_phone",
                    "mediation_email",
                    "mediation_website",
                ]
            },
        ),
        (
            "Disagreement resolution (CFA s57)",
            {"fields": ["disagreement_name", "disagreement_phone", "disagreement_email"]},
        ),
        (
            "Information, advice and support (SENDIASS)",
            {"fields": ["sendiass_name", "sendiass_phone", "sendiass_email", "sendiass_website"]},
        ),
        (
            "SEN team",
            {"fields": ["sen_team_name", "sen_team_phone", "sen_team_email", "sen_team_address"]},
        ),
        ("Local offer", {"fields": ["local_offer_url"]}),
    ]

    def has_add_permission(self, request):
        return not CouncilContacts.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["title", "child", "dated_on", "delivery", "sent_on", "service_on"]
    list_select_related = ["child"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["child", "document", "posted_by", "created_by"]
    readonly_fields = ["key", "addressees", "copies"]
