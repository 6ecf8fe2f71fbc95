from django import template

register = template.Library()


@register.filter
def has_required_fields(form) -> bool:
    """True when a visible field of the form is mandatory (so the "*" note is worth printing)."""
    return any(field.field.required for field in form.visible_fields())
