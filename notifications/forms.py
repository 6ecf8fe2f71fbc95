from django import forms

from .models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["reminders", "daily_summary"]

    def __init__(self, *args, practitioner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not practitioner:
            # The daily summary is a practitioner's agenda: nobody else sees the choice.
            del self.fields["daily_summary"]
