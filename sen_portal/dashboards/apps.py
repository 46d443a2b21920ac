from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "sen_portal.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"
