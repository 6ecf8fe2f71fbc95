"""Money kept in integer cents in the database, typed and shown in euros in every form."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


def cents_to_euros(cents: int | None) -> Decimal | None:
    if cents is None:
        return None
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


class EuroAmountFormField(forms.DecimalField):
    """A euro amount (e.g. « 65 » or « 65,50 ») cleaned to an integer number of cents."""

    def __init__(self, *, max_euros: int = 10_000, **kwargs):
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal(max_euros))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 8)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("step", "0.01")
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            # French users type a decimal comma.
            value = value.replace(",", ".").replace("€", "").strip()
        return super().to_python(value)

    def prepare_value(self, value):
        # Initial data comes from the model in cents; re-displayed bound data stays as typed.
        if isinstance(value, int):
            return cents_to_euros(value)
        return value

    def clean(self, value):
        euros = super().clean(value)
        if euros is None:
            return None
        try:
            return int((euros * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        except InvalidOperation as exc:  # pragma: no cover - guarded by max_digits
            raise forms.ValidationError(_("Saisissez un montant valide en euros.")) from exc

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != initial
        except forms.ValidationError:
            return True


class PriceCentsField(models.PositiveIntegerField):
    """An amount in euro cents; its form field asks for euros."""

    def formfield(self, **kwargs):
        defaults = {"form_class": EuroAmountFormField}
        defaults.update(kwargs)
        # ModelForm passes IntegerField's bounds; euros have their own.
        defaults.pop("min_value", None)
        defaults.pop("max_value", None)
        return models.Field.formfield(self, **defaults)
