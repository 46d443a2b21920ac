"""Case notes, the communication log and documents uploaded to a case directly.

``attach_points`` (the steps a document may belong to, registered by each workflow),
``services`` (recording), ``selectors`` (reads for the case page and the family portal),
``forms`` and ``views``. The model is casework.models.note.CaseNote.
"""
