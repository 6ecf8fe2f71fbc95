from django import forms
from django.core.validators import MaxLengthValidator, validate_email
from django.utils.translation import gettext_lazy as _

from .models import PostMortemDirective, RestrictionEvent
from .services import LIFT_GROUNDS, PERSON_GROUNDS

Ground = RestrictionEvent.Ground


class SwitchForm(forms.Form):
    """One objection switch: the checkbox posted (on) or not (off)."""

    enabled = forms.BooleanField(required=False)


class RestrictionForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Pourquoi demandez-vous la limitation ?"),
        choices=[(g.value, g.label) for g in Ground if g in PERSON_GROUNDS],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lues par le délégué à la protection des données seulement. 2 000 caractères au plus."),
    )
    confirm = forms.BooleanField(
        label=_(
            "Je comprends que je ne pourrai plus réserver de rendez-vous ni recevoir d’e-mails non "
            "obligatoires tant que le délégué à la protection des données n’aura pas levé la limitation."
        ),
        error_messages={"required": _("Cochez cette case pour confirmer votre demande.")},
    )


class LiftForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Motif de la levée"), choices=[(g.value, g.label) for g in Ground if g in LIFT_GROUNDS]
    )


class DirectiveForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "Je consens à ce que Psyconsult conserve ces directives et les coordonnées de ma personne de "
            "confiance, et les applique après mon décès (article 85 de la loi Informatique et Libertés). "
            "Je peux les modifier ou les retirer à tout moment."
        ),
        error_messages={"required": _("Cochez la case de consentement pour enregistrer vos directives.")},
    )

    class Meta:
        model = PostMortemDirective
        fields = [
            "scope",
            "specific_data",
            "instruction",
            "instruction_details",
            "contact_name",
            "contact_email",
            "contact_relation",
        ]
        widgets = {
            "scope": forms.RadioSelect,
            "instruction": forms.RadioSelect,
            "specific_data": forms.Textarea(attrs={"rows": 2}),
            "instruction_details": forms.Textarea(attrs={"rows": 3}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "contact_relation": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        labels = {
            "scope": _("Ces directives portent sur"),
            "specific_data": _("Lesquelles ?"),
            "instruction": _("Ce que vous souhaitez"),
            "instruction_details": _("Précisions"),
            "contact_name": _("Nom de votre personne de confiance"),
            "contact_email": _("Son adresse e-mail"),
            "contact_relation": _("Son lien avec vous"),
        }
        help_texts = {
            "specific_data": _("Par exemple : mes rendez-vous, mes paiements, ma photo."),
            "instruction_details": _("Obligatoires pour « Autre instruction »."),
            "contact_name": _("Obligatoire si vos données sont conservées ou transmises à cette personne."),
            "contact_relation": _("Par exemple : sœur, ami, notaire."),
        }

    LIMITS = {
        "specific_data": 1000,
        "instruction_details": 4000,
        "contact_name": 150,
        "contact_email": 254,
        "contact_relation": 100,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model field's "---------" blank choice has no place in radio buttons.
        self.fields["scope"].choices = PostMortemDirective.Scope.choices
        self.fields["instruction"].choices = PostMortemDirective.Instruction.choices
        for name, limit in self.LIMITS.items():
            self.fields[name].max_length = limit
            self.fields[name].widget.attrs["maxlength"] = limit
            self.fields[name].validators.append(MaxLengthValidator(limit))

    def clean_contact_email(self):
        email = (self.cleaned_data.get("contact_email") or "").strip()
        if email:
            validate_email(email)
        return email

    def clean(self):
        cleaned = super().clean()
        Instruction = PostMortemDirective.Instruction
        if cleaned.get("scope") == PostMortemDirective.Scope.SPECIFIC and not cleaned.get("specific_data"):
            self.add_error("specific_data", _("Indiquez les données concernées."))
        if cleaned.get("instruction") == Instruction.OTHER and not cleaned.get("instruction_details"):
            self.add_error("instruction_details", _("Précisez votre instruction."))
        if cleaned.get("instruction") in (Instruction.KEEP_FOR_CONTACT, Instruction.HAND_OVER):
            if not cleaned.get("contact_name"):
                self.add_error("contact_name", _("Indiquez le nom de votre personne de confiance."))
            if not cleaned.get("contact_email") and "contact_email" not in self.errors:
                self.add_error("contact_email", _("Indiquez son adresse e-mail."))
        return cleaned


class ReadReasonForm(forms.Form):
    why = forms.CharField(
        label=_("Motif de la consultation"),
        max_length=255,
        help_text=_("Obligatoire : il est inscrit au journal des consultations, que la personne peut lire."),
    )
