from django_fsm import ConcurrentTransitionMixin


class ProtectedStateModel(ConcurrentTransitionMixin):
    """A model whose `status` only transitions may change.

    Django's clean_fields() assigns every field's cleaned value back to the instance, which
    a protected FSMField refuses ("Direct status modification is not allowed"), so
    full_clean() would always fail. The state is not user input: transitions set it and a
    check constraint bounds it, so it is left out of field cleaning.
    """

    STATE_FIELD = "status"

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude={*(exclude or ()), self.STATE_FIELD})
