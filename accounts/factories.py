"""Test factories for accounts (factory_boy is a development requirement)."""

import factory
from allauth.account.models import EmailAddress

from .models import User

DEFAULT_PASSWORD = "Cle-de-test-2026!"  # noqa: S105 - test-only password


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up adult whose e-mail address is verified (allauth lets them log in)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    gender = User.Gender.FEMALE
    postal_code = "75011"
    preferred_language = "fr"
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Pass ``verified_email=False`` for an account still waiting for confirmation."""
        if not create:
            return
        EmailAddress.objects.update_or_create(
            user=obj,
            email=obj.email,
            defaults={"verified": extracted is not False, "primary": True},
        )


class StaffUserFactory(UserFactory):
    is_staff = True


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True
