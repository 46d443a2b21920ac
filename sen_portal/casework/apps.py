from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "sen_portal.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from sen_portal.casework import event_kinds
        from sen_portal.casework.letters.events import LetterEvent

        event_kinds.register(LetterEvent)
