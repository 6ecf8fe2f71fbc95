import pytest
from django.core.exceptions import ValidationError

from accounts.validators import validate_french_postal_code


@pytest.mark.parametrize("code", ["75011", "01000", "20000", "69003", "95880", "97400", "97600", "98000"])
def test_french_postal_codes_are_accepted_including_overseas(code):
    validate_french_postal_code(code)


@pytest.mark.parametrize(
    "code", ["7501", "750111", "00100", "96000", "97700", "99000", "ABCDE", "", "75 011"]
)
def test_malformed_or_non_french_postal_codes_are_refused(code):
    with pytest.raises(ValidationError) as error:
        validate_french_postal_code(code)
    assert error.value.code == "invalid_postal_code"
