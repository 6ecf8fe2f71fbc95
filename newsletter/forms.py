from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import SubscriptionEvent

OPT_IN_LABEL = _(
    "Je souhaite recevoir la lettre d’information de Psyconsult (facultatif ; un e-mail me demandera "
    "de confirmer, je pourrai me désabonner à tout moment)."
)


class NewsletterOptInFormMixin:
    """An unticked, optional opt-in checkbox added last to a form (the signup form).

    class SignupForm(NewsletterOptInFormMixin, LegalAcceptanceFormMixin, forms.Form): ...
        def signup(self, request, user):
            ...; user.save(); self.record_newsletter_opt_in(user=user)
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletter"] = forms.BooleanField(label=OPT_IN_LABEL, required=False, initial=False)

    def record_newsletter_opt_in(self, *, user) -> None:
        """Ticked: the request is recorded and the confirmation e-mail queued, nothing more."""
        if self.cleaned_data.get("newsletter"):
            services.request_subscription(user=user, source=SubscriptionEvent.Source.SIGNUP)


class PreferenceForm(forms.Form):
    wanted = forms.BooleanField(
        label=_("Je souhaite recevoir la lettre d’information"),
        required=False,
        help_text=_(
            "Quelques e-mails par an sur le service et la santé psychique ; jamais de publicité de tiers."
        ),
    )


class ConfirmForm(forms.Form):
    """The privacy-policy version shown on the confirmation page (checked again on POST)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
