"""The contact form: what the sender writes, the privacy policy shown, and two traps for robots.

No third party: a honeypot field people never see (bots fill it in) and a signed timestamp of
when the form was shown (bots post within a second). A trapped submission looks like a success
to the robot and stores nothing (services are never called).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import ContactMessage

STARTED_SALT = "contact.form.started"
# A form older than this is refused (and shown again with a fresh timestamp).
STARTED_MAX_AGE = 24 * 3600
HONEYPOT_FIELD = "website"


def started_token(at: float | None = None) -> str:
    """The signed moment the form was shown (seconds since the epoch)."""
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


def _privacy_label(version):
    url = reverse("legal:version", args=[version.document.slug, version.number])
    link = format_html(
        '<a href="{}" target="_blank" rel="noopener">{}<span class="visually-hidden"> {}</span></a>',
        url,
        _("politique de confidentialité"),
        _("(s’ouvre dans un nouvel onglet)"),
    )
    return format_html(
        str(
            _(
                "J’ai lu la {link} (version {number}) et j’accepte que ces informations, y compris "
                "celles sur ma santé que je choisis de donner, servent à répondre à mon message."
            )
        ),
        link=link,
        number=version.number,
    )


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Nom"), max_length=120, error_messages={"required": _("Indiquez votre nom.")}
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Nous vous répondons à cette adresse."),
        error_messages={
            "required": _("Indiquez l’adresse e-mail à laquelle vous répondre."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
        },
    )
    subject = forms.ModelChoiceField(
        label=_("Sujet"),
        queryset=None,
        empty_label=_("Choisissez un sujet"),
        error_messages={
            "required": _("Choisissez le sujet de votre message."),
            "invalid_choice": _("Choisissez un sujet dans la liste."),
        },
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Votre message est trop long : %(limit_value)d caractères au plus (il en a %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "N’écrivez que ce qui est utile pour vous répondre. Pour une question sur le contenu "
            "d’une séance, adressez-vous à votre psychologue."
        ),
    )
    accept_privacy_policy = forms.BooleanField(
        required=True,
        error_messages={"required": _("Cochez cette case pour envoyer votre message.")},
    )
    privacy_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    privacy_sha256 = forms.CharField(widget=forms.HiddenInput, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: rendered by the template out of sight and out of the accessibility tree.
    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, language: str, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["subject"].queryset = selectors.active_subjects()
        self.fields["subject"].label_from_instance = lambda subject: subject.label_in(language)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        shown = selectors.privacy_policy_shown(language)
        self.privacy_shown = shown[0] if shown else None
        self.accepted_version = None
        self.accepted_sha256 = ""
        if shown:
            version, sha256 = shown
            self.fields["accept_privacy_policy"].label = _privacy_label(version)
            self.fields["privacy_version"].initial = version.pk
            self.fields["privacy_sha256"].initial = sha256
        self.fields["started"].initial = started_token()
        if user is not None and getattr(user, "is_authenticated", False) and not self.is_bound:
            self.fields["name"].initial = user.get_full_name()
            self.fields["email"].initial = user.email

    @property
    def closed(self) -> bool:
        """No privacy policy in force: nothing can be accepted, so nothing can be sent."""
        return self.privacy_shown is None

    @property
    def is_spam_trap(self) -> bool:
        """The honeypot was filled in: a robot (people never see the field)."""
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Écrivez votre message."))
        return message

    def clean(self):
        cleaned_data = super().clean()
        self._clean_started()
        self._clean_privacy_version()
        return cleaned_data

    def _clean_started(self):
        token = self.cleaned_data.get("started") or ""
        try:
            started = float(signing.loads(token, salt=STARTED_SALT, max_age=STARTED_MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            self._refresh("started", started_token())
            self.add_error(
                None,
                _(
                    "Ce formulaire a expiré ou n’a pas pu être vérifié : relisez votre message, "
                    "puis envoyez-le de nouveau."
                ),
            )
            return
        if time.time() - started < settings.CONTACT_MIN_FILL_SECONDS:
            # The same token stays in the form: sending again a moment later goes through.
            self.add_error(
                None,
                _(
                    "Votre message a été envoyé trop vite après l’ouverture de la page, comme le "
                    "ferait un robot. Relisez-le, puis envoyez-le de nouveau."
                ),
            )

    def _clean_privacy_version(self):
        """The sender accepts the version they were shown, by the ledger's rule (the version in
        force or the announced one, with the same text). Otherwise: show the version in force
        and ask to read it and tick again."""
        if self.privacy_shown is None:
            return
        shown_id = self.cleaned_data.get("privacy_version")
        version = selectors.privacy_version(shown_id) if shown_id else None
        if version is not None and selectors.is_acceptable(version, self.cleaned_data.get("privacy_sha256")):
            self.accepted_version = version
            self.accepted_sha256 = self.cleaned_data["privacy_sha256"]
            return
        _current, current_sha256 = selectors.privacy_policy_shown(self.language)
        self._refresh("privacy_version", self.privacy_shown.pk)
        self._refresh("privacy_sha256", current_sha256)
        if not self.cleaned_data.get("accept_privacy_policy"):
            return  # not ticked: "tick this box" says it all, and the version in force is shown
        self._refresh("accept_privacy_policy", None)
        self.add_error(
            "accept_privacy_policy",
            _(
                "La politique de confidentialité a été mise à jour depuis l’ouverture de cette page : "
                "lisez la nouvelle version, puis cochez de nouveau la case."
            ),
        )

    def _refresh(self, name: str, value) -> None:
        """Change a submitted value in what the page shows again (None removes it)."""
        data = self.data.copy()
        key = self.add_prefix(name)
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
        self.data = data


class StatusForm(forms.Form):
    """An editor's status change of a message (admin)."""

    status = forms.ChoiceField(label=_("Statut"), choices=ContactMessage.Status.choices)
