from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from legal.forms import LegalAcceptanceFormMixin
from legal.models import Acceptance, LegalDocument
from practitioners_directory.models import Methodology

from .models import Appointment, DateOverride, Schedule, WeeklyRange


class BookingForm(LegalAcceptanceFormMixin, forms.Form):
    """What the person tells before the consultation, and the terms they accept for it."""

    legal_acceptance_kinds = (str(LegalDocument.Kind.TERMS_OF_USE),)
    legal_acceptance_context = Acceptance.Context.BOOKING

    visit = forms.ChoiceField(
        label=_("S’agit-il d’une première consultation avec ce praticien ?"),
        choices=Appointment.Visit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez s’il s’agit d’une première consultation ou d’un suivi.")},
    )
    methodology = forms.ModelChoiceField(
        label=_("Approche souhaitée"),
        queryset=Methodology.objects.none(),
        required=False,
        empty_label=_("Pas de préférence"),
    )
    reason = forms.CharField(
        label=_("Motif de consultation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Facultatif. C’est une donnée de santé : elle est chiffrée et seuls vous et votre "
            "praticien pouvez la lire. Vous pouvez aussi n’en parler qu’en consultation."
        ),
    )

    def __init__(self, *args, practitioner_methodologies=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Methodology.objects.all()
        if practitioner_methodologies is not None:
            queryset = queryset.filter(pk__in=[m.pk for m in practitioner_methodologies])
        self.fields["methodology"].queryset = queryset.order_by("sort_order", "name")
        self.fields["methodology"].label_from_instance = lambda m: m.label


class RescheduleForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l’annulation"),
        required=False,
        max_length=200,
        help_text=_("Facultatif, transmis à l’autre partie."),
    )


class ScheduleRulesForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = [
            "buffer_before_minutes",
            "buffer_after_minutes",
            "minimum_notice_hours",
            "horizon_days",
            "slot_step_minutes",
        ]


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


WeeklyRangeFormSet = inlineformset_factory(
    Schedule,
    WeeklyRange,
    fields=["weekday", "start_time", "end_time"],
    widgets={"start_time": TimeInput(format="%H:%M"), "end_time": TimeInput(format="%H:%M")},
    extra=2,
    can_delete=True,
)

DateOverrideFormSet = inlineformset_factory(
    Schedule,
    DateOverride,
    fields=["kind", "start_date", "end_date", "start_time", "end_time", "note"],
    widgets={
        "start_date": DateInput(),
        "end_date": DateInput(),
        "start_time": TimeInput(format="%H:%M"),
        "end_time": TimeInput(format="%H:%M"),
    },
    extra=1,
    can_delete=True,
)
