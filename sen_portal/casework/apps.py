from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "sen_portal.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from sen_portal.casework import event_kinds
        from sen_portal.casework.letters.events import LetterEvent

        event_kinds.register(LetterEvent)

        # Case notes and the communication log: a panel of its own, after the workflows'
        # and the family portal's (casework.notes).
        from sen_portal.casework import panels
        from sen_portal.casework.notes.events import NoteEvent
        from sen_portal.casework.notes.views import case_panel

        event_kinds.register(NoteEvent)
        panels.register(
            panels.CasePanel("notes", 70, "casework/notes/_case_panel_body.html", case_panel)
        )
