from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "sen_portal.family"
    label = "family"
    verbose_name = "Family portal"
