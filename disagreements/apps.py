from django.apps import AppConfig


class DisagreementsConfig(AppConfig):
    name = "disagreements"
    verbose_name = "Mediation and appeals"
