from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "sen_portal.casework"
    label = "casework"
    verbose_name = "Casework"
