from tests.booking.conftest import (  # noqa: F401
    directory,
    frozen_now,
    other_person,
    person,
    practitioner,
    practitioner_account,
)
