from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.storages import private_storage
from privacy.fields import EncryptedTextField

from .validators import validate_french_postal_code


def normalize_email_address(email: str) -> str:
    """One spelling per address: e-mails are compared and stored lower-case."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email_address(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Logins typed with capitals still find the (lower-case) account.
        return self.get(**{self.model.USERNAME_FIELD: normalize_email_address(username)})


# The zones people are offered: metropolitan France, the overseas departments, and the
# neighbouring zones of French speakers abroad. Stored as IANA names.
TIME_ZONES = [
    ("Europe/Paris", _("France métropolitaine (Paris)")),
    ("America/Guadeloupe", _("Guadeloupe, Martinique (Antilles)")),
    ("America/Cayenne", _("Guyane")),
    ("Indian/Reunion", _("La Réunion")),
    ("Indian/Mayotte", _("Mayotte")),
    ("Pacific/Noumea", _("Nouvelle-Calédonie")),
    ("Pacific/Tahiti", _("Polynésie française (Tahiti)")),
    ("America/Montreal", _("Québec (Montréal)")),
    ("Europe/London", _("Royaume-Uni (Londres)")),
    ("UTC", _("Temps universel (UTC)")),
]


class Gender(models.TextChoices):
    """One list for people and practitioners' profiles (and the directory's filter)."""

    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre")


class User(AbstractUser):
    Gender = Gender

    class Role(models.TextChoices):
        USER = "user", _("Utilisateur")
        PRACTITIONER = "practitioner", _("Praticien")

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    # Blank only for staff accounts created in the admin; signup makes both mandatory.
    gender = models.CharField(_("genre"), max_length=16, choices=Gender.choices, blank=True)
    postal_code = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validate_french_postal_code]
    )
    photo = models.ImageField(
        _("photo de profil"), upload_to="profile-photos/", storage=private_storage, blank=True
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.USER)
    preferred_language = models.CharField(
        _("langue préférée"), max_length=8, default="fr", choices=[("fr", "Français"), ("en", "English")]
    )
    # Times of appointments are shown in this zone (visitors see Europe/Paris, with its name).
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, default="Europe/Paris", choices=TIME_ZONES
    )
    # Set once by the erasure (privacy.erasure.erase_person): the row stays as a tombstone, so
    # that the acceptance ledger's rows still point to a user, who is no longer identifiable.
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True, editable=False)

    # Restriction of processing (GDPR art. 18): asked by the person, lifted by the DPO only
    # (privacy_rights.services). While set: no booking, no e-mail but the legal ones.
    restricted_at = models.DateTimeField(_("compte limité depuis le"), null=True, blank=True)
    restriction_reason = EncryptedTextField(_("motif de la limitation"), blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = normalize_email_address(self.email)

    def save(self, *args, **kwargs):
        # Every path (signup, admin forms, shell) stores the same spelling.
        self.email = normalize_email_address(self.email)
        super().save(*args, **kwargs)

    @property
    def is_restricted(self) -> bool:
        """The one rule every app asks (booking, notifications, newsletter): accounts is low in
        the graph, so they read it here without knowing privacy_rights."""
        return self.restricted_at is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_practitioner(self) -> bool:
        return self.role == self.Role.PRACTITIONER
