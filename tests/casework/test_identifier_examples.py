"""The identifier errors' own examples pass the checks they describe (issue #21: the UPN
error's example was itself rejected)."""

import re

import pytest
from django.core.exceptions import ValidationError

from sen_portal.casework.identifiers import validate_nhs_number, validate_upn


@pytest.mark.parametrize("validate", [validate_upn, validate_nhs_number])
def test_the_example_in_the_error_message_is_accepted(validate):
    with pytest.raises(ValidationError) as raised:
        validate("not a number")
    example = re.search(r"like ([A-Z0-9 ]+?)[.\s]*(?:Check|$)", raised.value.messages[0])
    assert example, raised.value.messages[0]
    validate(example.group(1).strip())
